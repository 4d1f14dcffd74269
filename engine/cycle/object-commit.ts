import type { Clock } from "../../common/clock";
import type { Db } from "../state/database";
import type { EscrowStore } from "../state/escrow-store";
import type { Link, LinkStore } from "../state/link-store";
import type { CycleStore } from "../state/cycle-store";
import type { LogStore } from "../logs/log-store";
import type { EscrowPolicy } from "../jobs/job-types";
import { escrowAfterFailure } from "../escrow/escrow-schedule";
import type { ObjectResult } from "./cycle-env";
import type { CycleCounts } from "./cycle-types";

export interface CommitStores {
  db: Db;
  links: LinkStore;
  escrows: EscrowStore;
  cycles: CycleStore;
  logs: LogStore;
}

/** Results committed together at most (one transaction). */
const MAX_BATCH = 256;
/** Event-loop turns a batch stays open when nobody waits for it. */
const BATCH_TURNS = 4;

/**
 * Commits each object's outcome as it arrives: connector data store, escrow, provisioning log,
 * the cycle's done mark and running counts. Outcomes that arrive within a few event-loop turns
 * share one transaction (each object's rows are still all-or-nothing), which cuts the WAL writes
 * per object several-fold; a crash loses at most the objects in flight and those of the open
 * batch, and a resumed cycle matches those again before creating anything.
 */
export class ObjectCommitter {
  /** Objects that failed in this cycle: a later success of another pass must not clear their escrow. */
  private readonly failed = new Set<string>();
  private pending: Array<{ result: ObjectResult; abandon: boolean }> = [];
  private readonly pendingKeys = new Set<string>();
  private scheduled = false;
  private turns = 0;
  private waiters: Array<() => void> = [];
  private readonly flushTx: (batch: Array<{ result: ObjectResult; abandon: boolean }>) => void;
  /** Objects in escrow (few): a success deletes an escrow only when there is one. */
  private readonly escrowed: Set<string>;

  constructor(
    private readonly stores: CommitStores,
    private readonly job: { id: string; servicePrincipalId: string; escrow: EscrowPolicy },
    private readonly cycleId: string | null,
    private readonly clock: Clock,
    readonly counts: CycleCounts,
  ) {
    this.escrowed = new Set(stores.escrows.all(job.id).map((e) => `${e.kind}:${e.sourceId}`));
    this.flushTx = stores.db.transaction((batch: Array<{ result: ObjectResult; abandon: boolean }>) => {
      for (const { result, abandon } of batch) this.apply(result, abandon);
      if (this.cycleId !== null) stores.cycles.setCounts(this.cycleId, this.counts);
    });
  }

  /** Queues a processed object for commit (failures are escrowed). */
  commit(result: ObjectResult): void {
    this.enqueue(result, false);
  }

  /**
   * Queues a failure of a cycle that fails as a whole: its log and counts only. The object is
   * neither escrowed nor marked done, so the next cycle processes it again.
   */
  abandon(result: ObjectResult): void {
    this.enqueue(result, true);
  }

  /** Commits everything queued, now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.pendingKeys.clear();
      this.flushTx(batch);
      this.stores.links.committed(this.job.id, committedLinks(batch));
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once everything queued so far is committed. */
  committed(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Whether an outcome of this object waits in the open batch. */
  isPending(kind: ObjectResult["kind"], sourceId: string): boolean {
    return this.pendingKeys.has(`${kind}:${sourceId}`);
  }

  private enqueue(result: ObjectResult, abandon: boolean): void {
    this.pending.push({ result, abandon });
    this.pendingKeys.add(`${result.kind}:${result.sourceId}`);
    if (this.pending.length >= MAX_BATCH) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      this.turns = 0;
      setImmediate(this.tick);
    }
  }

  /**
   * Not a timer: the batch closes after a few event-loop turns (whatever the clock says), or at
   * the next turn when someone waits for it (a report waiting for its manager's link).
   */
  private readonly tick = (): void => {
    if (!this.scheduled) return;
    if (this.waiters.length > 0 || ++this.turns >= BATCH_TURNS) this.flush();
    else setImmediate(this.tick);
  };

  private apply(result: ObjectResult, abandon: boolean): void {
    const { links, escrows, cycles, logs } = this.stores;
    const jobId = this.job.id;
    const key = `${result.kind}:${result.sourceId}`;
    addCounts(this.counts, result.counts);
    if (result.error) {
      this.counts.failures++;
      if (result.referenceFailure) this.counts.referenceFailures++;
      if (result.error.category === "credentials") this.counts.credentialFailures++;
      if (result.error.category === "unreachable" || result.error.category === "timeout") this.counts.unreachableFailures++;
    }
    if (!abandon) {
      if (result.link === null) links.delete(jobId, result.kind, result.sourceId);
      else if (result.link) links.upsert(jobId, result.link);
      if (result.error) {
        this.failed.add(key);
        this.escrowed.add(key);
        const previous = escrows.get(jobId, result.kind, result.sourceId);
        escrows.upsert(
          jobId,
          escrowAfterFailure(
            previous,
            { kind: result.kind, sourceId: result.sourceId, errorCode: result.error.code, errorMessage: result.error.message, reference: result.referenceFailure ?? false },
            this.clock.now(),
            this.job.escrow,
          ),
        );
      } else if (!this.failed.has(key) && this.escrowed.has(key)) {
        escrows.delete(jobId, result.kind, result.sourceId);
        this.escrowed.delete(key);
      }
      if (this.cycleId !== null) cycles.markDone(this.cycleId, result.item);
    }
    if (result.log) logs.insert(this.job.servicePrincipalId, result.log);
  }
}

/** The link changes of a committed batch, in order (for the link store's target ids). */
function* committedLinks(batch: ReadonlyArray<{ result: ObjectResult; abandon: boolean }>): Iterable<{ kind: Link["kind"]; sourceId: string; targetId: string | null }> {
  for (const { result, abandon } of batch) {
    if (abandon || result.link === undefined) continue;
    if (result.link === null) yield { kind: result.kind, sourceId: result.sourceId, targetId: null };
    else yield { kind: result.link.kind, sourceId: result.link.sourceId, targetId: result.link.targetId };
  }
}

export function addCounts(into: CycleCounts, delta: Partial<CycleCounts>): void {
  for (const key in delta) into[key as keyof CycleCounts] += delta[key as keyof CycleCounts]!;
}
