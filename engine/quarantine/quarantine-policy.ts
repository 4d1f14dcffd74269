import { z } from "zod";
import { ConfigError } from "../../common/config-error";
import { DAY, DurationError, MINUTE, parseDuration } from "../../common/duration";
import { QuarantineBackoff } from "./backoff";
import { compileThresholdPolicy, type ThresholdPolicy } from "./threshold-policy";

/** Every rule the machine applies, with the documented defaults. Durations in milliseconds. */
export interface QuarantinePolicy {
  /** The job's schedule interval: the base of the backoff. @default 40 minutes */
  intervalMs: number;
  /** Longest wait between attempts. @default 24 hours */
  backoffCapMs: number;
  /** A series this old disables the job. @default 28 days */
  disableAfterMs: number;
  /** Escrow thresholds. @default the entra-2019 preset */
  threshold: ThresholdPolicy;
  /**
   * "Most calls" failing with 401/403: quarantine when strictly more than this share of a cycle's
   * calls did. @default 0.5
   */
  credentialFailureShare: number;
  /** During an initial cycle, prune escrows and pause instead of quarantining. @default false */
  pruneEscrowsOnInitial: boolean;
  /**
   * Accidental-deletion prevention: a cycle with strictly more deletes plus disables than `value`
   * holds them (from SyncNotificationSettings' DeleteThresholdEnabled / DeleteThresholdValue).
   * @default { enabled: true, value: 500 }
   */
  deleteThreshold: { enabled: boolean; value: number };
}

export const DEFAULT_QUARANTINE_POLICY: Readonly<QuarantinePolicy> = {
  intervalMs: 40 * MINUTE,
  backoffCapMs: DAY,
  disableAfterMs: 28 * DAY,
  threshold: compileThresholdPolicy(undefined),
  credentialFailureShare: 0.5,
  pruneEscrowsOnInitial: false,
  deleteThreshold: { enabled: true, value: 500 },
};

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    const ms = parseDuration(value);
    if (ms <= 0) {
      ctx.addIssue({ code: "custom", message: "must be longer than 0" });
      return z.NEVER;
    }
    return ms;
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof DurationError ? error.message : String(error) });
    return z.NEVER;
  }
});

const policyInput = z
  .object({
    interval: duration,
    backoffCap: duration,
    disableAfter: duration,
    threshold: z.unknown(),
    credentialFailureShare: z.number().gt(0, "must be above 0").max(1, "must be at most 1"),
    pruneEscrowsOnInitial: z.boolean(),
    deleteThreshold: z
      .object({ enabled: z.boolean(), value: z.number().int("must be a whole number").min(0, "must be 0 or more") })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type QuarantinePolicyInput = z.input<typeof policyInput>;

/**
 * Validates quarantine options (durations as prose or ISO 8601: `"40m"`, `"PT40M"`, `"4w"`) into a
 * policy. Throws ConfigError whose fields are prefixed with `field`, e.g. `quarantine.backoffCap`.
 */
export function compileQuarantinePolicy(input: unknown, field = "quarantine", file?: string): QuarantinePolicy {
  const parsed = policyInput.safeParse(input ?? {});
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, file, field);
  const o = parsed.data;
  return {
    intervalMs: o.interval ?? DEFAULT_QUARANTINE_POLICY.intervalMs,
    backoffCapMs: o.backoffCap ?? DEFAULT_QUARANTINE_POLICY.backoffCapMs,
    disableAfterMs: o.disableAfter ?? DEFAULT_QUARANTINE_POLICY.disableAfterMs,
    threshold: compileThresholdPolicy(o.threshold, `${field}.threshold`, file),
    credentialFailureShare: o.credentialFailureShare ?? DEFAULT_QUARANTINE_POLICY.credentialFailureShare,
    pruneEscrowsOnInitial: o.pruneEscrowsOnInitial ?? DEFAULT_QUARANTINE_POLICY.pruneEscrowsOnInitial,
    deleteThreshold: { ...DEFAULT_QUARANTINE_POLICY.deleteThreshold, ...stripUndefined(o.deleteThreshold ?? {}) },
  };
}

/** The backoff value of a policy (attempt 0). */
export function backoffOf(policy: QuarantinePolicy): QuarantineBackoff {
  return new QuarantineBackoff(policy.intervalMs, policy.backoffCapMs);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
