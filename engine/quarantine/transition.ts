import { defaultError, evaluateCycle, exceedsDeleteThreshold } from "./cycle-evaluation";
import { onPause, onQuarantineOnDemand, onRestart, onStart } from "./operator-transitions";
import { DEFAULT_QUARANTINE_POLICY, type QuarantinePolicy } from "./quarantine-policy";
import { beginSeries, disableDeadline, disableIfDue, keepSeries, type SeriesState } from "./series";
import type {
  CycleOutcome,
  HeldState,
  QuarantineEffect,
  QuarantineEvent,
  QuarantineState,
  TransitionResult,
} from "./types";

/**
 * The quarantine state machine: `(state, event, now, policy) -> [next, effects]`, no I/O. The
 * runtime persists `next` and performs `effects` in order (see docs/quarantine.md).
 */
export function transition(
  state: QuarantineState,
  event: QuarantineEvent,
  now: number,
  policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY,
): TransitionResult {
  switch (event.type) {
    case "cycleCompleted":
      return onCycleCompleted(state, event.outcome, now, policy);
    case "deletionsPlanned":
      return onDeletionsPlanned(state, event.count, now, policy);
    case "tick":
      return onTick(state, now, policy);
    case "quarantineOnDemand":
      return onQuarantineOnDemand(state, event.message, now, policy);
    case "restart":
      return onRestart(state, event.resetScope, now, policy);
    case "start":
      return onStart(state, now);
    case "pause":
      return onPause(state, now);
  }
}

function onCycleCompleted(state: QuarantineState, outcome: CycleOutcome, now: number, policy: QuarantinePolicy): TransitionResult {
  const verdict = evaluateCycle(outcome, policy);
  switch (state.state) {
    case "Active": {
      if (!verdict) return [state, []];
      if (outcome.initial && policy.pruneEscrowsOnInitial && verdict.reason !== "EncounteredQuarantineException") {
        // Graph: "instead of quarantining, the process clears the job's errors and continues until
        // the initial sync is complete; then the job is paused and waits for the customer".
        return [
          { state: "Paused", pausedAt: now, escrowsPruned: true, quarantine: null },
          [
            { type: "clearEscrows" },
            { type: "setEscrowsPruned", value: true },
            { type: "setScheduleState", state: "Paused" },
            { type: "cancelCycles" },
            { type: "log", event: "escrowsPruned", message: `escrows pruned during the initial cycle instead of ${verdict.reason}; job paused` },
          ],
        ];
      }
      return disableIfDue(beginSeries(verdict.reason, verdict.error, now, policy), now, policy);
    }
    case "Quarantined": {
      if (!verdict) {
        return [
          { state: "Active" },
          [
            { type: "log", event: "quarantineLifted", message: `quarantine lifted: the cycle succeeded (was ${state.reason})` },
            { type: "resumeNormalSchedule" },
          ],
        ];
      }
      return disableIfDue(keepSeries(state, verdict.reason, verdict.error, now, policy), now, policy);
    }
    case "Held":
    case "Disabled":
    case "Paused":
      // The cycle was already running when the job was held, disabled or paused: its outcome
      // changes nothing, only an operator does.
      return [state, [{ type: "log", event: "ignored", message: `cycle outcome not evaluated: job is ${describe(state)}` }]];
  }
}

/**
 * Accidental-deletion prevention, asked before a cycle exports deletions. Over the threshold the
 * deletions are held and the job is held with TooManyDeletes, whatever state the cycle ran in.
 */
function onDeletionsPlanned(state: QuarantineState, count: number, now: number, policy: QuarantinePolicy): TransitionResult {
  if (!exceedsDeleteThreshold(count, policy)) return [state, []];
  const hold: QuarantineEffect = { type: "holdDeletions", count };
  switch (state.state) {
    case "Active":
    case "Quarantined":
    case "Held": {
      const [next, effects] = holdIn(state, count, now, policy);
      return [next, [hold, ...effects]];
    }
    case "Disabled": {
      const [inner, effects] = holdIn(state.quarantine, count, now, policy);
      return [{ ...state, quarantine: inner }, [hold, ...withoutScheduling(effects)]];
    }
    case "Paused": {
      const [inner, effects] = holdIn(state.quarantine ?? { state: "Active" }, count, now, policy);
      return [{ ...state, quarantine: inner }, [hold, ...withoutScheduling(effects)]];
    }
  }
}

