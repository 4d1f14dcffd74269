import { defaultError } from "./cycle-evaluation";
import type { QuarantinePolicy } from "./quarantine-policy";
import { formatResetScope, parseResetScope } from "./reset-scope";
import { beginSeries, discardHeld, keepSeries, type SeriesState } from "./series";
import type { QuarantineEffect, QuarantineState, TransitionResult } from "./types";

/** The series in force, wherever the state keeps it. */
export function seriesOf(state: QuarantineState): SeriesState | null {
  switch (state.state) {
    case "Quarantined":
    case "Held":
      return state;
    case "Disabled":
      return state.quarantine;
    case "Paused":
      return state.quarantine;
    case "Active":
      return null;
  }
}

function wasPruned(state: QuarantineState): boolean {
  return state.state === "Paused" && state.escrowsPruned;
}

/**
 * `restart {criteria: {resetScope}}`. Always resumes the job and runs a cycle now, unless a
 * quarantine that only an operator can clear is kept. The data resets are effects; the quarantine
 * is lifted by QuarantineState, or (for TooManyDeletes) by ForceDeletes, which also pushes the held
 * deletions. Lifting without ForceDeletes discards them.
 */
export function onRestart(
  state: QuarantineState,
  resetScope: string | readonly string[] | null | undefined,
  now: number,
  _policy: QuarantinePolicy,
): TransitionResult {
  const scope = parseResetScope(resetScope);
  const series = seriesOf(state);
  const effects: QuarantineEffect[] = [
    { type: "log", event: "restarted", message: `restarted with resetScope ${formatResetScope(scope)}` },
  ];
  if (scope.has("Watermark")) effects.push({ type: "clearWatermark" });
  if (scope.has("Escrows")) effects.push({ type: "clearEscrows" });
  if (scope.has("ConnectorDataStore")) effects.push({ type: "clearConnectorDataStore" });
  const held = series?.state === "Held" ? series.heldDeletions : 0;
  const forced = scope.has("ForceDeletes") && held > 0;
  if (forced) effects.push({ type: "pushHeldDeletions", count: held });
  if (wasPruned(state)) effects.push({ type: "setEscrowsPruned", value: false });
  effects.push({ type: "setScheduleState", state: "Active" });

  const lifts = scope.has("QuarantineState") || (forced && series?.reason === "TooManyDeletes");
  if (!series || lifts) {
    if (series) {
      if (!forced) effects.push(...discardHeld(series));
      effects.push({ type: "log", event: "quarantineLifted", message: `quarantine lifted by restart (was ${series.reason})` });
    }
    effects.push({ type: "scheduleCycle", at: now, attempt: null });
    return [{ state: "Active" }, effects];
  }
  if (series.state === "Quarantined") {
    // The series goes on; the restart's cycle is its next attempt, run now.
    const next = { ...series, nextAttemptAt: now };
    effects.push({ type: "scheduleCycle", at: now, attempt: series.seriesCount });
    return [next, effects];
  }
  const next = forced ? { ...series, heldDeletions: 0 } : series;
  effects.push({ type: "cancelCycles" });
  effects.push({ type: "log", event: "ignored", message: `still held for ${series.reason}: restart with QuarantineState to lift it` });
  return [next, effects];
}

/** `start`: resumes a paused or disabled job and clears any quarantine; a cycle runs now. */
export function onStart(state: QuarantineState, now: number): TransitionResult {
  const series = seriesOf(state);
  const effects: QuarantineEffect[] = [{ type: "log", event: "started", message: `started (was ${state.state})` }];
  if (series) {
    effects.push(...discardHeld(series));
    effects.push({ type: "log", event: "quarantineLifted", message: `quarantine lifted by start (was ${series.reason})` });
  }
  if (wasPruned(state)) effects.push({ type: "setEscrowsPruned", value: false });
  effects.push({ type: "setScheduleState", state: "Active" }, { type: "scheduleCycle", at: now, attempt: null });
  return [{ state: "Active" }, effects];
}

/** `pause`: keeps all state, including a quarantine in force; no cycles until start or restart. */
export function onPause(state: QuarantineState, now: number): TransitionResult {
  if (state.state === "Paused") return [state, [{ type: "log", event: "ignored", message: "already paused" }]];
  return [
    { state: "Paused", pausedAt: now, escrowsPruned: false, quarantine: seriesOf(state) },
    [
      { type: "setScheduleState", state: "Paused" },
      { type: "cancelCycles" },
      { type: "log", event: "paused", message: `paused (was ${state.state})` },
    ],
  ];
}

/** Operator API: quarantine now with QuarantinedOnDemand (held until start or restart). */
export function onQuarantineOnDemand(
  state: QuarantineState,
  message: string | undefined,
  now: number,
  policy: QuarantinePolicy,
): TransitionResult {
  const error = defaultError("QuarantinedOnDemand");
  if (message) error.message = message;
  switch (state.state) {
    case "Active":
      return beginSeries("QuarantinedOnDemand", error, now, policy);
    case "Quarantined":
    case "Held":
      if (state.reason === "QuarantinedOnDemand") {
        return [state, [{ type: "log", event: "ignored", message: "already quarantined on demand" }]];
      }
      // Imposed now, not a re-evaluation: the counters and the next check stay as they were.
      return keepSeries(state, "QuarantinedOnDemand", error, now, policy, { countsAsAttempt: false });
    case "Disabled":
    case "Paused":
      return [state, [{ type: "log", event: "ignored", message: `quarantine on demand ignored: job is ${state.state.toLowerCase()}` }]];
  }
}
