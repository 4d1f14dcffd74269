import type { CycleCounts, CycleOutcome } from "../../engine/index";
import type { SynchronizationError } from "../../engine/model/graph-types";
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
