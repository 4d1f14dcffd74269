/**
 * Runs cycles: at most one per job at a time, each finished in one transaction (the cycle's end,
 * then the job's next status and schedule from `afterCycle`). Stopping the engine interrupts
 * running cycles, which stay resumable.
 */
import type { Clock } from "../../common/clock";
import type { Logger } from "../../common/logger";
import type { SourceDirectory } from "../directory/types";
import type { EventStore } from "../events/event-store";
import type { NewJobEvent } from "../events/job-event";
import type { LogStore } from "../logs/log-store";
import type { EngineStore } from "../state/engine-store";
import { CycleInterrupted, runCycle, type CycleProgress } from "../cycle/cycle-runner";
import { emptyCounts, type CycleCounts, type CycleOutcome } from "../cycle/cycle-types";
import { afterCycle, executionOf } from "./after-cycle";
import { EngineError } from "./engine-error";
import { buildJobContext, type ContextDeps } from "./job-context";
import type { JobRecord } from "./job-types";
import type { QuarantineRuntime } from "./quarantine-runtime";

export interface CoordinatorDeps {
  store: EngineStore;
  logs: LogStore;
  directory: SourceDirectory;
  clock: Clock;
  logger: Logger;
  newId: () => string;
  context: ContextDeps;
  /** Called after each cycle was persisted (timers re-arm from the job's record, mail is looked at). */
  onJobChanged: (jobId: string) => void;
  /** The quarantine machine's runtime: cycle outcomes and planned deletions go through it. */
  quarantine: QuarantineRuntime;
  events: EventStore;
}

interface Running {
  promise: Promise<CycleOutcome>;
  abort: AbortController;
}

export class CycleCoordinator {
  private readonly running = new Map<string, Running>();
  private readonly progress = new Map<string, CycleProgress>();

  constructor(private readonly deps: CoordinatorDeps) {}

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  progressOf(jobId: string): CycleProgress | null {
    return this.progress.get(jobId) ?? null;
  }

  /**
   * Runs a cycle of the job now (after the one already running, if any) and resolves with its
   * outcome. With `ifIdle`, resolves null instead of queueing behind a running cycle.
   */
  async run(jobId: string, options: { ifIdle?: boolean } = {}): Promise<CycleOutcome | null> {
    for (let current = this.running.get(jobId); current; current = this.running.get(jobId)) {
      if (options.ifIdle) return null;
      await current.promise.catch(() => undefined);
    }
    const { store } = this.deps;
    const job = store.jobs.job(jobId);
    if (!job) throw EngineError.notFound("synchronization job", jobId);
    const sp = store.jobs.servicePrincipal(job.servicePrincipalId);
    if (!sp) throw EngineError.notFound("service principal", job.servicePrincipalId);
    const context = buildJobContext(job, sp, this.deps.context);
    const abort = new AbortController();
    const promise = this.execute(job, context, abort.signal);
    const entry: Running = { promise, abort };
    this.running.set(jobId, entry);
    try {
      return await promise;
    } finally {
      if (this.running.get(jobId) === entry) this.running.delete(jobId);
      this.progress.delete(jobId);
    }
  }

