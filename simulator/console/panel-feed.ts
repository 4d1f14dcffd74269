/**
 * Live updates for the simulator panel. While a page listens, the feed looks at the target twice
 * a second (wall time: a person is watching) and sends new journal entries, the fault rules when
 * their counters or set changed, and the target's state when it changed.
 */
import type { EventStream } from "../../console/server/event-stream";
import type { JournalLine, SimulatorLiveEvents } from "../../console/shared/simulator-console-types";
import type { JournalEntry } from "../journal/journal";
import { targetOverview, type PanelTarget, type ParkedRules } from "./panel-target";

/** @default 500 ms */
const POLL_MS = 500;
/** Entries looked at per tick; more than that between two ticks and the page shows the newest. */
const WINDOW = 200;

export class PanelFeed {
  private readonly streams = new Set<EventStream>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastSeq = 0;
  private faultsSignature = "";
  private targetSignature = "";

  constructor(
    private readonly target: PanelTarget,
    private readonly rules: ParkedRules,
    private readonly pollMs = POLL_MS,
  ) {}

  attach(stream: EventStream): void {
    if (this.streams.size === 0) this.start();
    this.streams.add(stream);
    stream.onClose(() => {
      this.streams.delete(stream);
      if (this.streams.size === 0) this.stop();
    });
  }

  close(): void {
    for (const stream of [...this.streams]) stream.close();
    this.stop();
  }

  private start(): void {
    this.lastSeq = this.target.journal.find({ limit: 1 })[0]?.seq ?? 0;
    this.faultsSignature = JSON.stringify(this.rules.list());
    this.targetSignature = JSON.stringify(targetOverview(this.target));
    this.timer = setInterval(() => this.check(), this.pollMs); // real-time: a person watches the page in wall time
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sends what changed since the last look. */
  check(): void {
    const fresh = this.target.journal.find({ limit: WINDOW }).filter((e) => e.seq > this.lastSeq);
    if (fresh.length > 0) {
      this.lastSeq = fresh.at(-1)!.seq;
      this.send("journal", { entries: fresh.map(journalLine) });
    }
    const rules = this.rules.list();
    const faults = JSON.stringify(rules);
    if (faults !== this.faultsSignature) {
      this.faultsSignature = faults;
      this.send("faults", { rules });
    }
    const overview = targetOverview(this.target);
    const target = JSON.stringify(overview);
    if (target !== this.targetSignature) {
      this.targetSignature = target;
      this.send("target", overview);
    }
  }

  private send<K extends keyof SimulatorLiveEvents>(event: K, data: SimulatorLiveEvents[K]): void {
    for (const stream of this.streams) stream.send(event, data);
  }
}

export function journalLine(e: JournalEntry): JournalLine {
  return { seq: e.seq, time: e.time, method: e.method, path: e.path, status: e.status ?? null, latencyMs: e.latencyMs, faults: e.faults };
}
