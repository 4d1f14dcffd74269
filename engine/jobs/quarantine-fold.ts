/**
 * Folds one step of the quarantine machine into the job's record: the new state, the schedule
 * (`schedule.state`, `nextRunAt`), the watermark, `escrowsPruned` and the ForceDeletes flag. Pure:
 * the data resets it asks for (escrows, connector data store), the notifications it owes and the
 * lines it logs are returned for the caller to perform in the same transaction.
 */
import type {
  OwedNotification,
  QuarantineEffect,
  QuarantineLogEvent,
  TransitionResult,
} from "../quarantine/types";
import type { JobRecord } from "./job-types";

export interface FoldedTransition {
  job: JobRecord;
  /** Owed by `notify` effects: write them to the ledger in the transaction that saves `job`. */
  notifications: OwedNotification[];
  clearEscrows: boolean;
  clearConnectorDataStore: boolean;
  /** Deletions held, pushed through or discarded by this step (null: none). */
  deletions: { held: number | null; pushed: number | null; discarded: number | null };
  /** The machine's log lines, in order (they become job events and engine log lines). */
  logs: Array<{ event: QuarantineLogEvent; message: string }>;
}

export interface FoldOptions {
  now: number;
  /** When the job's next cycle is due on its normal interval schedule. */
  normalNextAt: number;
}

export function foldTransition(job: JobRecord, [state, effects]: TransitionResult, options: FoldOptions): FoldedTransition {
  const folded: FoldedTransition = {
    job: { ...job, quarantine: state, status: { ...job.status } },
    notifications: [],
    clearEscrows: false,
    clearConnectorDataStore: false,
    deletions: { held: null, pushed: null, discarded: null },
    logs: [],
  };
  for (const effect of effects) apply(folded, effect, options);
  folded.job.nextRunAt = nextRunAt(folded.job);
  return folded;
}

function apply(folded: FoldedTransition, effect: QuarantineEffect, options: FoldOptions): void {
  const job = folded.job;
  switch (effect.type) {
    case "scheduleCycle":
      job.nextRunAt = effect.at;
      return;
    case "resumeNormalSchedule":
      job.nextRunAt = options.normalNextAt;
      return;
    case "cancelCycles":
      job.nextRunAt = null;
      return;
    case "setScheduleState":
      job.scheduleState = effect.state;
      return;
    case "clearWatermark":
      job.watermark = null;
      return;
    case "clearEscrows":
      folded.clearEscrows = true;
      return;
    case "clearConnectorDataStore":
      folded.clearConnectorDataStore = true;
      return;
    case "holdDeletions":
      folded.deletions.held = effect.count;
      return;
    case "pushHeldDeletions":
      job.forceDeletes = true;
      folded.deletions.pushed = effect.count;
      return;
    case "discardHeldDeletions":
      // The staged deletions are not stored anywhere: the watermark was kept, so the next cycle
      // plans from the directory as it is then. Discarding means not forcing them through.
      job.forceDeletes = false;
      folded.deletions.discarded = effect.count;
      return;
    case "setEscrowsPruned":
      job.status.escrowsPruned = effect.value;
      return;
    case "notify":
      folded.notifications.push(effect.notification);
      return;
    case "log":
      folded.logs.push({ event: effect.event, message: effect.message });
      return;
  }
}

/**
 * `nextRunAt` as the stored state dictates: none unless the schedule is Active; the attempt time
 * while quarantined (so `quarantine.nextAttempt` and the next cycle never disagree); none while
 * held, disabled or paused.
 */
function nextRunAt(job: JobRecord): number | null {
  if (job.scheduleState !== "Active") return null;
  switch (job.quarantine.state) {
    case "Active":
      return job.nextRunAt;
    case "Quarantined":
      return job.quarantine.nextAttemptAt;
    default:
      return null;
  }
}
