/**
 * Runs one cycle of one job: plan, users, groups, memberships, references, each object committed
 * as it finishes. Resumes the job's interrupted cycle if there is one (done items are skipped;
 * matching before create makes the objects that were in flight safe to redo).
 */
import type { Clock } from "../../common/clock";
import type { Logger } from "../../common/logger";
import { DirectoryError } from "../directory/directory-error";
import type { SourceDirectory, SourceGroup, SourceUser } from "../directory/types";
import type { SynchronizationError } from "../model/graph-types";
import { CREDENTIAL_VALIDATION_FAILURE, TargetError } from "../scim-client/target-error";
import { matchingTarget } from "../jobs/job-context";
import { isExpired } from "../escrow/escrow-schedule";
import { itemKey, type CycleEnv, type JobContext, type ObjectResult } from "./cycle-env";
import { countPlannedDeletions, planCycle, type CyclePlan } from "./cycle-plan";
import { emptyCounts, type CycleCounts, type CycleKind, type CycleOutcome } from "./cycle-types";
import { exportGroup } from "./export-group";
import { exportManager, exportMembership } from "./export-references";
import { exportUser } from "./export-user";
import { ObjectCommitter, type CommitStores } from "./object-commit";
import { runPool } from "./worker-pool";

export interface CycleRunnerDeps extends CommitStores {
  clock: Clock;
  directory: SourceDirectory;
  logger: Logger;
  newId: () => string;
}

/** Thrown when the engine stops mid-cycle: the cycle stays `running` and resumes on the next start. */
export class CycleInterrupted extends Error {
  constructor(readonly cycleId: string) {
    super(`cycle ${cycleId} was interrupted; it resumes when the engine starts again`);
    this.name = "CycleInterrupted";
  }
}

export interface CycleProgress {
  cycleId: string;
  kind: CycleKind;
  totalUnits: number;
  completedUnits: number;
}

export interface RunCycleOptions {
  /** Aborting stops taking new objects; the cycle stays resumable (CycleInterrupted). */
  signal?: AbortSignal;
  onProgress?: (progress: CycleProgress) => void;
  /**
   * Accidental-deletion prevention: called with the deletes plus disables the cycle plans; true
   * holds them (logged as stagedDelete, watermark not advanced). Absent: never hold.
   */
  holdDeletions?: (planned: number, cycleId: string) => boolean;
  /**
   * Test the connection before anything else (a quarantine attempt): when the target rejects the
   * credentials or cannot be reached, the cycle fails as a whole at once.
   */
  connectionTest?: boolean;
  /** Told once the cycle is recorded (new or resumed), before any work. */
  onBegin?: (cycle: { cycleId: string; kind: CycleKind; resumed: boolean }) => void;
}

