import { z } from "zod";
import { DurationSchema } from "./duration-schema";
import { strictObject } from "./strict-object";

/** Notification kinds as scenarios name them (the `kind` of mail expectations). */
export const MAIL_KINDS = ["quarantine", "reason-changed", "disabled", "deletions-held"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * `job.notifications`: who gets mail (the job's SyncNotificationSettings: recipients, enabled) and
 * the engine-wide rules of what goes out when (the engine's notification options: sender, first
 * quarantine mail after, resend period, each kind on or off). The world passes the latter to the
 * engine it starts (`new Engine({notifications})`, or the child's `--mail-…` flags).
 */
export const JobNotificationsSchema = strictObject(
  {
    recipients: z.array(z.string().min(3)).default([]),
    enabled: z.boolean().default(true),
    sender: z.string().min(3).optional().meta({ description: "The From address of every notification. @default scimlab-provisioning@localhost" }),
    firstAfter: DurationSchema.optional().meta({
      description: "The first quarantine mail goes out this long after the quarantine began (0: at once). @default 1d",
    }),
    resendEvery: z
      .union([z.literal("never"), DurationSchema], { error: 'expected a duration like "7d", or never' })
      .refine((ms) => ms === "never" || ms > 0, { error: "resendEvery must be longer than 0 (or never)" })
      .optional()
      .meta({ description: "Then the quarantine mail again this often while quarantined, or never. @default 7d" }),
    kinds: strictObject(
      Object.fromEntries(MAIL_KINDS.map((kind) => [kind, z.boolean().optional()])) as Record<MailKind, z.ZodOptional<z.ZodBoolean>>,
      "notification kinds",
    )
      .optional()
      .meta({ description: "Switch kinds of mail on (true) or off (false): quarantine, reason-changed, disabled, deletions-held. @default all on" }),
  },
  "notifications",
);

export type JobNotifications = z.output<typeof JobNotificationsSchema>;
