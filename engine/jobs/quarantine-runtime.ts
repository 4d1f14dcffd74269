/**
 * Performs the quarantine machine's steps for the engine: each step is folded into the job and
 * saved, in one SQLite transaction, together with its data resets, the notifications it owes
 * (ledger) and its job events. After the commit the job's timers are re-armed and the mail
 * dispatcher is asked to look at the job.
 */
import type { Clock } from "../../common/clock";
import { ConfigError } from "../../common/config-error";
import type { Logger } from "../../common/logger";
import type { EventStore } from "../events/event-store";
import type { NewJobEvent } from "../events/job-event";
import type { NotificationLedger } from "../notifications/ledger";
import type { QuarantinePolicy } from "../quarantine/quarantine-policy";
import { formatResetScope, parseResetScope } from "../quarantine/reset-scope";
import { transition } from "../quarantine/transition";
import type { QuarantineEvent } from "../quarantine/types";
import type { EngineStore } from "../state/engine-store";
import { EngineError } from "./engine-error";
import { quarantinePolicyOf } from "./job-policy";
import type { JobRecord, QuarantineOptions } from "./job-types";
import { foldTransition, type FoldedTransition } from "./quarantine-fold";
import { transitionEvents, type TransitionEventContext } from "./transition-events";

export interface QuarantineRuntimeDeps {
  store: EngineStore;
  events: EventStore;
  ledger: NotificationLedger;
  clock: Clock;
  logger: Logger;
  /** Engine-wide quarantine options (a job's own override them). */
  defaults: QuarantineOptions | undefined;
  /** Replaces the delete threshold's decision (EngineOptions.holdDeletions). */
  holdDeletions?: ((job: JobRecord, planned: number) => boolean) | undefined;
  /** After a committed step: re-arm the job's timers and let the mail dispatcher look at it. */
  afterCommit: (jobId: string) => void;
}

export class QuarantineRuntime {
  constructor(private readonly deps: QuarantineRuntimeDeps) {}

  policyOf(job: JobRecord): QuarantinePolicy {
    const sp = this.deps.store.jobs.servicePrincipal(job.servicePrincipalId);
    return quarantinePolicyOf(job, sp?.secrets ?? {}, this.deps.defaults);
  }

  /**
   * Saves a folded step (inside the caller's transaction): the job, its data resets, the owed
   * notifications and the job events. `before` is the record the step was computed from.
   */
  commitStep(before: JobRecord, folded: FoldedTransition, ctx: TransitionEventContext, extraEvents: NewJobEvent[] = []): void {
    const { store, events, ledger, clock, logger } = this.deps;
    const job = folded.job;
    store.jobs.saveJob(job);
    if (folded.clearEscrows) store.escrows.clear(job.id);
    if (folded.clearConnectorDataStore) store.links.clear(job.id);
    const now = clock.now();
    for (const notification of folded.notifications) ledger.owe(job.id, notification, now);
    for (const event of [...extraEvents, ...transitionEvents(before, folded, ctx)]) events.record(event, now);
    for (const line of folded.logs) {
      if (line.event !== "ignored") logger.info({ jobId: job.id, event: line.event }, line.message);
    }
  }

  /** One operator or time step: read the job, step the machine, save, then re-arm. */
  apply(jobId: string, event: QuarantineEvent, ctx: Omit<TransitionEventContext, "resetScope" | "deleteThreshold">): JobRecord {
    const { store, events, clock } = this.deps;
    let resetScope: string[] | undefined;
    if (event.type === "restart") {
      try {
        resetScope = formatResetScope(parseResetScope(event.resetScope)).split(", ");
      } catch (error) {
        if (error instanceof ConfigError) throw EngineError.badRequest(error.message);
        throw error;
      }
    }
    const saved = events.transaction(() => {
      const before = store.jobs.job(jobId);
      if (!before) throw EngineError.notFound("synchronization job", jobId);
      const now = clock.now();
      const policy = this.policyOf(before);
      const step = transition(before.quarantine, event, now, policy);
      const folded = foldTransition(before, step, { now, normalNextAt: now + before.intervalMs });
      this.commitStep(before, folded, { ...ctx, ...(resetScope ? { resetScope } : {}), deleteThreshold: policy.deleteThreshold.value });
      return folded.job;
    });
    this.deps.afterCommit(jobId);
    return saved;
  }

  /** Time passed (at `nextTickAt`): disable a series past its deadline, re-evaluate a held job. */
  tick(jobId: string): void {
    if (!this.deps.store.jobs.job(jobId)) return;
    this.apply(jobId, { type: "tick" }, { initiatedBy: "system", by: "cycle" });
  }

  /**
   * Accidental-deletion prevention, asked before a cycle exports `planned` deletes plus disables.
   * True holds them: the job is held with TooManyDeletes (committed now) and the cycle stages them.
   * After a restart with ForceDeletes the deletions go through once, whatever their number.
   */
  decideDeletions(jobId: string, planned: number, cycleId: string | null): boolean {
    const { store, events, clock, holdDeletions } = this.deps;
    const held = events.transaction(() => {
      const before = store.jobs.job(jobId);
      if (!before) return false;
      const now = clock.now();
      if (before.forceDeletes) {
        events.record({ type: "deletionsPushed", jobId, servicePrincipalId: before.servicePrincipalId, initiatedBy: "operator", data: { count: planned, cycleId } }, now);
        return false;
      }
      let policy = this.policyOf(before);
      if (holdDeletions) {
        if (!holdDeletions(before, planned)) return false;
        // The hook decided: make the machine hold exactly these.
        policy = { ...policy, deleteThreshold: { enabled: true, value: Math.max(0, planned - 1) } };
      }
      const step = transition(before.quarantine, { type: "deletionsPlanned", count: planned }, now, policy);
      if (!step[1].some((e) => e.type === "holdDeletions")) return false;
      const folded = foldTransition(before, step, { now, normalNextAt: before.nextRunAt ?? now + before.intervalMs });
      this.commitStep(before, folded, { initiatedBy: "system", by: "cycle", cycleId, deleteThreshold: policy.deleteThreshold.value });
      return true;
    });
    if (held) this.deps.afterCommit(jobId);
    return held;
  }
}
