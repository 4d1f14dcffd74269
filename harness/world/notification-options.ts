import { formatDuration } from "../../common/duration";
import type { NotificationConfigInput } from "../../engine/notifications/notification-config";
import type { JobNotifications, MailKind } from "../scenario/notification-schema";

/** The engine's name of each notification kind (engine/notifications/notification-config.ts). */
const ENGINE_KINDS: Record<MailKind, "quarantine" | "reasonChanged" | "jobDisabled" | "deletionsHeld"> = {
  quarantine: "quarantine",
  "reason-changed": "reasonChanged",
  disabled: "jobDisabled",
  "deletions-held": "deletionsHeld",
};

/**
 * The engine-wide notification options a scenario's `job.notifications` sets (sender, first mail
 * after, resend period, kinds on or off), as `EngineOptions.notifications`; undefined when it sets
 * none, so the engine keeps its defaults.
 */
export function engineNotificationsOf(notifications: JobNotifications | undefined): NotificationConfigInput | undefined {
  if (!notifications) return undefined;
  const out: NotificationConfigInput = {};
  if (notifications.sender !== undefined) out.sender = notifications.sender;
  const quarantine: NonNullable<NotificationConfigInput["quarantine"]> = {};
  if (notifications.firstAfter !== undefined) quarantine.firstAfter = notifications.firstAfter;
  if (notifications.resendEvery !== undefined) quarantine.resendEvery = notifications.resendEvery === "never" ? null : notifications.resendEvery;
  for (const [kind, enabled] of Object.entries(notifications.kinds ?? {}) as Array<[MailKind, boolean | undefined]>) {
    if (enabled === undefined) continue;
    if (kind === "quarantine") quarantine.enabled = enabled;
    else out[ENGINE_KINDS[kind]] = { enabled };
  }
  if (Object.keys(quarantine).length > 0) out.quarantine = quarantine;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The same options as flags of `scimlab engine` (engine/cli-mail-flags.ts), for an engine in a
 * child process: `--mail-from`, `--mail-first-after`, `--mail-resend-every`, `--mail-kinds-off`.
 * The command line can only switch kinds off (they are on by default), which is all a scenario
 * needs to say.
 */
export function notificationFlagsOf(options: NotificationConfigInput | undefined): string[] {
  if (!options) return [];
  const flags: string[] = [];
  if (options.sender !== undefined) flags.push("--mail-from", options.sender);
  const { quarantine } = options;
  if (quarantine?.firstAfter !== undefined) flags.push("--mail-first-after", durationFlag(quarantine.firstAfter));
  if (quarantine?.resendEvery !== undefined) flags.push("--mail-resend-every", quarantine.resendEvery === null ? "never" : durationFlag(quarantine.resendEvery));
  const off = (Object.values(ENGINE_KINDS) as Array<keyof NotificationConfigInput & string>).filter((kind) => {
    const toggle = options[kind] as { enabled?: boolean } | undefined;
    return toggle?.enabled === false;
  });
  if (off.length > 0) flags.push("--mail-kinds-off", off.join(","));
  return flags;
}

/** A duration as the flag takes it: `0`, or prose the engine parses back to the same milliseconds. */
function durationFlag(value: string | number): string {
  if (typeof value === "string") return value;
  return value === 0 ? "0" : formatDuration(value);
}
