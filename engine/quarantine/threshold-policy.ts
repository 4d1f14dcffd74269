import { z } from "zod";
import { ConfigError } from "../../common/config-error";
import type { RetryingReason } from "./types";

/**
 * When escrows quarantine a job. The public texts disagree (the 2019 article: "more than 5,000
 * objects failed and/or more than 60%"; the later one: a 5,000 gate, then 40% or 40,000, reference
 * failures excluded, 60,000 always), so both are presets of one policy.
 *
 * Evaluation, with `f` = failures (minus reference failures when `excludeReferenceFailures`),
 * `p` = f / (f + successes):
 * 1. failures of all kinds >= `totalCap` -> EncounteredTotalEscrowThreshold;
 * 2. f < `gate` -> no quarantine;
 * 3. proportion rule `p > proportion`, count rule `f > minFailures`, combined with `combinator`;
 *    the reason is EncounteredEscrowProportionThreshold when the proportion rule holds, otherwise
 *    EncounteredTotalEscrowThreshold.
 */
export interface ThresholdPolicy {
  /** Failures needed before rule 3 applies at all (inclusive). @default 0 */
  gate: number;
  /** Count rule: strictly more failures than this. @default 5000 */
  minFailures: number;
  /** Proportion rule: strictly more than this share of the window failed (0..1). @default 0.6 */
  proportion: number;
  /** How the count and proportion rules combine. @default "and" */
  combinator: "and" | "or";
  /** Failures of all kinds at which the job is always quarantined; null = no cap. @default null */
  totalCap: number | null;
  /** Leave reference failures (manager, membership) out of the gate and rule 3. @default false */
  excludeReferenceFailures: boolean;
}

export type ThresholdPresetName = "entra-2019" | "entra-current";

export const THRESHOLD_PRESETS: Readonly<Record<ThresholdPresetName, Readonly<ThresholdPolicy>>> = {
  "entra-2019": {
    gate: 0,
    minFailures: 5000,
    proportion: 0.6,
    combinator: "and",
    totalCap: null,
    excludeReferenceFailures: false,
  },
  "entra-current": {
    gate: 5000,
    minFailures: 40_000,
    proportion: 0.4,
    combinator: "or",
    totalCap: 60_000,
    excludeReferenceFailures: true,
  },
};

export const DEFAULT_THRESHOLD_PRESET: ThresholdPresetName = "entra-2019";

export interface EscrowCounts {
  successes: number;
  /** All failures, reference failures included. */
  failures: number;
  referenceFailures: number;
}

/** The threshold reason `counts` trigger under `policy`, or null. Pure. */
export function evaluateEscrowThreshold(counts: EscrowCounts, policy: ThresholdPolicy): RetryingReason | null {
  const all = Math.max(0, counts.failures);
  if (policy.totalCap !== null && all >= policy.totalCap) return "EncounteredTotalEscrowThreshold";
  const references = Math.min(all, Math.max(0, counts.referenceFailures));
  const failures = policy.excludeReferenceFailures ? all - references : all;
  if (failures === 0 || failures < policy.gate) return null;
  const window = failures + Math.max(0, counts.successes);
  const proportionHolds = failures / window > policy.proportion;
  const countHolds = failures > policy.minFailures;
  const quarantine = policy.combinator === "and" ? proportionHolds && countHolds : proportionHolds || countHolds;
  if (!quarantine) return null;
  return proportionHolds ? "EncounteredEscrowProportionThreshold" : "EncounteredTotalEscrowThreshold";
}

const count = z.number().int("must be a whole number").min(0, "must be 0 or more");

const thresholdFields = z
  .object({
    preset: z.enum(["entra-2019", "entra-current"], {
      error: "expected one of entra-2019, entra-current",
    }),
    gate: count,
    minFailures: count,
    proportion: z.number().min(0, "must be between 0 and 1 (0.6 means 60%)").max(1, "must be between 0 and 1 (0.6 means 60%)"),
    combinator: z.enum(["and", "or"], { error: "expected and or or" }),
    totalCap: count.nullable(),
    excludeReferenceFailures: z.boolean(),
  })
  .partial()
  .strict();

export type ThresholdPolicyInput = ThresholdPresetName | z.input<typeof thresholdFields>;

/**
 * Validates a threshold policy: a preset name, or `{preset?, …overrides}` on top of the preset
 * (default entra-2019). Throws ConfigError naming the field, e.g. `quarantine.threshold.proportion`.
 */
export function compileThresholdPolicy(input: unknown, field = "threshold", file?: string): ThresholdPolicy {
  if (input === undefined || input === null) return { ...THRESHOLD_PRESETS[DEFAULT_THRESHOLD_PRESET] };
  const wrapped = typeof input === "string" ? { preset: input } : input;
  const parsed = thresholdFields.safeParse(wrapped);
  if (!parsed.success) {
    if (typeof input === "string") {
      throw ConfigError.single(field, `unknown preset ${JSON.stringify(input)}`, "use entra-2019 or entra-current", file);
    }
    throw ConfigError.fromZod(parsed.error, file, field);
  }
  const { preset, ...overrides } = parsed.data;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...THRESHOLD_PRESETS[preset ?? DEFAULT_THRESHOLD_PRESET], ...defined };
}
