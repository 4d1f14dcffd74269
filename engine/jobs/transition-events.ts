/**
 * The job events one folded quarantine step produces, in the order the machine logged them,
 * plus a `scheduleChanged` when `schedule.state` moved. Pure.
 */
import type { EventInitiator, NewJobEvent, QuarantineFacts } from "../events/job-event";
import { toGraphQuarantine } from "../quarantine/graph-view";
import { seriesOf } from "../quarantine/operator-transitions";
import type { FoldedTransition } from "./quarantine-fold";
import type { JobRecord } from "./job-types";

export interface TransitionEventContext {
  initiatedBy: EventInitiator;
  /** What ended a quarantine: a cycle, or the operator's start or restart. */
  by: "cycle" | "start" | "restart";
  cycleId?: string | null;
  /** The canonical reset scope of a restart. */
  resetScope?: string[];
  /** The delete threshold in force (for deletionsHeld). */
  deleteThreshold?: number;
}

export function transitionEvents(before: JobRecord, folded: FoldedTransition, ctx: TransitionEventContext): NewJobEvent[] {
  const after = folded.job;
  const base = { jobId: after.id, servicePrincipalId: after.servicePrincipalId, initiatedBy: ctx.initiatedBy };
  const out: NewJobEvent[] = [];
  const previous = seriesOf(before.quarantine);
  const facts = (): QuarantineFacts | null => {
    const q = toGraphQuarantine(after.quarantine);
    const series = seriesOf(after.quarantine);
    if (!q || !series) return null;
    return { reason: series.reason, seriesBegan: q.seriesBegan, currentBegan: q.currentBegan, seriesCount: q.seriesCount, nextAttempt: q.nextAttempt };
  };
  for (const log of folded.logs) {
    switch (log.event) {
      case "quarantineEntered": {
        const f = facts();
        const series = seriesOf(after.quarantine);
        if (f) out.push({ ...base, type: "quarantineEntered", data: { ...f, errorCode: series?.error?.code ?? null, errorMessage: series?.error?.message ?? null } });
        break;
      }
      case "quarantineKept": {
        const f = facts();
        if (f) out.push({ ...base, type: "quarantineRenewed", data: f });
        break;
      }
      case "reasonChanged": {
        const f = facts();
        if (f && previous) out.push({ ...base, type: "quarantineReasonChanged", data: { ...f, previousReason: previous.reason } });
        break;
      }
      case "quarantineLifted":
        if (previous) {
          out.push({
            ...base,
            type: "quarantineLeft",
            data: { reason: previous.reason, seriesBegan: new Date(previous.seriesBegan).toISOString(), by: ctx.by },
          });
        }
        break;
      case "jobDisabled": {
        const series = seriesOf(after.quarantine);
        if (series) out.push({ ...base, type: "jobDisabled", data: { reason: series.reason, seriesBegan: new Date(series.seriesBegan).toISOString() } });
        break;
      }
      case "deletionsHeld":
        out.push({
          ...base,
          type: "deletionsHeld",
          data: { count: folded.deletions.held ?? 0, threshold: ctx.deleteThreshold ?? 0, cycleId: ctx.cycleId ?? null },
        });
        break;
      case "escrowsPruned":
        out.push({ ...base, type: "escrowsPruned", data: { cycleId: ctx.cycleId ?? null } });
        break;
      case "restarted":
        out.push({ ...base, type: "jobRestarted", data: { resetScope: ctx.resetScope ?? [] } });
        break;
      case "started":
        out.push({ ...base, type: "jobStarted", data: { was: describeState(before) } });
        break;
      case "paused":
        out.push({ ...base, type: "jobPaused", data: { was: describeState(before) } });
        break;
      case "ignored":
        break;
    }
  }
  // Pushed deletions are recorded by the cycle that exports them (QuarantineRuntime.decideDeletions).
  if (folded.deletions.discarded !== null) out.push({ ...base, type: "deletionsDiscarded", data: { count: folded.deletions.discarded } });
  if (before.scheduleState !== after.scheduleState) {
    out.push({ ...base, type: "scheduleChanged", data: { from: before.scheduleState, to: after.scheduleState } });
  }
  return out;
}

/** The job's state in one word: the machine's, or the schedule's when the machine says Active. */
function describeState(job: JobRecord): string {
  return job.quarantine.state === "Active" ? job.scheduleState : job.quarantine.state;
}
