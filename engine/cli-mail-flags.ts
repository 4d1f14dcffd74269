/**
 * The flags of `scimlab engine` for quarantine rules, notifications and mail delivery, turned into
 * engine options. Every bad value is a UsageError (exit code 2) naming its flag; the SMTP password
 * is read from the environment variable `--smtp-password-env` names and never echoed.
 */
import { ConfigError, UsageError } from "../common/config-error";
import { DurationError, parseDuration } from "../common/duration";
import type { MailOption } from "./engine";
import { validateQuarantineOptions } from "./jobs/job-policy";
import type { QuarantineOptions } from "./jobs/job-types";
import { compileNotificationConfig, type NotificationConfigInput } from "./notifications/notification-config";
import { isValidAddress } from "./notifications/notification-settings";

export type Flags = Record<string, unknown>;

export interface MailFlagOptions {
  quarantine?: QuarantineOptions;
  notifications?: NotificationConfigInput;
  mail?: MailOption;
  /** Recipients to write into SyncNotificationSettings (enables mail), or "off" to disable it. */
  notify?: string[] | "off";
  /** The accidental-deletion threshold to write into SyncNotificationSettings, or "off". */
  deleteThreshold?: number | "off";
  /** One line saying where mail goes (no password), for the start-up banner. */
  mailSummary: string;
}

function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}

