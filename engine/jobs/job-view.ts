/** The Graph shapes of a job (synchronizationJob, synchronizationStatus) built from the stored record. */
import { toIsoDuration } from "../../common/duration";
import type { CycleProgress } from "../cycle/cycle-runner";
import type { SynchronizationJob, SynchronizationStatus, SynchronizationStatusCode } from "../model/graph-types";
import { toGraphQuarantine, toStatusCode } from "../quarantine/graph-view";
import type { JobRecord } from "./job-types";

export interface JobViewFacts {
  /** The service principal has the secrets a cycle needs. */
  configured: boolean;
  /** The running cycle's progress, if one runs. */
  progress: CycleProgress | null;
  synchronized: { users: number; groups: number };
  now: number;
  /** Why no notification mail can go out for this job now, or null. */
  notificationsBlocked?: string | null;
}

/**
 * `status.code`: the quarantine machine's view (Quarantine while quarantined or disabled by it,
 * Paused), else NotConfigured (no usable secrets), NotRun (no execution yet) or Active.
 */
export function statusCode(job: JobRecord, configured: boolean): SynchronizationStatusCode {
  const base = !configured ? "NotConfigured" : job.status.lastExecution === null ? "NotRun" : "Active";
  const code = toStatusCode(job.quarantine, base);
  return code === base && job.scheduleState === "Paused" ? "Paused" : code;
}

export function statusView(job: JobRecord, facts: JobViewFacts): SynchronizationStatus {
  const s = job.status;
  return {
    code: statusCode(job, facts.configured),
    countSuccessiveCompleteFailures: s.countSuccessiveCompleteFailures,
    escrowsPruned: s.escrowsPruned,
    lastExecution: s.lastExecution,
    lastSuccessfulExecution: s.lastSuccessfulExecution,
    lastSuccessfulExecutionWithExports: s.lastSuccessfulExecutionWithExports,
    progress: facts.progress
      ? [
          {
            completedUnits: facts.progress.completedUnits,
            totalUnits: facts.progress.totalUnits,
            units: "Objects",
            progressObservationDateTime: new Date(facts.now).toISOString(),
          },
        ]
      : [],
    quarantine: toGraphQuarantine(job.quarantine),
    steadyStateFirstAchievedTime: s.steadyStateFirstAchievedTime,
    steadyStateLastAchievedTime: s.steadyStateLastAchievedTime,
    synchronizedEntryCountByType: [
      { key: "User", value: facts.synchronized.users },
      { key: "Group", value: facts.synchronized.groups },
    ],
    troubleshootingUrl: null,
    notificationsBlocked: facts.notificationsBlocked ?? null,
  };
}

export function jobView(job: JobRecord, facts: JobViewFacts): SynchronizationJob {
  return {
    id: job.id,
    templateId: job.templateId,
    schedule: { expiration: null, interval: toIsoDuration(job.intervalMs), state: job.scheduleState },
    status: statusView(job, facts),
    synchronizationJobSettings: job.config.settings,
  };
}
