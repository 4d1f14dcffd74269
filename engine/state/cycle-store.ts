import type { Db } from "./database";
import type { CycleCounts, CycleKind } from "../cycle/cycle-types";
import type { SynchronizationError } from "../model/graph-types";

export type CycleState = "running" | "completed" | "failed";

export interface CycleRecord {
  id: string;
  jobId: string;
  kind: CycleKind;
  state: CycleState;
  /** The job's watermark when the cycle began (null for an initial cycle). */
  baseWatermark: string | null;
  /** The watermark the job gets once the cycle completes. */
  targetWatermark: string | null;
  beganAt: number;
  endedAt: number | null;
  counts: CycleCounts;
  totalUnits: number;
  error: SynchronizationError | null;
}

interface CycleRow {
  id: string;
  job_id: string;
  kind: string;
  state: string;
  base_watermark: string | null;
  target_watermark: string | null;
  began_at: number;
  ended_at: number | null;
  counts: string;
  total_units: number;
  error: string | null;
}

/** Cycles and the work items each has committed (what lets an interrupted cycle resume). */
export class CycleStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO engine_cycles (id, job_id, kind, state, base_watermark, target_watermark, began_at, ended_at,
           counts, total_units, error) VALUES (?, ?, ?, 'running', ?, ?, ?, NULL, ?, 0, NULL)`,
      ),
      get: db.prepare("SELECT * FROM engine_cycles WHERE id = ?"),
      running: db.prepare("SELECT * FROM engine_cycles WHERE job_id = ? AND state = 'running' ORDER BY began_at DESC LIMIT 1"),
      setCounts: db.prepare("UPDATE engine_cycles SET counts = ? WHERE id = ?"),
      setPlan: db.prepare("UPDATE engine_cycles SET target_watermark = ?, total_units = ? WHERE id = ?"),
      finish: db.prepare("UPDATE engine_cycles SET state = ?, ended_at = ?, counts = ?, error = ? WHERE id = ?"),
      markDone: db.prepare("INSERT OR IGNORE INTO engine_cycle_done (cycle_id, item) VALUES (?, ?)"),
      done: db.prepare("SELECT item FROM engine_cycle_done WHERE cycle_id = ?"),
      clearDone: db.prepare("DELETE FROM engine_cycle_done WHERE cycle_id = ?"),
      recent: db.prepare("SELECT * FROM engine_cycles WHERE job_id = ? ORDER BY began_at DESC LIMIT ?"),
    };
  }

  begin(record: Pick<CycleRecord, "id" | "jobId" | "kind" | "baseWatermark" | "targetWatermark" | "beganAt" | "counts">): void {
    this.s.insert.run(
      record.id, record.jobId, record.kind, record.baseWatermark, record.targetWatermark, record.beganAt,
      JSON.stringify(record.counts),
    );
  }

  get(id: string): CycleRecord | undefined {
    const row = this.s.get.get(id) as CycleRow | undefined;
    return row && fromRow(row);
  }

  /** The job's interrupted (or current) cycle, if any. */
  running(jobId: string): CycleRecord | undefined {
    const row = this.s.running.get(jobId) as CycleRow | undefined;
    return row && fromRow(row);
  }

  recent(jobId: string, limit: number): CycleRecord[] {
    return (this.s.recent.all(jobId, limit) as CycleRow[]).map(fromRow);
  }

  setPlan(id: string, targetWatermark: string | null, totalUnits: number): void {
    this.s.setPlan.run(targetWatermark, totalUnits, id);
  }

  setCounts(id: string, counts: CycleCounts): void {
    this.s.setCounts.run(JSON.stringify(counts), id);
  }

  markDone(id: string, item: string): void {
    this.s.markDone.run(id, item);
  }

  doneItems(id: string): Set<string> {
    return new Set((this.s.done.all(id) as Array<{ item: string }>).map((r) => r.item));
  }

  finish(id: string, state: Exclude<CycleState, "running">, endedAt: number, counts: CycleCounts, error: SynchronizationError | null): void {
    this.s.finish.run(state, endedAt, JSON.stringify(counts), error === null ? null : JSON.stringify(error), id);
    this.s.clearDone.run(id);
  }
}

function fromRow(row: CycleRow): CycleRecord {
  return {
    id: row.id,
    jobId: row.job_id,
    kind: row.kind as CycleKind,
    state: row.state as CycleState,
    baseWatermark: row.base_watermark,
    targetWatermark: row.target_watermark,
    beganAt: row.began_at,
    endedAt: row.ended_at,
    counts: JSON.parse(row.counts) as CycleCounts,
    totalUnits: row.total_units,
    error: row.error === null ? null : (JSON.parse(row.error) as SynchronizationError),
  };
}
