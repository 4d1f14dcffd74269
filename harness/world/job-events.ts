import type { JobEvent } from "../../engine/events/job-event";
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

/**
 * Reads the world's events from a source of job events, each once, in `seq` order, and keeps
 * track of the cycle that started and has not ended (the one a restart cuts off).
 */
export class JobEventFeed {
  private seq = 0;
  private open: { cycleId: string; initial: boolean; beganAt: number } | undefined;
  private readonly began = new Map<string, number>();

  constructor(private readonly read: (since: number) => JobEvent[] | Promise<JobEvent[]>) {}

  /** The world events recorded since the last call. */
  async next(): Promise<WorldEvent[]> {
    const out: WorldEvent[] = [];
    for (;;) {
      const page = await this.read(this.seq);
      if (page.length === 0) return out;
      for (const event of page) {
        this.seq = Math.max(this.seq, event.seq);
        if (event.type === "cycleStarted" && this.open?.cycleId !== event.data.cycleId) {
          // A resumed cycle began when it first started.
          const beganAt = this.began.get(event.data.cycleId) ?? event.atMs;
          this.began.set(event.data.cycleId, beganAt);
          this.open = { cycleId: event.data.cycleId, initial: event.data.initial, beganAt };
        }
        if (event.type === "cycleEnded") {
          this.began.delete(event.data.cycleId);
          if (this.open?.cycleId === event.data.cycleId) this.open = undefined;
        }
        const mapped = worldEventOf(event);
        if (mapped) out.push(mapped);
      }
    }
  }

  /**
   * The cycle running when the engine was stopped or killed at `now`, as an Interrupted cycle
   * (no counts: the cycle resumes in the next engine and reports them when it ends), or undefined.
   */
  interrupt(now: number): CycleEvent | undefined {
    const open = this.open;
    this.open = undefined;
    if (!open) return undefined;
    return { type: "cycle", at: open.beganAt, endedAt: now, cycleId: open.cycleId, initial: open.initial, outcome: "Interrupted", exported: 0, escrowed: 0 };
  }
}
