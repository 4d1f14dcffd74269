import { backoffOf, type QuarantinePolicy } from "./quarantine-policy";
import {
  HOLDING_REASONS,
  type DisabledState,
  type HeldState,
  type HoldingReason,
  type QuarantineEffect,
  type QuarantineError,
  type QuarantineReason,
  type QuarantinedState,
  type RetryingReason,
} from "./types";

/** A state that carries a running series. */
export type SeriesState = QuarantinedState | HeldState;

export function isHoldingReason(reason: QuarantineReason): reason is HoldingReason {
  return (HOLDING_REASONS as readonly string[]).includes(reason);
}

/** When attempt `n` of a series is due, counted from `from`. */
export function attemptAt(from: number, n: number, policy: QuarantinePolicy): number {
  return from + backoffOf(policy).at(n).delayMs;
}

/** The moment a series is old enough to disable the job. */
export function disableDeadline(series: SeriesState, policy: QuarantinePolicy): number {
  return series.seriesBegan + policy.disableAfterMs;
}

/** A new series, imposed now: attempt 0 waits one interval. */
export function beginSeries(
  reason: QuarantineReason,
  error: QuarantineError,
  now: number,
  policy: QuarantinePolicy,
  heldDeletions = 0,
): [SeriesState, QuarantineEffect[]] {
  const fields = {
    seriesBegan: now,
    currentBegan: now,
    seriesCount: 0,
    reasonChanges: 0,
    nextAttemptAt: attemptAt(now, 0, policy),
    error,
  };
  const log: QuarantineEffect = { type: "log", event: "quarantineEntered", message: `quarantined: ${reason} (${error.code})` };
  if (isHoldingReason(reason)) {
    return [{ state: "Held", reason, heldDeletions, ...fields }, [log, { type: "cancelCycles" }]];
  }
  return [
    { state: "Quarantined", reason, ...fields },
    [log, { type: "scheduleCycle", at: fields.nextAttemptAt, attempt: 0 }],
  ];
}

/**
 * A re-evaluation that keeps the quarantine, possibly for another reason: `seriesCount` grows,
 * `currentBegan` is now, and the next attempt waits the backoff of the new count. A reason change
 * owes a notification (deletions held has its own kind).
 */
export function keepSeries(
  series: SeriesState,
  reason: QuarantineReason,
  error: QuarantineError,
  now: number,
  policy: QuarantinePolicy,
  options: { countsAsAttempt?: boolean; heldDeletions?: number } = {},
): [SeriesState, QuarantineEffect[]] {
  const countsAsAttempt = options.countsAsAttempt ?? true;
  const changed = reason !== series.reason;
  const seriesCount = countsAsAttempt ? series.seriesCount + 1 : series.seriesCount;
  const fields = {
    seriesBegan: series.seriesBegan,
    currentBegan: now,
    seriesCount,
    reasonChanges: changed ? series.reasonChanges + 1 : series.reasonChanges,
    // Not an attempt: the next check stays, but never in the past (nextAttempt is always right).
    nextAttemptAt: countsAsAttempt ? attemptAt(now, seriesCount, policy) : Math.max(series.nextAttemptAt, now),
    error,
  };
  const effects: QuarantineEffect[] = [];
  if (changed) {
    effects.push({ type: "log", event: "reasonChanged", message: `quarantine reason changed: ${series.reason} -> ${reason}` });
  } else {
    effects.push({ type: "log", event: "quarantineKept", message: `quarantine kept: ${reason} (re-evaluation ${seriesCount})` });
  }
  const previousHeld = series.state === "Held" ? series.heldDeletions : 0;
  let next: SeriesState;
  if (isHoldingReason(reason)) {
    next = { state: "Held", reason, heldDeletions: options.heldDeletions ?? previousHeld, ...fields };
    effects.push({ type: "cancelCycles" });
  } else {
    next = { state: "Quarantined", reason: reason as RetryingReason, ...fields };
    effects.push({ type: "scheduleCycle", at: next.nextAttemptAt, attempt: next.seriesCount });
  }
  if (changed) {
    effects.push({
      type: "notify",
      notification: {
        kind: reason === "TooManyDeletes" ? "deletionsHeld" : "reasonChanged",
        seriesBegan: series.seriesBegan,
        sequence: next.reasonChanges,
        reason,
        previousReason: series.reason,
        ...(reason === "TooManyDeletes" && next.state === "Held" ? { heldDeletions: next.heldDeletions } : {}),
      },
    });
  }
  return [next, effects];
}

/** Disables the job when the series has reached `disableAfter`; otherwise leaves it as it is. */
export function disableIfDue(
  [series, effects]: [SeriesState, QuarantineEffect[]],
  now: number,
  policy: QuarantinePolicy,
): [SeriesState | DisabledState, QuarantineEffect[]] {
  if (now < disableDeadline(series, policy)) return [series, effects];
  const kept = effects.filter((e) => e.type !== "scheduleCycle");
  return [
    { state: "Disabled", disabledAt: now, quarantine: series },
    [
      ...kept,
      { type: "setScheduleState", state: "Disabled" },
      { type: "cancelCycles" },
      { type: "log", event: "jobDisabled", message: `job disabled: quarantined since ${new Date(series.seriesBegan).toISOString()}` },
      {
        type: "notify",
        notification: { kind: "jobDisabled", seriesBegan: series.seriesBegan, sequence: 0, reason: series.reason },
      },
    ],
  ];
}

/** Effects of lifting a series without ForceDeletes: held deletions are discarded. */
export function discardHeld(series: SeriesState | null): QuarantineEffect[] {
  if (series?.state === "Held" && series.heldDeletions > 0) {
    return [{ type: "discardHeldDeletions", count: series.heldDeletions }];
  }
  return [];
}
