import { z } from "zod";
import { ConfigError } from "../../common/config-error";

/**
 * The job's `SyncNotificationSettings` secret (a JSON string in Graph):
 * `{"Enabled":true,"Recipients":"ops@contoso.com;it@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}`.
 */
export interface NotificationSettings {
  enabled: boolean;
  /** Valid addresses, in the order given. */
  recipients: string[];
  /** Entries of `Recipients` that are not mail addresses (shown in status, never mailed). */
  invalidRecipients: string[];
  /** Accidental-deletion prevention on. @default true */
  deleteThresholdEnabled: boolean;
  /** Deletes plus disables a cycle may make. @default 500 */
  deleteThresholdValue: number;
}

/** No secret set: no mail (no recipient), deletion prevention at its default. */
export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = {
  enabled: false,
  recipients: [],
  invalidRecipients: [],
  deleteThresholdEnabled: true,
  deleteThresholdValue: 500,
};

// Deliberately simple: one @, no spaces, a dot in the domain or `localhost`. Enough to tell an
// address from a typo; the SMTP server has the last word.
const ADDRESS = /^[^\s@<>(),;:"]+@(?:localhost|[^\s@<>(),;:"]+\.[^\s@<>(),;:".]+)$/i;

export function isValidAddress(text: string): boolean {
  return ADDRESS.test(text);
}

const recipientsField = z.union([z.string(), z.array(z.string())], {
  error: "expected addresses separated by ; or , (or a list)",
});

const secretShape = z
  .object({
    Enabled: z.boolean({ error: "expected true or false" }).optional(),
    Recipients: recipientsField.optional(),
    DeleteThresholdEnabled: z.boolean({ error: "expected true or false" }).optional(),
    DeleteThresholdValue: z.number().int("must be a whole number").min(0, "must be 0 or more").optional(),
  })
  // Graph carries more keys (HealthCheckEnabled, …): accepted and ignored.
  .loose();

/**
 * Parses the secret's value (JSON text or an object). Throws ConfigError naming
 * `SyncNotificationSettings.<field>` when a present field has the wrong type.
 */
export function parseNotificationSettings(value: unknown, field = "SyncNotificationSettings"): NotificationSettings {
  if (value === undefined || value === null || value === "") return { ...DEFAULT_NOTIFICATION_SETTINGS, recipients: [], invalidRecipients: [] };
  let raw = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      throw ConfigError.single(field, "is not valid JSON", 'write it like {"Enabled":true,"Recipients":"ops@example.com"}');
    }
  }
  const parsed = secretShape.safeParse(raw);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, undefined, field);
  const s = parsed.data;
  const entries = (typeof s.Recipients === "string" ? s.Recipients.split(/[;,]/) : (s.Recipients ?? []))
    .map((r) => r.trim())
    .filter((r) => r !== "");
  return {
    enabled: s.Enabled ?? DEFAULT_NOTIFICATION_SETTINGS.enabled,
    recipients: entries.filter(isValidAddress),
    invalidRecipients: entries.filter((r) => !isValidAddress(r)),
    deleteThresholdEnabled: s.DeleteThresholdEnabled ?? DEFAULT_NOTIFICATION_SETTINGS.deleteThresholdEnabled,
    deleteThresholdValue: s.DeleteThresholdValue ?? DEFAULT_NOTIFICATION_SETTINGS.deleteThresholdValue,
  };
}

/** Why no mail can go out for this job, for status and logs; null when mail can go out. */
export function mailBlocker(settings: NotificationSettings): string | null {
  if (!settings.enabled) return "notifications are disabled (SyncNotificationSettings.Enabled is false)";
  if (settings.recipients.length === 0) {
    return settings.invalidRecipients.length > 0
      ? `no valid recipient in SyncNotificationSettings.Recipients (${settings.invalidRecipients.length} invalid entr${settings.invalidRecipients.length === 1 ? "y" : "ies"})`
      : "no recipient in SyncNotificationSettings.Recipients";
  }
  return null;
}

/** The accidental-deletion part, in the shape of QuarantinePolicy.deleteThreshold. */
export function deleteThresholdOf(settings: NotificationSettings): { enabled: boolean; value: number } {
  return { enabled: settings.deleteThresholdEnabled, value: settings.deleteThresholdValue };
}
