import { z } from "zod";
import { ConfigError } from "../../common/config-error";
import { DAY, DurationError, parseDuration } from "../../common/duration";
import { isValidAddress } from "./notification-settings";

/** Engine-wide notification options (the secret says who gets mail; this says what and when). */
export interface NotificationConfig {
  /** The From address. The documented alias is left open upstream: a neutral default. @default "scimlab-provisioning@localhost" */
  sender: string;
  quarantine: {
    /** @default true */
    enabled: boolean;
    /** The first mail goes out this long after the series began, if still quarantined. @default 1 day */
    firstAfterMs: number;
    /** Then again every this long while quarantined; null = never again. @default 7 days */
    resendEveryMs: number | null;
  };
  /** @default { enabled: true } */
  reasonChanged: { enabled: boolean };
  /** @default { enabled: true } */
  jobDisabled: { enabled: boolean };
  /** @default { enabled: true } */
  deletionsHeld: { enabled: boolean };
  /** A send that failed is retried after this, doubling, up to 1 hour. @default 5 minutes */
  retryAfterMs: number;
}

export const DEFAULT_NOTIFICATION_CONFIG: Readonly<NotificationConfig> = {
  sender: "scimlab-provisioning@localhost",
  quarantine: { enabled: true, firstAfterMs: DAY, resendEveryMs: 7 * DAY },
  reasonChanged: { enabled: true },
  jobDisabled: { enabled: true },
  deletionsHeld: { enabled: true },
  retryAfterMs: 5 * 60_000,
};

const duration = (allowZero: boolean) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    try {
      const ms = parseDuration(value);
      if (!allowZero && ms <= 0) {
        ctx.addIssue({ code: "custom", message: "must be longer than 0" });
        return z.NEVER;
      }
      return ms;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof DurationError ? error.message : String(error) });
      return z.NEVER;
    }
  });

const toggle = z.object({ enabled: z.boolean() }).strict();

const configInput = z
  .object({
    sender: z.string().refine(isValidAddress, "must be a mail address like provisioning@example.com"),
    quarantine: z
      .object({ enabled: z.boolean(), firstAfter: duration(true), resendEvery: duration(false).nullable() })
      .partial()
      .strict(),
    reasonChanged: toggle,
    jobDisabled: toggle,
    deletionsHeld: toggle,
    retryAfter: duration(false),
  })
  .partial()
  .strict();

export type NotificationConfigInput = z.input<typeof configInput>;

/** Validates notification options; durations as prose or ISO 8601. ConfigError names the field. */
export function compileNotificationConfig(input: unknown, field = "notifications", file?: string): NotificationConfig {
  const parsed = configInput.safeParse(input ?? {});
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, file, field);
  const o = parsed.data;
  const d = DEFAULT_NOTIFICATION_CONFIG;
  return {
    sender: o.sender ?? d.sender,
    quarantine: {
      enabled: o.quarantine?.enabled ?? d.quarantine.enabled,
      firstAfterMs: o.quarantine?.firstAfter ?? d.quarantine.firstAfterMs,
      resendEveryMs: o.quarantine?.resendEvery === undefined ? d.quarantine.resendEveryMs : o.quarantine.resendEvery,
    },
    reasonChanged: o.reasonChanged ?? { ...d.reasonChanged },
    jobDisabled: o.jobDisabled ?? { ...d.jobDisabled },
    deletionsHeld: o.deletionsHeld ?? { ...d.deletionsHeld },
    retryAfterMs: o.retryAfter ?? d.retryAfterMs,
  };
}
