import type { SynchronizationQuarantine, SynchronizationScheduleState, SynchronizationStatusCode } from "../model/graph-types";
import { seriesOf } from "./operator-transitions";
import type { QuarantineReason, QuarantineState } from "./types";

/**
 * Graph's `synchronizationQuarantine`, except that `nextAttempt` is null when no attempt is
 * planned (disabled or paused): OData DateTimeOffset properties are nullable, and a stale date
 * would lie. Identical to SynchronizationQuarantine once graph-types allows `string | null`.
 */
export type GraphQuarantine = Omit<SynchronizationQuarantine, "nextAttempt"> & { nextAttempt: string | null };

/** The `status.quarantine` object of a job, or null when it is not quarantined. */
export function toGraphQuarantine(state: QuarantineState): GraphQuarantine | null {
  const series = seriesOf(state);
  if (!series) return null;
  const attemptsPlanned = state.state === "Quarantined" || state.state === "Held";
  return {
    currentBegan: iso(series.currentBegan),
    nextAttempt: attemptsPlanned ? iso(series.nextAttemptAt) : null,
    reason: series.reason,
    seriesBegan: iso(series.seriesBegan),
    seriesCount: series.seriesCount,
    error: series.error ? { ...series.error } : null,
  };
}

/**
 * `status.code`. A disabled job still shows Quarantine (the record stays visible); a paused job
 * shows Paused even when a quarantine is kept. NotRun and NotConfigured are the runtime's to say
 * (no execution yet, no secrets): pass them as `base`.
 */
export function toStatusCode(state: QuarantineState, base: "Active" | "NotRun" | "NotConfigured" = "Active"): SynchronizationStatusCode {
  switch (state.state) {
    case "Active":
      return base;
    case "Paused":
      return "Paused";
    default:
      return "Quarantine";
  }
}

/** `schedule.state`. */
export function toScheduleState(state: QuarantineState): SynchronizationScheduleState {
  if (state.state === "Disabled") return "Disabled";
  if (state.state === "Paused") return "Paused";
  return "Active";
}

/** `status.escrowsPruned`. */
export function escrowsPruned(state: QuarantineState): boolean {
  return state.state === "Paused" && state.escrowsPruned;
}

/** Reads a reason from input, accepting the docs' `QuarantineOnDemand` for `QuarantinedOnDemand`. */
export function normalizeQuarantineReason(text: string): QuarantineReason | null {
  const known: QuarantineReason[] = [
    "EncounteredQuarantineException",
    "EncounteredEscrowProportionThreshold",
    "EncounteredTotalEscrowThreshold",
    "QuarantinedOnDemand",
    "TooManyDeletes",
  ];
  if (text.toLowerCase() === "quarantineondemand") return "QuarantinedOnDemand";
  return known.find((r) => r.toLowerCase() === text.toLowerCase()) ?? null;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
