/**
 * What the provisioning page shows of a job: the Graph job with its status, plus what Graph does
 * not carry (when the next cycle is due, whether one runs, the notification settings without any
 * secret), in the console's shared shape.
 */
import { VirtualClock } from "../../common/virtual-clock";
import type { JobDisplayState, JobOverview, JobSummary, NotificationView } from "../../console/shared/engine-console-types";
import type { Engine } from "../engine";
import type { SynchronizationJob } from "../model/graph-types";
import { parseNotificationSettings } from "../notifications/notification-settings";

export function jobSummaries(engine: Engine): JobSummary[] {
  return engine.store.jobs.jobs().map((job) => ({
    jobId: job.id,
    servicePrincipalId: job.servicePrincipalId,
    displayName: engine.store.jobs.servicePrincipal(job.servicePrincipalId)?.displayName ?? job.servicePrincipalId,
  }));
}

/** Throws EngineError 404 for an unknown job. */
export function jobOverview(engine: Engine, jobId: string): JobOverview {
  const record = engine.jobs.job(jobId);
  const sp = engine.jobs.servicePrincipal(record.servicePrincipalId);
  const job = engine.job(jobId);
  return {
    jobId,
    servicePrincipalId: sp.id,
    displayName: sp.displayName,
    job,
    state: displayState(job),
    running: engine.isCycleRunning(jobId),
    nextCycleAt: record.nextRunAt === null ? null : new Date(record.nextRunAt).toISOString(),
    now: new Date(engine.clock.now()).toISOString(),
    clock: engine.clock instanceof VirtualClock ? "virtual" : "real",
    notifications: notificationView(sp.secrets.SyncNotificationSettings),
  };
}

/** The portal's words: a quarantined job whose schedule was disabled after four weeks is Disabled. */
export function displayState(job: SynchronizationJob): JobDisplayState {
  if (job.schedule.state === "Disabled") return "Disabled";
  return job.status.code;
}

function notificationView(secret: string | undefined): NotificationView {
  try {
    const s = parseNotificationSettings(secret);
    return { ...s, problem: null };
  } catch (error) {
    const fallback = parseNotificationSettings(undefined);
    return { ...fallback, problem: (error as Error).message };
  }
}