function holdIn(
  state: QuarantineState & { state: "Active" | "Quarantined" | "Held" },
  count: number,
  now: number,
  policy: QuarantinePolicy,
): [HeldState, QuarantineEffect[]] {
  const error = defaultError("TooManyDeletes");
  error.message = `The cycle would have deleted or disabled ${count} objects; the threshold is ${policy.deleteThreshold.value}.`;
  if (state.state === "Active") {
    const [series, effects] = beginSeries("TooManyDeletes", error, now, policy, count);
    const held = series as HeldState;
    return [
      held,
      [
        ...effects,
        { type: "log", event: "deletionsHeld", message: `${count} deletions held (threshold ${policy.deleteThreshold.value})` },
        {
          type: "notify",
          notification: { kind: "deletionsHeld", seriesBegan: now, sequence: 0, reason: "TooManyDeletes", heldDeletions: count },
        },
      ],
    ];
  }
  if (state.state === "Held") {
    // Already held (a cycle was in flight): hold these too, the reason stays.
    const total = state.heldDeletions + count;
    return [
      { ...state, heldDeletions: total },
      [{ type: "log", event: "deletionsHeld", message: `${count} more deletions held (${total} in all)` }],
    ];
  }
  const [series, effects] = keepSeries(state, "TooManyDeletes", error, now, policy, { heldDeletions: count });
  return [series as HeldState, [...effects, { type: "log", event: "deletionsHeld", message: `${count} deletions held` }]];
}

/** Time passing: disable a series past its deadline, re-evaluate a held quarantine when due. */
function onTick(state: QuarantineState, now: number, policy: QuarantinePolicy): TransitionResult {
  switch (state.state) {
    case "Quarantined":
      // An attempt that is already due runs first; its outcome re-evaluates (and disables if due).
      if (now >= state.nextAttemptAt) return [state, []];
      return disableIfDue([state, []], now, policy);
    case "Held": {
      if (now >= disableDeadline(state, policy)) return disableIfDue([state, []], now, policy);
      if (now < state.nextAttemptAt) return [state, []];
      return keepSeries(state, state.reason, state.error ?? defaultError(state.reason), now, policy);
    }
    default:
      return [state, []];
  }
}

/** When the runtime must deliver the next `tick`, or null when time alone changes nothing. */
export function nextTickAt(state: QuarantineState, policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY): number | null {
  switch (state.state) {
    case "Quarantined": {
      const deadline = disableDeadline(state, policy);
      // Past the deadline with an attempt pending, the attempt's outcome decides.
      return deadline < state.nextAttemptAt ? deadline : null;
    }
    case "Held":
      return Math.min(state.nextAttemptAt, disableDeadline(state, policy));
    default:
      return null;
  }
}

/**
 * When the next scheduled cycle may start: `normalAt` (the job's interval schedule) when active,
 * the attempt time when quarantined, never when held, disabled or paused.
 */
export function nextCycleAt(state: QuarantineState, normalAt: number): number | null {
  switch (state.state) {
    case "Active":
      return normalAt;
    case "Quarantined":
      return state.nextAttemptAt;
    default:
      return null;
  }
}

function withoutScheduling(effects: QuarantineEffect[]): QuarantineEffect[] {
  return effects.filter((e) => e.type !== "scheduleCycle" && e.type !== "cancelCycles");
}

function describe(state: QuarantineState): string {
  if (state.state === "Held") return `held (${state.reason})`;
  return state.state.toLowerCase();
}

export type { SeriesState };
