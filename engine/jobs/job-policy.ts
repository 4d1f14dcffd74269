/**
 * The quarantine policy of one job: the engine's defaults, the job's own `quarantine` options over
 * them (field by field), the job's interval as the backoff's base, and the accidental-deletion
 * threshold from the service principal's `SyncNotificationSettings` secret.
 */
import { ConfigError } from "../../common/config-error";
import { compileQuarantinePolicy, type QuarantinePolicy } from "../quarantine/quarantine-policy";
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  deleteThresholdOf,
  parseNotificationSettings,
  type NotificationSettings,
} from "../notifications/notification-settings";
import type { JobRecord, QuarantineOptions, SecretMap } from "./job-types";

const NOT_HERE: Record<string, string> = {
  interval: "the backoff's base is the job's interval: set `interval` on the job",
  deleteThreshold: "the delete threshold is SyncNotificationSettings.DeleteThresholdEnabled/DeleteThresholdValue (a secret)",
};

/**
 * Validates quarantine options (engine-wide or per job). Throws ConfigError naming the field, e.g.
 * `quarantine.threshold.proportion`. Returns the options as given (they are stored so).
 */
export function validateQuarantineOptions(input: unknown, field = "quarantine"): QuarantineOptions | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== "object" || Array.isArray(input)) throw ConfigError.single(field, "expected an object like {threshold: \"entra-current\"}");
  for (const key of Object.keys(input)) {
    const why = NOT_HERE[key];
    if (why) throw ConfigError.single(`${field}.${key}`, "cannot be set here", why);
  }
  compileQuarantinePolicy(input, field);
  return input as QuarantineOptions;
}

/** The job's notification settings; an unreadable secret counts as none (its PUT was refused already). */
export function notificationSettingsOf(secrets: SecretMap): NotificationSettings {
  try {
    return parseNotificationSettings(secrets.SyncNotificationSettings);
  } catch (error) {
    if (error instanceof ConfigError) return { ...DEFAULT_NOTIFICATION_SETTINGS, recipients: [], invalidRecipients: [] };
    throw error;
  }
}

/** The policy the machine applies to `job`. */
export function quarantinePolicyOf(job: JobRecord, secrets: SecretMap, defaults: QuarantineOptions | undefined): QuarantinePolicy {
  const merged = { ...(defaults ?? {}), ...(job.config.quarantine ?? {}) };
  return compileQuarantinePolicy({
    ...merged,
    interval: job.intervalMs,
    deleteThreshold: deleteThresholdOf(notificationSettingsOf(secrets)),
  });
}
