import type { CycleCounts, CycleOutcome } from "../../engine/index";
import type { SynchronizationError } from "../../engine/model/graph-types";
import type { Db } from "../../engine/state/database";
import type { CycleEvent } from "./world";

/** A finished (or cut-off) cycle as the engine records it. */
export interface CycleFacts {
  id: string;
  kind: "initial" | "incremental";
  beganAt: number;
  endedAt: number;
  result: "completed" | "failed" | "interrupted";
  counts: Pick<CycleCounts, "exported" | "failures">;
  error: SynchronizationError | null;
}

export function cycleEventOf(c: CycleFacts): CycleEvent {
  const outcome =
    c.result === "interrupted" ? "Interrupted" : c.result === "failed" ? "Failed" : c.counts.failures > 0 ? "EntryLevelErrors" : "Succeeded";
  const event: CycleEvent = {
    type: "cycle",
    at: c.beganAt,
    endedAt: c.endedAt,
    cycleId: c.id,
    initial: c.kind === "initial",
    outcome,
    exported: c.counts.exported,
    escrowed: c.counts.failures,
  };
  if (c.error) event.error = `${c.error.code}: ${c.error.message}`;
  return event;
}

export function factsOfOutcome(o: CycleOutcome): CycleFacts {
  return { id: o.cycleId, kind: o.kind, beganAt: o.beganAt, endedAt: o.endedAt, result: o.result, counts: o.counts, error: o.error };
}

interface CycleRow {
  id: string;
  kind: string;
  state: string;
  began_at: number;
  ended_at: number;
  counts: string;
  error: string | null;
}

/**
 * Reads the cycles a job finished from the engine's state file, each once, in the order they
 * ended. (Until the engine's job-event audit is there, this is how the world sees scheduled cycles.)
 */
export class FinishedCycles {
  private readonly seen = new Set<string>();
  private since = 0;

  constructor(private readonly jobId: string) {}

  read(db: Db): CycleFacts[] {
    const rows = db
      .prepare("SELECT id, kind, state, began_at, ended_at, counts, error FROM engine_cycles WHERE job_id = ? AND state != 'running' AND ended_at >= ? ORDER BY ended_at, rowid")
      .all(this.jobId, this.since) as CycleRow[];
    const out: CycleFacts[] = [];
    for (const row of rows) {
      if (this.seen.has(row.id)) continue;
      this.seen.add(row.id);
      this.since = Math.max(this.since, row.ended_at);
      out.push({
        id: row.id,
        kind: row.kind === "initial" ? "initial" : "incremental",
        beganAt: row.began_at,
        endedAt: row.ended_at,
        result: row.state === "failed" ? "failed" : "completed",
        counts: JSON.parse(row.counts) as CycleCounts,
        error: row.error === null ? null : (JSON.parse(row.error) as SynchronizationError),
      });
    }
    return out;
  }
}