function whole(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

function duration(text: string, flag: string): string {
  try {
    if (parseDuration(text) <= 0) throw new UsageError(`${flag} must be longer than 0`);
    return text;
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** Turns the quarantine, notification and mail flags into engine options; every problem names its flag. */
export function mailOptionsFromFlags(flags: Flags, env: NodeJS.ProcessEnv = process.env): MailFlagOptions {
  const out: MailFlagOptions = { mailSummary: "" };

  // ---- quarantine rules ----
  const threshold: Record<string, unknown> = {};
  const preset = str(flags, "policy");
  if (preset !== undefined) {
    if (preset !== "entra-2019" && preset !== "entra-current") throw new UsageError(`--policy must be entra-2019 or entra-current, not ${JSON.stringify(preset)}`);
    threshold.preset = preset;
  }
  const minFailures = str(flags, "minFailures");
  if (minFailures !== undefined) threshold.minFailures = whole(minFailures, "--min-failures", 0);
  const proportion = str(flags, "failureProportion");
  if (proportion !== undefined) {
    const p = Number(proportion);
    if (proportion.trim() === "" || !Number.isFinite(p) || p < 0 || p > 1) throw new UsageError(`--failure-proportion must be a number from 0 to 1 (0.6 means 60%), not ${JSON.stringify(proportion)}`);
    threshold.proportion = p;
  }
  const combinator = str(flags, "combinator");
  if (combinator !== undefined) {
    if (combinator !== "and" && combinator !== "or") throw new UsageError(`--combinator must be and or or, not ${JSON.stringify(combinator)}`);
    threshold.combinator = combinator;
  }
  const totalCap = str(flags, "totalCap");
  if (totalCap !== undefined) threshold.totalCap = totalCap === "none" ? null : whole(totalCap, "--total-cap", 1);
  if (flags.excludeReferenceFailures === true) threshold.excludeReferenceFailures = true;
  const quarantine: QuarantineOptions = {};
  if (Object.keys(threshold).length > 0) quarantine.threshold = threshold;
  const backoffCap = str(flags, "backoffCap");
  if (backoffCap !== undefined) quarantine.backoffCap = duration(backoffCap, "--backoff-cap");
  const disableAfter = str(flags, "disableAfter");
  if (disableAfter !== undefined) quarantine.disableAfter = duration(disableAfter, "--disable-after");
  if (flags.pruneEscrows === true) quarantine.pruneEscrowsOnInitial = true;
  if (Object.keys(quarantine).length > 0) {
    try {
      out.quarantine = validateQuarantineOptions(quarantine)!;
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`quarantine flags: ${error.message}`);
      throw error;
    }
  }

  // ---- what mail, when ----
  const notifications: Record<string, unknown> = {};
  const from = str(flags, "mailFrom");
  if (from !== undefined) {
    if (!isValidAddress(from)) throw new UsageError(`--mail-from must be a mail address like provisioning@example.com, not ${JSON.stringify(from)}`);
    notifications.sender = from;
  }
  const firstAfter = str(flags, "mailFirstAfter");
  const resendEvery = str(flags, "mailResendEvery");
  if (firstAfter !== undefined || resendEvery !== undefined) {
    notifications.quarantine = {
      ...(firstAfter !== undefined ? { firstAfter: firstAfter === "0" ? 0 : duration(firstAfter, "--mail-first-after") } : {}),
      ...(resendEvery !== undefined ? { resendEvery: resendEvery === "never" ? null : duration(resendEvery, "--mail-resend-every") } : {}),
    };
  }
  const kindsOff = str(flags, "mailKindsOff");
  if (kindsOff !== undefined) {
    const kinds = ["quarantine", "reasonChanged", "jobDisabled", "deletionsHeld"];
    for (const kind of kindsOff.split(",").map((k) => k.trim()).filter((k) => k !== "")) {
      if (!kinds.includes(kind)) throw new UsageError(`--mail-kinds-off takes ${kinds.join(", ")} (comma-separated), not ${JSON.stringify(kind)}`);
      notifications[kind] = { ...((notifications[kind] as object | undefined) ?? {}), enabled: false };
    }
  }
  if (Object.keys(notifications).length > 0) {
    compileNotificationConfig(notifications);
    out.notifications = notifications as NotificationConfigInput;
  }

  // ---- who gets mail, deletion threshold (written into SyncNotificationSettings) ----
  const notify = str(flags, "notify");
  if (notify !== undefined) {
    if (notify === "off") out.notify = "off";
    else {
      const list = notify.split(/[;,]/).map((a) => a.trim()).filter((a) => a !== "");
      const bad = list.filter((a) => !isValidAddress(a));
      if (list.length === 0 || bad.length > 0) {
        throw new UsageError(`--notify must be mail addresses separated by , or ; (or off), not ${JSON.stringify(bad[0] ?? notify)}`);
      }
      out.notify = list;
    }
  }
  const deleteThreshold = str(flags, "deleteThreshold");
  if (deleteThreshold !== undefined) out.deleteThreshold = deleteThreshold === "off" ? "off" : whole(deleteThreshold, "--delete-threshold", 0);

  // ---- where mail goes ----
  const mode = str(flags, "mail") ?? "catcher";
  const smtpHost = str(flags, "smtpHost");
  if (mode !== "catcher" && mode !== "off") throw new UsageError(`--mail must be catcher or off, not ${JSON.stringify(mode)} (use --smtp-host for an SMTP server)`);
  if (smtpHost !== undefined) {
    if (mode === "off") throw new UsageError("--smtp-host and --mail off contradict each other");
    if (smtpHost.trim() === "") throw new UsageError("--smtp-host must not be empty");
    const secure = flags.smtpSecure === true;
    const port = whole(str(flags, "smtpPort") ?? (secure ? "465" : "25"), "--smtp-port", 1, 65535);
    const user = str(flags, "smtpUser");
    const passwordEnv = str(flags, "smtpPasswordEnv");
    if ((user === undefined) !== (passwordEnv === undefined)) throw new UsageError("--smtp-user and --smtp-password-env go together (the password is read from that environment variable)");
    let auth: { user: string; pass: string } | null = null;
    if (user !== undefined && passwordEnv !== undefined) {
      const pass = env[passwordEnv];
      if (pass === undefined || pass === "") throw new UsageError(`--smtp-password-env: the environment variable ${passwordEnv} is not set`);
      auth = { user, pass };
    }
    out.mail = {
      smtp: {
        host: smtpHost, port, secure, requireTLS: flags.smtpStarttls === true, rejectUnauthorized: flags.smtpInsecure !== true, auth,
        // Without TLS asked for, plain SMTP (a local catcher or relay); STARTTLS is still used when offered.
      },
    };
    out.mailSummary = `SMTP ${smtpHost}:${port}${secure ? " (TLS)" : flags.smtpStarttls === true ? " (STARTTLS)" : ""}${user ? ` as ${user}` : ""}`;
  } else {
    for (const [flag, name] of [["--smtp-port", "smtpPort"], ["--smtp-user", "smtpUser"], ["--smtp-password-env", "smtpPasswordEnv"]] as const) {
      if (str(flags, name) !== undefined) throw new UsageError(`${flag} needs --smtp-host`);
    }
    if (mode === "off") {
      out.mail = "off";
      out.mailSummary = "off";
    } else {
      const port = whole(str(flags, "catcherPort") ?? "0", "--catcher-port", 0, 65535);
      out.mail = { catcher: { host: "127.0.0.1", port } };
      out.mailSummary = "embedded catcher";
    }
  }
  return out;
}
