/**
 * The one place that turns a cycle's outcome into the job's next status and schedule. Pure: no
 * I/O, the caller persists the result (with the cycle's end, in one transaction) and performs the
 * effects. The quarantine machine of issue 5 plugs in here: feed it the outcome, let it set
 * `job.quarantine` and `nextRunAt` (backoff) and return its effects (notifications).
 */
import type { SynchronizationTaskExecution } from "../model/graph-types";
import type { CycleOutcome } from "../cycle/cycle-types";
import type { JobRecord } from "./job-types";

/** Side effects the caller performs after persisting the job. None yet; issue 5 adds mail. */
export type JobEffect = { kind: "log"; level: "info" | "warn"; message: string };

export interface AfterCycleResult {
  job: JobRecord;
  execution: SynchronizationTaskExecution;
  effects: JobEffect[];
}

export function afterCycle(job: JobRecord, outcome: CycleOutcome, now: number): AfterCycleResult {
  const execution = executionOf(outcome);
  const status = { ...job.status, lastExecution: execution };
  const completed = outcome.result === "completed";
  const effects: JobEffect[] = [];
  if (completed) {
    status.countSuccessiveCompleteFailures = 0;
    status.lastSuccessfulExecution = execution;
    if (outcome.counts.exports > 0) status.lastSuccessfulExecutionWithExports = execution;
    if (outcome.counts.failures === 0) {
      const at = new Date(now).toISOString();
      status.steadyStateFirstAchievedTime ??= at;
      status.steadyStateLastAchievedTime = at;
    }
  } else {
    status.countSuccessiveCompleteFailures++;
    effects.push({ kind: "log", level: "warn", message: `cycle ${outcome.cycleId} failed: ${outcome.error?.code ?? "unknown error"}` });
  }
  return {
    job: {
      ...job,
      status,
      // A failed cycle, or one whose deletions were held, keeps the old watermark: its changes
      // are read again by the next cycle.
      watermark: completed && !outcome.deletions.held ? (outcome.targetWatermark ?? job.watermark) : job.watermark,
      nextRunAt: job.scheduleState === "Active" ? now + job.intervalMs : null,
    },
    execution,
    effects,
  };
}

/** Graph `synchronizationTaskExecution` of a finished cycle. */
export function executionOf(outcome: CycleOutcome): SynchronizationTaskExecution {
  const c = outcome.counts;
  return {
    activityIdentifier: outcome.cycleId,
    countEntitled: c.entitled,
    countEntitledForProvisioning: c.entitled,
    countEscrowed: outcome.escrowsOutstanding.total,
    countEscrowedRaw: c.failures,
    countExported: c.exported,
    countExports: c.exports,
    countImported: c.imported,
    countImportedDeltas: c.importedDeltas,
    countImportedReferenceDeltas: c.importedReferenceDeltas,
    error: outcome.error,
    state: outcome.result === "failed" ? "Failed" : c.failures > 0 ? "EntryLevelErrors" : "Succeeded",
    timeBegan: new Date(outcome.beganAt).toISOString(),
    timeEnded: new Date(outcome.endedAt).toISOString(),
  };
}
