/**
 * The facts a cycle produces. A cycle's result is a value (CycleOutcome) handed to one place,
 * engine/jobs/after-cycle.ts, which computes the job's next status and schedule: that is where
 * the quarantine machine plugs in.
 */
import type { SynchronizationError } from "../model/graph-types";

export type CycleKind = "initial" | "incremental";

/** Running totals of one cycle; persisted with the cycle so that a resumed cycle keeps counting. */
export interface CycleCounts {
  /** Source objects read (users and groups). */
  imported: number;
  /** Change entries read from the delta (incremental cycles). */
  importedDeltas: number;
  /** Reference changes read (memberships, managers). */
  importedReferenceDeltas: number;
  /** Objects in scope. */
  entitled: number;
  /**
   * Objects exported with success (created, updated, disabled, deleted) by the user and group
   * passes; membership and manager updates count in `exports` and `updates` only.
   */
  exported: number;
  /** HTTP requests sent to the target (retries included). */
  requests: number;
  /** Of those, answered 401 or 403. */
  credentialRejections: number;
  /** Successful write requests (POST, PATCH, DELETE) to the target. */
  exports: number;
  creates: number;
  updates: number;
  disables: number;
  deletes: number;
  /** Objects skipped: redundant export, out of scope. */
  skipped: number;
  /** Object-level failures in this cycle (each escrowed). */
  failures: number;
  /** Of which failed reference updates (manager, membership). */
  referenceFailures: number;
  /** Of which the target answered 401 or 403. */
  credentialFailures: number;
  /** Of which the target could not be reached (connection refused, reset, timeout). */
  unreachableFailures: number;
  /** Escrows dropped because they were older than the escrow policy keeps them. */
  escrowsDropped: number;
}

export function emptyCounts(): CycleCounts {
  return {
    imported: 0,
    importedDeltas: 0,
    importedReferenceDeltas: 0,
    entitled: 0,
    exported: 0,
    requests: 0,
    credentialRejections: 0,
    exports: 0,
    creates: 0,
    updates: 0,
    disables: 0,
    deletes: 0,
    skipped: 0,
    failures: 0,
    referenceFailures: 0,
    credentialFailures: 0,
    unreachableFailures: 0,
    escrowsDropped: 0,
  };
}

/** How a cycle ended. */
export interface CycleOutcome {
  cycleId: string;
  jobId: string;
  kind: CycleKind;
  beganAt: number;
  endedAt: number;
  /**
   * `completed`: every object was processed (some may have failed and been escrowed);
   * `failed`: the cycle stopped as a whole (credentials rejected, target unreachable, a
   * directory error) and its watermark was not advanced.
   */
  result: "completed" | "failed";
  counts: CycleCounts;
  /** The job-level error of a failed cycle. */
  error: SynchronizationError | null;
  /** Escrows outstanding after the cycle (and how many of them are reference failures). */
  escrowsOutstanding: { total: number; reference: number };
  /** The watermark the job moves to when the cycle completed. */
  targetWatermark: string | null;
  /** Deletes plus disables planned by this cycle, and whether they were held (staged, not exported). */
  deletions: { planned: number; held: boolean };
  /** The cycle was resumed after an engine restart. */
  resumed: boolean;
}
