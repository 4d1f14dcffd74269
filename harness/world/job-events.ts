import type { JobEvent } from "../../engine/events/job-event";
import type { Db } from "../../engine/state/database";
import type { CycleEvent, QuarantineEvent, ScheduleEvent, WorldEvent } from "./world";

/**
 * The engine's job-event audit (`engine.events`, `GET /_engine/events`) seen as the world's
 * events: cycles that ended, quarantine changes, schedule changes. Other event types (mail sent,
 * settings, operator calls) are shown by the runner from its own records.
 */
export function worldEventOf(event: JobEvent): WorldEvent | undefined {
  switch (event.type) {
    case "cycleEnded": {
      const d = event.data;
      const cycle: CycleEvent = {
        type: "cycle",
        at: Date.parse(d.beganAt),
        endedAt: Date.parse(d.endedAt),
        cycleId: d.cycleId,
        initial: d.initial,
        outcome: d.outcome,
        exported: d.counts.exported,
        escrowed: d.counts.escrowed,
      };
      if (d.errorCode !== null || d.errorMessage !== null) cycle.error = [d.errorCode, d.errorMessage].filter((s) => s !== null).join(": ");
      return cycle;
    }
    case "quarantineEntered":
    case "quarantineRenewed":
    case "quarantineReasonChanged": {
      const d = event.data;
      const change = event.type === "quarantineEntered" ? "entered" : event.type === "quarantineRenewed" ? "renewed" : "reason-changed";
      const quarantine: QuarantineEvent = { type: "quarantine", at: event.atMs, change, reason: d.reason, seriesCount: d.seriesCount };
      if (d.nextAttempt !== null) quarantine.nextAttemptAt = Date.parse(d.nextAttempt);
      return quarantine;
    }
    case "quarantineLeft":
      return { type: "quarantine", at: event.atMs, change: "left", reason: event.data.reason };
    case "scheduleChanged": {
      const schedule: ScheduleEvent = { type: "schedule", at: event.atMs, state: event.data.to };
      return schedule;
    }
    default:
      return undefined;
  }
}

/** Reads the world's events from a source of job events, each once, in `seq` order. */
export class JobEventFeed {
  private seq = 0;

  constructor(private readonly read: (since: number) => JobEvent[] | Promise<JobEvent[]>) {}

  /** The world events recorded since the last call. */
  async next(): Promise<WorldEvent[]> {
    const out: WorldEvent[] = [];
    for (;;) {
      const page = await this.read(this.seq);
      if (page.length === 0) return out;
      for (const event of page) {
        this.seq = Math.max(this.seq, event.seq);
        const mapped = worldEventOf(event);
        if (mapped) out.push(mapped);
      }
    }
  }
}

interface EventRow {
  seq: number;
  id: string;
  job_id: string;
  sp_id: string;
  at: number;
  type: string;
  initiated_by: string;
  data: string;
}

/**
 * Job events read straight from an engine's state file (a read-only connection beside the engine
 * in a child process), the same rows `engine.events` serves.
 */
export function readJobEvents(db: Db, jobId: string, since: number, limit = 10_000): JobEvent[] {
  const rows = db
    .prepare("SELECT * FROM engine_job_events WHERE seq > ? AND job_id = ? ORDER BY seq LIMIT ?")
    .all(since, jobId, limit) as EventRow[];
  return rows.map(
    (row) =>
      ({
        seq: row.seq,
        id: row.id,
        jobId: row.job_id,
        servicePrincipalId: row.sp_id,
        at: new Date(row.at).toISOString(),
        atMs: row.at,
        type: row.type,
        initiatedBy: row.initiated_by,
        data: JSON.parse(row.data) as unknown,
      }) as JobEvent,
  );
}
