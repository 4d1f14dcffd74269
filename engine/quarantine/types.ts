/**
 * The quarantine state machine's data: states, events and effects. Everything here is plain data,
 * so the machine is pure (`transition` in ./transition.ts) and every state persists as JSON
 * (./persisted-state.ts). Times are epoch milliseconds on the engine's Clock.
 */

/** The quarantine reasons this engine imposes (a subset of Graph's `quarantineReason`). */
export type QuarantineReason = RetryingReason | HoldingReason;

/** Reasons whose cause a later cycle can find gone: attempts continue on the backoff. */
export type RetryingReason =
  | "EncounteredQuarantineException"
  | "EncounteredEscrowProportionThreshold"
  | "EncounteredTotalEscrowThreshold";

/** Reasons only an operator can clear (start, restart): no cycles run while they hold. */
export type HoldingReason = "QuarantinedOnDemand" | "TooManyDeletes";

export const RETRYING_REASONS: readonly RetryingReason[] = [
  "EncounteredQuarantineException",
  "EncounteredEscrowProportionThreshold",
  "EncounteredTotalEscrowThreshold",
];

export const HOLDING_REASONS: readonly HoldingReason[] = ["QuarantinedOnDemand", "TooManyDeletes"];

/** Graph's `synchronizationError`: why the quarantine was imposed. */
export interface QuarantineError {
  code: string;
  message: string;
  tenantActionable: boolean;
}

/** What every quarantine series carries (Graph's `synchronizationQuarantine`, plus bookkeeping). */
export interface SeriesFields {
  /** When quarantine was first imposed in this series. Also the series' identity. */
  seriesBegan: number;
  /** When quarantine was last evaluated and kept (or first imposed). */
  currentBegan: number;
  /** Re-evaluations that kept the quarantine; also the `n` of the next attempt's backoff. */
  seriesCount: number;
  /** Reason changes in this series: the sequence number of the reason-changed notification. */
  reasonChanges: number;
  /** When the quarantine is next re-evaluated (an attempt cycle, or a check for a held job). */
  nextAttemptAt: number;
  error: QuarantineError | null;
}

/** Not quarantined: cycles run on the job's normal interval. */
export interface ActiveState {
  state: "Active";
}

/** Quarantined for a cause a cycle can find gone: the next cycle is an attempt at `nextAttemptAt`. */
export interface QuarantinedState extends SeriesFields {
  state: "Quarantined";
  reason: RetryingReason;
}

/**
 * Quarantined until an operator acts: no cycles run. The quarantine is still re-evaluated at
 * `nextAttemptAt` (a pure check on `tick`), so the series counters and `nextAttempt` stay truthful.
 */
export interface HeldState extends SeriesFields {
  state: "Held";
  reason: HoldingReason;
  /** Deletes plus disables held back by the accidental-deletion guard (0 unless TooManyDeletes). */
  heldDeletions: number;
}

/** A series older than `disableAfter`: `schedule.state = "Disabled"`, no cycles, record visible. */
export interface DisabledState {
  state: "Disabled";
  disabledAt: number;
  quarantine: QuarantinedState | HeldState;
}

/** Paused by an operator or after pruning escrows: no cycles; a quarantine in force is kept. */
export interface PausedState {
  state: "Paused";
  pausedAt: number;
  /** Escrows were pruned during an initial cycle instead of quarantining (Graph `escrowsPruned`). */
  escrowsPruned: boolean;
  quarantine: QuarantinedState | HeldState | null;
}

export type QuarantineState = ActiveState | QuarantinedState | HeldState | DisabledState | PausedState;

export type QuarantineStateName = QuarantineState["state"];

/** The state of a job that was never quarantined. */
export const INITIAL_QUARANTINE_STATE: ActiveState = { state: "Active" };

// ---- events ----

/** How the cycle could talk to the target at all. */
export type ConnectionOutcome = "ok" | "credentialsRejected" | "unreachable";

