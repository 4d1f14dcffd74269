/**
 * The one place that turns a cycle's outcome into the job's next status and schedule. Pure: no
 * I/O, the caller persists the result (with the cycle's end, in one transaction) and performs the
 * effects. The outcome is fed to the quarantine machine (`cycleCompleted`), whose step is folded
 * into the job: quarantine state, backoff (`nextRunAt` = `quarantine.nextAttempt`), disable,
 * escrow pruning, owed notifications.
 */
import type { SynchronizationTaskExecution } from "../model/graph-types";
import type { CycleOutcome } from "../cycle/cycle-types";
import { DEFAULT_QUARANTINE_POLICY, type QuarantinePolicy } from "../quarantine/quarantine-policy";
import { transition } from "../quarantine/transition";
import type { CycleOutcome as QuarantineCycleOutcome } from "../quarantine/types";
import { CREDENTIAL_VALIDATION_FAILURE } from "../scim-client/target-error";
import type { JobRecord } from "./job-types";
import { foldTransition, type FoldedTransition } from "./quarantine-fold";

/** Side effects the caller performs after persisting the job (engine log lines). */
export type JobEffect = { kind: "log"; level: "info" | "warn"; message: string };

export interface AfterCycleResult {
  job: JobRecord;
  execution: SynchronizationTaskExecution;
  effects: JobEffect[];
  /** The quarantine machine's step: notifications owed, data resets, its log lines. */
  quarantine: FoldedTransition;
}

/** Whole-cycle failure codes that mean the target could not be reached at all. */
const UNREACHABLE_CODES = new Set(["SystemForCrossDomainIdentityManagementServiceUnreachable", "Timeout"]);

export function afterCycle(job: JobRecord, outcome: CycleOutcome, now: number, policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY): AfterCycleResult {
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
  const base: JobRecord = {
    ...job,
    status,
    // A failed cycle, or one whose deletions were held, keeps the old watermark: its changes
    // are read again by the next cycle.
    watermark: completed && !outcome.deletions.held ? (outcome.targetWatermark ?? job.watermark) : job.watermark,
    nextRunAt: job.scheduleState === "Active" ? now + job.intervalMs : null,
    // ForceDeletes holds until a cycle completed (and so exported what it planned).
    forceDeletes: completed ? false : job.forceDeletes,
  };
  const step = transition(job.quarantine, { type: "cycleCompleted", outcome: quarantineOutcomeOf(outcome) }, now, policy);
  const quarantine = foldTransition(base, step, { now, normalNextAt: now + job.intervalMs });
  return { job: quarantine.job, execution, effects, quarantine };
}

/** What the quarantine machine judges: the cycle's counts and how it could talk to the target. */
export function quarantineOutcomeOf(outcome: CycleOutcome): QuarantineCycleOutcome {
  const c = outcome.counts;
  const code = outcome.result === "failed" ? (outcome.error?.code ?? null) : null;
  return {
    initial: outcome.kind === "initial",
    connection: code === CREDENTIAL_VALIDATION_FAILURE ? "credentialsRejected" : code !== null && UNREACHABLE_CODES.has(code) ? "unreachable" : "ok",
    successes: c.exported + c.skipped,
    failures: c.failures,
    referenceFailures: c.referenceFailures,
    calls: c.requests,
    credentialFailures: c.credentialRejections,
    error: outcome.error ? { code: outcome.error.code, message: outcome.error.message } : undefined,
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
