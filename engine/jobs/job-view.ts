/** The Graph shapes of a job (synchronizationJob, synchronizationStatus) built from the stored record. */
import { toIsoDuration } from "../../common/duration";
import type { CycleProgress } from "../cycle/cycle-runner";
import type {
  SynchronizationJob,
  SynchronizationQuarantine,
  SynchronizationStatus,
  SynchronizationStatusCode,
} from "../model/graph-types";
import type { JobRecord } from "./job-types";

export interface JobViewFacts {
  /** The service principal has the secrets a cycle needs. */
  configured: boolean;
  /** The running cycle's progress, if one runs. */
  progress: CycleProgress | null;
  synchronized: { users: number; groups: number };
  now: number;
}

export function statusCode(job: JobRecord, configured: boolean): SynchronizationStatusCode {
  if (job.quarantine !== null && job.quarantine !== undefined) return "Quarantine";
  if (job.scheduleState === "Paused") return "Paused";
  if (!configured) return "NotConfigured";
  if (job.status.lastExecution === null) return "NotRun";
  return "Active";
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
    quarantine: (job.quarantine as SynchronizationQuarantine | null) ?? null,
    steadyStateFirstAchievedTime: s.steadyStateFirstAchievedTime,
    steadyStateLastAchievedTime: s.steadyStateLastAchievedTime,
    synchronizedEntryCountByType: [
      { key: "User", value: facts.synchronized.users },
      { key: "Group", value: facts.synchronized.groups },
    ],
    troubleshootingUrl: null,
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