export async function runCycle(deps: CycleRunnerDeps, context: JobContext, options: RunCycleOptions = {}): Promise<CycleOutcome> {
  const { clock, cycles, escrows } = deps;
  const job = context.job;
  const interrupted = cycles.running(job.id);
  const cycleId = interrupted?.id ?? deps.newId();
  let kind: CycleKind = interrupted?.kind ?? (job.watermark === null ? "initial" : "incremental");
  const beganAt = interrupted?.beganAt ?? clock.now();
  const counts = interrupted ? { ...emptyCounts(), ...interrupted.counts } : emptyCounts();
  const done = interrupted ? cycles.doneItems(cycleId) : new Set<string>();
  const baseWatermark = interrupted ? interrupted.baseWatermark : job.watermark;
  if (!interrupted) cycles.begin({ id: cycleId, jobId: job.id, kind, baseWatermark, targetWatermark: null, beganAt, counts });
  else deps.logger.info({ jobId: job.id, cycleId, done: done.size }, "resuming an interrupted cycle");
  options.onBegin?.({ cycleId, kind, resumed: interrupted !== undefined });

  if (options.connectionTest) {
    const failed = await testConnection(context, deps.newId());
    counts.requests += 1;
    if (failed) {
      if (failed.httpStatus === 401 || failed.httpStatus === 403) counts.credentialRejections += 1;
      return {
        cycleId, jobId: job.id, kind, beganAt, endedAt: clock.now(), result: "failed", counts,
        error: jobLevelError(failed),
        escrowsOutstanding: escrows.count(job.id), targetWatermark: null, deletions: { planned: 0, held: false },
        resumed: interrupted !== undefined,
      };
    }
  }

  // Escrows past the policy's age are dropped, not retried.
  const policy = job.config.escrow;
  const now = clock.now();
  for (const e of escrows.all(job.id)) {
    if (isExpired(e, now, policy)) {
      escrows.delete(job.id, e.kind, e.sourceId);
      counts.escrowsDropped++;
    }
  }

  let plan: CyclePlan;
  try {
    plan = planCycle({
      context, directory: deps.directory, links: deps.links, escrows, kind, baseWatermark,
      targetWatermark: interrupted?.targetWatermark ?? null, now,
    });
  } catch (error) {
    if (!(error instanceof DirectoryError && error.code === "InvalidDeltaToken")) throw error;
    // A watermark the directory no longer honours: start over with an initial cycle.
    deps.logger.warn({ jobId: job.id }, "the watermark is no longer valid; running an initial cycle");
    kind = "initial";
    plan = planCycle({ context, directory: deps.directory, links: deps.links, escrows, kind, baseWatermark: null, targetWatermark: null, now });
  }
  counts.imported = plan.imported;
  counts.importedDeltas = plan.importedDeltas;
  counts.importedReferenceDeltas = plan.importedReferenceDeltas;
  const totalUnits = plan.users.length + plan.groups.length + plan.membershipGroups.length;
  cycles.setPlan(cycleId, plan.targetWatermark, totalUnits);

  const planned = options.holdDeletions
    ? countPlannedDeletions(plan, deps.links, job.id, (user) => mapsInactive(context.userMapping.map(user, "update").attributes.active))
    : 0;
  const held = planned > 0 && options.holdDeletions!(planned, cycleId);

  const committer = new ObjectCommitter(deps, { id: job.id, servicePrincipalId: job.servicePrincipalId, escrow: policy }, cycleId, clock, counts);
  const gate = new FailureGate(job.config.abortAfterConsecutiveFailures, committer);
  const progress: CycleProgress = { cycleId, kind: plan.kind, totalUnits, completedUnits: done.size };
  const report = (): void => options.onProgress?.(progress);
  const baseEnv: CycleEnv = {
    context, clock, directory: deps.directory, links: deps.links, escrows, scopeOf: plan.scope, cycleId,
    newId: deps.newId, initiatedBy: "system", holdDeletions: held, trustSnapshot: plan.kind === "incremental",
  };
  const stopped = (): boolean => gate.aborted || options.signal?.aborted === true;
  const concurrency = job.config.client.concurrency;
  // A resumed cycle keeps counting from what the interrupted one had sent.
  const requestsBefore = context.client.requestsSent - counts.requests;
  const rejectionsBefore = context.client.credentialRejections - counts.credentialRejections;
  const syncRequests = (): void => {
    counts.requests = context.client.requestsSent - requestsBefore;
    counts.credentialRejections = context.client.credentialRejections - rejectionsBefore;
  };
  const settle = (result: ObjectResult | null): void => {
    syncRequests();
    if (result) gate.accept(result);
    progress.completedUnits++;
    report();
  };
  report();

  // Users, managers first: a report waits for a manager exported just before it.
  const inflight = new Map<string, Promise<void>>();
  const order = new Map(plan.users.map((w, i) => [w.sourceId, i]));
  const created: string[] = [];
  const deferred: SourceUser[] = [];
  await runPool(plan.users, concurrency, async (work, index) => {
    const item = itemKey("u", work.sourceId);
    if (done.has(item)) {
      if (work.user) deferred.push(work.user); // its manager may still be owed (checked in the reference pass)
      return;
    }
    let release!: () => void;
    inflight.set(work.sourceId, new Promise<void>((r) => (release = r)));
    try {
      const env: CycleEnv = {
        ...baseEnv,
        // A report waits for a manager exported just before it, until the manager's link is stored.
        awaitUser: (id) => {
          if ((order.get(id) ?? Infinity) >= index) return undefined;
          const running = inflight.get(id);
          if (running) return running.then(() => committer.committed());
          return committer.isPending("user", id) ? committer.committed() : undefined;
        },
      };
      const result = await exportUser(env, work);
      settle(result);
      if (result.counts.creates) created.push(work.sourceId);
      if (result.deferredReference && work.user) deferred.push(work.user);
    } finally {
      inflight.delete(work.sourceId);
      release();
    }
  }, stopped);
  committer.flush();

  await runPool(plan.groups, concurrency, async (work) => {
    if (done.has(itemKey("g", work.sourceId))) return;
    settle(await exportGroup(baseEnv, work));
  }, stopped);
  committer.flush();

  const membershipGroups = [...plan.membershipGroups];
  if (plan.kind === "incremental" && created.length > 0 && !stopped()) addGroupsOfNewUsers(deps.directory, created, membershipGroups);
  await runPool(membershipGroups, concurrency, async (group) => {
    if (done.has(itemKey("m", group.id))) return;
    settle(await exportMembership(baseEnv, group));
  }, stopped);
  committer.flush();

  if (plan.kind === "incremental" && created.length > 0 && !stopped()) addReportsOfNewUsers(deps.directory, created, deferred);
  await runPool(deferred, concurrency, async (user) => {
    if (done.has(itemKey("r", user.id))) return;
    const result = await exportManager(baseEnv, user);
    syncRequests();
    if (result) gate.accept(result);
  }, stopped);

  committer.flush();
  if (options.signal?.aborted && !gate.aborted) throw new CycleInterrupted(cycleId);
  syncRequests();
  gate.finish();
  committer.flush();
  let failedError = gate.jobError();
  if (!failedError && counts.requests === 0 && !options.signal?.aborted) {
    // A cycle with nothing to send still proves the credentials with the connection test: an
    // expired token quarantines the job even while the directory is quiet.
    const failed = await testConnection(context, deps.newId());
    syncRequests();
    if (failed) failedError = jobLevelError(failed);
  }
  const endedAt = clock.now();
  const outcome: CycleOutcome = {
    cycleId, jobId: job.id, kind: plan.kind, beganAt, endedAt,
    result: failedError ? "failed" : "completed",
    counts,
    error: failedError,
    escrowsOutstanding: escrows.count(job.id),
    targetWatermark: plan.targetWatermark,
    deletions: { planned, held },
    resumed: interrupted !== undefined,
  };
  return outcome;
}

