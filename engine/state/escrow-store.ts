import type { Db } from "./database";
import type { SourceObjectKind } from "../directory/types";

/** An object whose export failed, waiting for its next retry (section 2 of the model). */
export interface Escrow {
  kind: SourceObjectKind;
  sourceId: string;
  firstFailedAt: number;
  lastFailedAt: number;
  /** Failed attempts so far (1 after the first failure). */
  attempts: number;
  nextRetryAt: number;
  errorCode: string;
  errorMessage: string;
  /** The failure was a reference update (manager, membership), which some thresholds exclude. */
  reference: boolean;
}

interface EscrowRow {
  kind: string;
  source_id: string;
  first_failed_at: number;
  last_failed_at: number;
  attempts: number;
  next_retry_at: number;
  error_code: string;
  error_message: string;
  reference: number;
}

export class EscrowStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare("SELECT * FROM engine_escrows WHERE job_id = ? AND kind = ? AND source_id = ?"),
      upsert: db.prepare(
        `INSERT INTO engine_escrows (job_id, kind, source_id, first_failed_at, last_failed_at, attempts,
           next_retry_at, error_code, error_message, reference)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (job_id, kind, source_id) DO UPDATE SET first_failed_at = excluded.first_failed_at,
           last_failed_at = excluded.last_failed_at, attempts = excluded.attempts,
           next_retry_at = excluded.next_retry_at, error_code = excluded.error_code,
           error_message = excluded.error_message, reference = excluded.reference`,
      ),
      delete: db.prepare("DELETE FROM engine_escrows WHERE job_id = ? AND kind = ? AND source_id = ?"),
      due: db.prepare("SELECT * FROM engine_escrows WHERE job_id = ? AND next_retry_at <= ? ORDER BY kind DESC, source_id"),
      all: db.prepare("SELECT * FROM engine_escrows WHERE job_id = ? ORDER BY kind DESC, source_id"),
      count: db.prepare("SELECT count(*) AS n, coalesce(sum(reference), 0) AS refs FROM engine_escrows WHERE job_id = ?"),
      dropOlder: db.prepare("DELETE FROM engine_escrows WHERE job_id = ? AND first_failed_at < ?"),
      clear: db.prepare("DELETE FROM engine_escrows WHERE job_id = ?"),
      nextDue: db.prepare("SELECT min(next_retry_at) AS t FROM engine_escrows WHERE job_id = ?"),
    };
  }

  get(jobId: string, kind: SourceObjectKind, sourceId: string): Escrow | undefined {
    const row = this.s.get.get(jobId, kind, sourceId) as EscrowRow | undefined;
    return row && escrowFromRow(row);
  }

  upsert(jobId: string, e: Escrow): void {
    this.s.upsert.run(
      jobId, e.kind, e.sourceId, e.firstFailedAt, e.lastFailedAt, e.attempts, e.nextRetryAt,
      e.errorCode, e.errorMessage, e.reference ? 1 : 0,
    );
  }

  delete(jobId: string, kind: SourceObjectKind, sourceId: string): boolean {
    return this.s.delete.run(jobId, kind, sourceId).changes > 0;
  }

  /** Escrows whose retry is due at `now`, groups last (users first, as cycles process them). */
  due(jobId: string, now: number): Escrow[] {
    return (this.s.due.all(jobId, now) as EscrowRow[]).map(escrowFromRow);
  }

  all(jobId: string): Escrow[] {
    return (this.s.all.all(jobId) as EscrowRow[]).map(escrowFromRow);
  }

  count(jobId: string): { total: number; reference: number } {
    const row = this.s.count.get(jobId) as { n: number; refs: number };
    return { total: row.n, reference: row.refs };
  }

  /** Drops escrows first failed before `cutoff`; returns how many. */
  dropOlderThan(jobId: string, cutoff: number): number {
    return this.s.dropOlder.run(jobId, cutoff).changes;
  }

  clear(jobId: string): void {
    this.s.clear.run(jobId);
  }

  nextRetryAt(jobId: string): number | undefined {
    const row = this.s.nextDue.get(jobId) as { t: number | null };
    return row.t ?? undefined;
  }
}

function escrowFromRow(row: EscrowRow): Escrow {
  return {
    kind: row.kind as SourceObjectKind,
    sourceId: row.source_id,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
    attempts: row.attempts,
    nextRetryAt: row.next_retry_at,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    reference: row.reference === 1,
  };
}