/** What a finished cycle reports; counts are for the evaluation window (this cycle). */
export interface CycleOutcome {
  /** An initial cycle (no watermark): escrow pruning may apply. */
  initial: boolean;
  /** `credentialsRejected`: the connection test got 401/403; `unreachable`: no answer at all. */
  connection: ConnectionOutcome;
  /** Objects exported or confirmed without error. */
  successes: number;
  /** Objects that failed and are escrowed, of all kinds (reference failures included). */
  failures: number;
  /** The part of `failures` that are reference updates (manager, group membership). */
  referenceFailures: number;
  /** Requests sent to the target during the cycle. */
  calls: number;
  /** Of those, answered 401 or 403. */
  credentialFailures: number;
  /** The representative error, shown as `quarantine.error` (secrets already scrubbed). */
  error?: { code: string; message: string } | undefined;
}

export type QuarantineEvent =
  | { type: "cycleCompleted"; outcome: CycleOutcome }
  /** Sent before a cycle exports deletions: deletes plus disables, users and groups. */
  | { type: "deletionsPlanned"; count: number }
  /** Operator API; both spellings accepted, `QuarantinedOnDemand` is what comes out. */
  | { type: "quarantineOnDemand"; reason?: "QuarantineOnDemand" | "QuarantinedOnDemand"; message?: string }
  /** `resetScope`: comma-separated flags or a list; empty means QuarantineState, Watermark, Escrows. */
  | { type: "restart"; resetScope?: string | readonly string[] | null }
  | { type: "start" }
  | { type: "pause" }
  /** Time passed: deliver at `nextTickAt(state, policy)` (disable after 28 days, held re-evaluation). */
  | { type: "tick" };

// ---- effects ----

export type NotificationKind = "quarantine" | "reasonChanged" | "jobDisabled" | "deletionsHeld";

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ["quarantine", "reasonChanged", "jobDisabled", "deletionsHeld"];

export type QuarantineLogEvent =
  | "quarantineEntered"
  | "quarantineKept"
  | "reasonChanged"
  | "quarantineLifted"
  | "jobDisabled"
  | "deletionsHeld"
  | "escrowsPruned"
  | "restarted"
  | "started"
  | "paused"
  | "ignored";

/** Data the runtime performs, in order. The machine never does I/O. */
export type QuarantineEffect =
  /** Run the next cycle at `at`, replacing whatever was planned. `attempt` is the series' n, or null. */
  | { type: "scheduleCycle"; at: number; attempt: number | null }
  /** Back to the job's normal interval schedule (quarantine lifted). */
  | { type: "resumeNormalSchedule" }
  /** No cycles until a later effect schedules one (held, disabled, paused). */
  | { type: "cancelCycles" }
  /** Graph `schedule.state`. */
  | { type: "setScheduleState"; state: "Active" | "Paused" | "Disabled" }
  | { type: "clearWatermark" }
  | { type: "clearEscrows" }
  | { type: "clearConnectorDataStore" }
  /** Do not export this cycle's deletions: keep them staged (logged as `stagedDelete`). */
  | { type: "holdDeletions"; count: number }
  /** Export the held deletions now (restart with ForceDeletes). */
  | { type: "pushHeldDeletions"; count: number }
  /** Forget the held deletions (the cause was fixed and the job restarted). */
  | { type: "discardHeldDeletions"; count: number }
  /** Graph `status.escrowsPruned`. */
  | { type: "setEscrowsPruned"; value: boolean }
  /** Record an owed notification (ledger.owe); the dispatcher sends it. */
  | { type: "notify"; notification: OwedNotification }
  /** One line for the engine log and the job's history. */
  | { type: "log"; event: QuarantineLogEvent; message: string };

/** An event-driven notification the machine owes; quarantine reminders come from the planner. */
export interface OwedNotification {
  kind: Exclude<NotificationKind, "quarantine">;
  /** The series it belongs to (its `seriesBegan`). */
  seriesBegan: number;
  /** 0 for the first of its kind in the series, then 1, 2, … */
  sequence: number;
  reason: QuarantineReason;
  previousReason?: QuarantineReason | undefined;
  heldDeletions?: number | undefined;
}

export type TransitionResult = [QuarantineState, QuarantineEffect[]];
