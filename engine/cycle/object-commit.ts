import type { Clock } from "../../common/clock";
import type { Db } from "../state/database";
import type { EscrowStore } from "../state/escrow-store";
import type { LinkStore } from "../state/link-store";
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

/**
 * Commits each object's outcome in one transaction as it arrives: connector data store, escrow,
 * provisioning log, the cycle's done mark and running counts. A crash therefore loses at most the
 * objects in flight, and a resumed cycle skips what was committed.
 */
export class ObjectCommitter {
  /** Objects that failed in this cycle: a later success of another pass must not clear their escrow. */
  private readonly failed = new Set<string>();
  private readonly commitTx: (result: ObjectResult, abandon: boolean) => void;

  constructor(
    private readonly stores: CommitStores,
    private readonly job: { id: string; servicePrincipalId: string; escrow: EscrowPolicy },
    private readonly cycleId: string | null,
    private readonly clock: Clock,
    readonly counts: CycleCounts,
  ) {
    this.commitTx = stores.db.transaction((result: ObjectResult, abandon: boolean) => this.apply(result, abandon));
  }

  /** Commits a processed object (failures are escrowed). */
  commit(result: ObjectResult): void {
    this.commitTx(result, false);
  }

  /**
   * Records a failure of a cycle that fails as a whole: its log and counts only. The object is
   * neither escrowed nor marked done, so the next cycle processes it again.
   */
  abandon(result: ObjectResult): void {
    this.commitTx(result, true);
  }

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
      } else if (!this.failed.has(key)) {
        escrows.delete(jobId, result.kind, result.sourceId);
      }
      if (this.cycleId !== null) cycles.markDone(this.cycleId, result.item);
    }
    if (result.log) logs.insert(this.job.servicePrincipalId, result.log);
    if (this.cycleId !== null) cycles.setCounts(this.cycleId, this.counts);
  }
}

export function addCounts(into: CycleCounts, delta: Partial<CycleCounts>): void {
  for (const [key, value] of Object.entries(delta) as Array<[keyof CycleCounts, number]>) into[key] += value;
}