  /** Interrupts the job's running cycle (it stays resumable) and waits for it to stop. */
  async stop(jobId: string): Promise<void> {
    const current = this.running.get(jobId);
    if (!current) return;
    current.abort.abort();
    await current.promise.catch(() => undefined);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  /** Ends the job's interrupted cycle without finishing it (restart, deleted job): the next cycle starts afresh. */
  abandonInterrupted(jobId: string, reason: string): void {
    const cycle = this.deps.store.cycles.running(jobId);
    if (!cycle) return;
    const job = this.deps.store.jobs.job(jobId);
    const now = this.deps.clock.now();
    const error = { code: "CycleAbandoned", message: reason, tenantActionable: false };
    this.deps.events.transaction(() => {
      this.deps.store.cycles.finish(cycle.id, "failed", now, cycle.counts, error);
      if (!job) return;
      this.deps.events.record(
        cycleEndedEvent(job, {
          cycleId: cycle.id, jobId, kind: cycle.kind, beganAt: cycle.beganAt, endedAt: now, result: "failed", counts: cycle.counts, error,
          escrowsOutstanding: this.deps.store.escrows.count(jobId), targetWatermark: null, deletions: { planned: 0, held: false }, resumed: false,
        }),
        now,
      );
    });
  }

  private async execute(job: JobRecord, context: ReturnType<typeof buildJobContext>, signal: AbortSignal): Promise<CycleOutcome> {
    const { deps } = this;
    let outcome: CycleOutcome;
    try {
      outcome = await runCycle(
        {
          db: deps.store.db, links: deps.store.links, escrows: deps.store.escrows, cycles: deps.store.cycles, logs: deps.logs,
          clock: deps.clock, directory: deps.directory, logger: deps.logger, newId: deps.newId,
        },
        context,
        {
          signal,
          onProgress: (p) => this.progress.set(job.id, { ...p }),
          holdDeletions: (planned, cycleId) => deps.quarantine.decideDeletions(job.id, planned, cycleId),
          // A quarantine attempt starts with the connection test: bad credentials fail it at once.
          connectionTest: job.quarantine.state === "Quarantined",
          onBegin: ({ cycleId, kind, resumed }) => {
            deps.events.record({
              type: "cycleStarted", jobId: job.id, servicePrincipalId: job.servicePrincipalId, initiatedBy: "system",
              data: { cycleId, initial: kind === "initial", resumed, attempt: job.quarantine.state === "Quarantined" ? job.quarantine.seriesCount : null },
            });
          },
        },
      );
    } catch (error) {
      if (error instanceof CycleInterrupted) throw error;
      // A bug or a storage failure: the cycle fails as a whole instead of resuming into it forever.
      deps.logger.error({ jobId: job.id, err: error }, "cycle failed unexpectedly");
      outcome = this.failedOutcome(job, error);
    }
    this.finish(outcome);
    return outcome;
  }

  private failedOutcome(job: JobRecord, error: unknown): CycleOutcome {
    const cycle = this.deps.store.cycles.running(job.id);
    const now = this.deps.clock.now();
    const message = this.deps.context.secrets.scrub(error instanceof Error ? error.message : String(error));
    return {
      cycleId: cycle?.id ?? this.deps.newId(),
      jobId: job.id,
      kind: cycle?.kind ?? (job.watermark === null ? "initial" : "incremental"),
      beganAt: cycle?.beganAt ?? now,
      endedAt: now,
      result: "failed",
      counts: cycle?.counts ?? emptyCounts(),
      error: { code: "InternalEngineError", message, tenantActionable: false },
      escrowsOutstanding: this.deps.store.escrows.count(job.id),
      targetWatermark: null,
      deletions: { planned: 0, held: false },
      resumed: false,
    };
  }

  private finish(outcome: CycleOutcome): void {
    const { store, clock, logger, events, quarantine } = this.deps;
    const saved = events.transaction(() => {
      if (store.cycles.get(outcome.cycleId)) {
        store.cycles.finish(outcome.cycleId, outcome.result, outcome.endedAt, outcome.counts, outcome.error);
      }
      // Re-read: the operator may have paused or reconfigured the job while the cycle ran.
      const fresh = store.jobs.job(outcome.jobId);
      if (!fresh) return null;
      const now = clock.now();
      const policy = quarantine.policyOf(fresh);
      const next = afterCycle(fresh, outcome, now, policy);
      quarantine.commitStep(
        fresh,
        next.quarantine,
        { initiatedBy: "system", by: "cycle", cycleId: outcome.cycleId, deleteThreshold: policy.deleteThreshold.value },
        [cycleEndedEvent(fresh, outcome)],
      );
      return next;
    });
    if (!saved) return;
    for (const effect of saved.effects) logger[effect.level]({ jobId: outcome.jobId, cycleId: outcome.cycleId }, effect.message);
    logger.info(
      { jobId: outcome.jobId, cycleId: outcome.cycleId, kind: outcome.kind, result: outcome.result, exported: outcome.counts.exported, failures: outcome.counts.failures },
      "cycle finished",
    );
    this.deps.onJobChanged(saved.job.id);
  }
}

/** The `cycleEnded` job event of a finished (or abandoned) cycle. */
function cycleEndedEvent(job: JobRecord, outcome: CycleOutcome): NewJobEvent {
  const execution = executionOf(outcome);
  return {
    type: "cycleEnded",
    jobId: job.id,
    servicePrincipalId: job.servicePrincipalId,
    initiatedBy: "system",
    data: {
      cycleId: outcome.cycleId,
      initial: outcome.kind === "initial",
      outcome: execution.state,
      beganAt: execution.timeBegan,
      endedAt: execution.timeEnded,
      counts: eventCounts(outcome.counts, outcome.escrowsOutstanding.total),
      errorCode: outcome.error?.code ?? null,
      errorMessage: outcome.error?.message ?? null,
      deletions: outcome.deletions,
    },
  };
}

function eventCounts(c: CycleCounts, escrowed: number) {
  return {
    imported: c.imported, exported: c.exported, creates: c.creates, updates: c.updates, disables: c.disables,
    deletes: c.deletes, skipped: c.skipped, failures: c.failures, escrowed, requests: c.requests,
  };
}