/**
 * Holds back failures that say the target as a whole is unusable (credentials rejected, not
 * reachable). A run of `limit` of them in a row fails the cycle as a whole: those objects are
 * logged but not escrowed, so the next cycle (which the quarantine rules may space out) retries
 * them at once. Any other result in between releases them as ordinary escrows.
 */
class FailureGate {
  private readonly streak: ObjectResult[] = [];
  private others = 0;
  aborted = false;
  private cause: ObjectResult | null = null;

  constructor(
    private readonly limit: number,
    private readonly committer: ObjectCommitter,
  ) {}

  accept(result: ObjectResult): void {
    if (this.aborted) {
      if (result.error?.isJobLevel) this.committer.abandon(result);
      else this.committer.commit(result);
      return;
    }
    if (result.error?.isJobLevel) {
      this.streak.push(result);
      if (this.streak.length >= Math.max(1, this.limit)) this.abort();
      return;
    }
    this.others++;
    this.release();
    this.committer.commit(result);
  }

  /** End of the cycle: a streak with nothing else in the whole cycle fails it too. */
  finish(): void {
    if (this.aborted || this.streak.length === 0) return;
    if (this.others === 0) this.abort();
    else this.release();
  }

  jobError(): SynchronizationError | null {
    if (!this.aborted || !this.cause?.error) return null;
    const error = this.cause.error;
    const code = error.category === "credentials" ? CREDENTIAL_VALIDATION_FAILURE : error.code;
    return { code, message: error.message, tenantActionable: true };
  }

  private abort(): void {
    this.aborted = true;
    this.cause = this.streak[this.streak.length - 1] ?? null;
    for (const r of this.streak.splice(0)) this.committer.abandon(r);
  }

  private release(): void {
    for (const r of this.streak.splice(0)) this.committer.commit(r);
  }
}

/**
 * The connection test of a quarantine attempt: the job-level failure (credentials rejected, not
 * reachable, timed out) when there is one; any other answer lets the cycle go on.
 */
async function testConnection(context: JobContext, randomValue: string): Promise<TargetError | null> {
  try {
    await context.client.testConnection(matchingTarget(context.userMapping), randomValue);
    return null;
  } catch (error) {
    if (error instanceof TargetError && error.isJobLevel) return error;
    if (error instanceof TargetError) return null;
    throw error;
  }
}

/** The whole-cycle error of a job-level failure (the connection test's code for credentials). */
function jobLevelError(failed: TargetError): SynchronizationError {
  const code = failed.category === "credentials" ? CREDENTIAL_VALIDATION_FAILURE : failed.code;
  return { code, message: failed.message, tenantActionable: true };
}

/** Groups that contain users created in this cycle need their members reconciled. */
function addGroupsOfNewUsers(directory: SourceDirectory, created: string[], groups: SourceGroup[]): void {
  const newUsers = new Set(created);
  const known = new Set(groups.map((g) => g.id));
  for (const group of directory.listGroups()) {
    if (!known.has(group.id) && group.memberIds.some((m) => newUsers.has(m))) groups.push(group);
  }
}

/** Users whose manager was created in this cycle may now have their manager reference set. */
function addReportsOfNewUsers(directory: SourceDirectory, created: string[], deferred: SourceUser[]): void {
  const newUsers = new Set(created);
  const known = new Set(deferred.map((u) => u.id));
  for (const user of directory.listUsers()) {
    if (user.managerId && newUsers.has(user.managerId) && !known.has(user.id)) deferred.push(user);
  }
}

export type { CycleCounts };

/** `active` as a mapping produced it: false, or the 2017 dialect's "False". */
function mapsInactive(value: unknown): boolean {
  return value === false || (typeof value === "string" && value.toLowerCase() === "false");
}
