/**
 * Live updates for the console's event stream. While at least one page listens, the watcher looks
 * at the engine twice a second (wall time: a person is watching) and on every job event, and sends
 * what changed: a job's overview (status, progress, schedule, settings), new provisioning logs,
 * new audit events, mail sent. Nothing is sent when nothing changed, so an idle engine costs
 * a few SQLite reads per tick and no traffic.
 */
import type { EngineLiveEvents, JobOverview } from "../../console/shared/engine-console-types";
import type { EventStream } from "../../console/server/event-stream";
import type { Logger } from "../../common/logger";
import type { Engine } from "../engine";
import { jobOverview } from "./job-overview";

/** @default 500 ms */
const POLL_MS = 500;

export class EngineWatcher {
  private readonly streams = new Set<EventStream>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly jobSignatures = new Map<string, string>();
  private lastLogId: string | null = null;
  private lastSeq = 0;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly logger: Logger,
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

  /** Ends every stream (the engine is closing). */
  close(): void {
    for (const stream of [...this.streams]) stream.close();
    this.stop();
  }

  private start(): void {
    this.baseline();
    this.timer = setInterval(() => this.check(), this.pollMs); // real-time: a person watches the page in wall time
    this.stopListening = this.engine.onEvent(() => this.check());
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** What is there when the first page connects: only later changes are sent. */
  private baseline(): void {
    this.jobSignatures.clear();
    for (const job of this.engine.store.jobs.jobs()) this.jobSignatures.set(job.id, signature(jobOverview(this.engine, job.id)));
    this.lastLogId = this.latestLogId();
    this.lastSeq = this.engine.events({ newestFirst: true, limit: 1 })[0]?.seq ?? 0;
  }

  private check(): void {
    if (this.streams.size === 0) return;
    try {
      for (const job of this.engine.store.jobs.jobs()) {
        const overview = jobOverview(this.engine, job.id);
        const sig = signature(overview);
        if (this.jobSignatures.get(job.id) === sig) continue;
        this.jobSignatures.set(job.id, sig);
        this.send("job", overview);
      }
      const logId = this.latestLogId();
      if (logId !== this.lastLogId) {
        this.lastLogId = logId;
        this.send("logs", { jobId: null, latestId: logId });
      }
      const fresh = this.engine.events({ since: this.lastSeq, limit: 1000 });
      if (fresh.length > 0) {
        this.lastSeq = fresh.at(-1)!.seq;
        this.send("audit", { latestId: fresh.at(-1)!.id });
        if (fresh.some((e) => e.type === "notificationSent")) this.send("mail", { count: fresh.filter((e) => e.type === "notificationSent").length });
      }
    } catch (error) {
      // The engine may be closing under us; the next tick (or the close) settles it.
      this.logger.debug({ err: error }, "console watcher could not read the engine");
    }
  }

  private latestLogId(): string | null {
    return this.engine.provisioningLogs({ top: 1 }).value[0]?.id ?? null;
  }

  private send<K extends keyof EngineLiveEvents>(event: K, data: EngineLiveEvents[K]): void {
    for (const stream of this.streams) stream.send(event, data);
  }
}

/**
 * An overview without the fields that change with every tick of the real clock (the page keeps
 * its own time between updates). A controlled clock's time moves only when someone moves it: that
 * is news, so it stays in.
 */
function signature(overview: JobOverview): string {
  const { now, ...rest } = overview;
  if (overview.clock === "virtual") return JSON.stringify(overview);
  void now;
  const progress = rest.job.status.progress.map(({ progressObservationDateTime: _t, ...p }) => p);
  return JSON.stringify({ ...rest, job: { ...rest.job, status: { ...rest.job.status, progress } } });
}
