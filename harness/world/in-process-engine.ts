import type { Logger } from "../../common/logger";
import type { VirtualClock } from "../../common/virtual-clock";
import { Engine, type EngineOptions } from "../../engine/index";
import type { SourceGroup, SourceUser } from "../../engine/directory/types";
import type { ProvisioningObjectSummary, SynchronizationJob } from "../../engine/model/graph-types";
import { checkCredentials } from "./credential-check";
import { cycleEventOf, factsOfOutcome } from "./cycle-events";
import { applyDirectoryEdit } from "./directory-edits";
import type { EngineHost } from "./engine-host";
import type { ScopeSnapshot } from "./expected-target";
import { JobEventFeed } from "./job-events";
import { LogReader } from "./log-reader";
import { SeverableClock } from "./severable-clock";
import { severableTransport, type SeverableTransport } from "./world-transport";
import { WorldMailer } from "./world-mailer";
import { compileSmtpConfig } from "../../engine/notifications/index";
import type { CycleEvent, DirectoryEdit, EngineCall, RestartMode, WorldEvent } from "./world";

export interface InProcessEngineOptions {
  /** The world's clock (shared with the target and the mail catcher). */
  clock: VirtualClock;
  /** The engine's SQLite file; the job already exists in it. */
  file: string;
  seed: string;
  apiToken: string;
  jobId: string;
  servicePrincipalId: string;
  logger: Logger;
  /** Where the engine sends mail (the world's catcher). */
  mail: EngineOptions["mail"];
  /** The scenario's engine-wide notification options (sender, schedule, kinds); the engine's defaults when absent. */
  notifications?: EngineOptions["notifications"];
  /** Lines the logger wrote (the engine's diagnostics). */
  lines: () => string[];
}

/** One life of the engine object: what a crash abandons. */
interface Incarnation {
  engine: Engine;
  clock: SeverableClock;
  transport: SeverableTransport;
  /** Its own pooled SMTP connection to the world's catcher (null: mail not over SMTP). */
  mailer: WorldMailer | null;
}

/**
 * The engine in this process, called through its TypeScript API inside `clock.runUntil`, so that
 * everything it waits on (its HTTP requests, its timers) is seen by the world's clock. Each
 * incarnation gets its own severable view of the clock and its own connection pool, so that a
 * crash can cut the abandoned object off completely.
 */
export class InProcessEngine implements EngineHost {
  readonly jobId: string;
  readonly servicePrincipalId: string;
  private current: Incarnation;
  private readonly feed: JobEventFeed;
  private readonly log: WorldEvent[] = [];
  private readonly logs: LogReader;
  private generated = 0;

  private constructor(private readonly options: InProcessEngineOptions) {
    this.jobId = options.jobId;
    this.servicePrincipalId = options.servicePrincipalId;
    this.current = this.incarnate();
    this.feed = new JobEventFeed((since) => this.engine.events({ jobId: this.jobId, since, limit: 10_000 }));
    this.logs = new LogReader(async (skipToken) =>
      this.engine.provisioningLogs({ top: 1000, ...(skipToken !== undefined ? { skipToken } : {}) }),
    );
  }

  /** Opens the engine on its file and turns its scheduler on. */
  static async start(options: InProcessEngineOptions): Promise<InProcessEngine> {
    const host = new InProcessEngine(options);
    await host.engine.start();
    return host;
  }

  /** The live engine object (for tests that look inside). */
  get engine(): Engine {
    return this.current.engine;
  }

  async runCycle(): Promise<CycleEvent> {
    const outcome = await this.settled(() => this.engine.runCycle(this.jobId));
    return cycleEventOf(factsOfOutcome(outcome));
  }

  async nextCycleAt(): Promise<number | undefined> {
    if (this.engine.isCycleRunning(this.jobId)) return this.options.clock.now();
    return this.engine.nextCycleAt(this.jobId) ?? undefined;
  }

  async job(): Promise<SynchronizationJob> {
    return this.engine.job(this.jobId);
  }

  provisioningLogs(): Promise<ProvisioningObjectSummary[]> {
    return this.logs.all();
  }

  async call(call: EngineCall): Promise<unknown> {
    const engine = this.engine;
    switch (call.call) {
      case "start":
        return this.settled(() => engine.startJob(this.jobId));
      case "pause":
        return this.settled(() => engine.pauseJob(this.jobId));
      case "quarantine":
        return this.settled(() => engine.quarantineJob(this.jobId));
      case "restart":
        return this.settled(() => engine.restartJob(this.jobId, call.resetScope));
      case "provisionOnDemand": {
        const subject = { objectId: call.subject.id, objectTypeName: call.subject.kind === "user" ? "User" : "Group" };
        const records = await this.settled(() => engine.provisionOnDemand(this.jobId, [subject]));
        return records[0];
      }
      case "validateCredentials":
        return this.drive(checkCredentials(engine, this.jobId, call.credentials));
      case "mapping": {
        const key = call.mapping.sourceObject === "Group" ? "group" : "user";
        return this.settled(() => engine.updateJob(this.jobId, { mappings: { [key]: call.mapping } }));
      }
      case "scoping": {
        const key = call.object === "Group" ? "group" : "user";
        const mapping = engine.store.jobs.job(this.jobId)!.config.mappings[key];
        return this.settled(() => engine.updateJob(this.jobId, { mappings: { [key]: { ...mapping, scoping: call.filter } } }));
      }
    }
  }

  async restart(mode: RestartMode): Promise<void> {
    if (mode === "kill") throw new Error("restart kill needs the engine in a child process (engine: process)");
    await this.pollEvents();
    const old = this.current;
    if (mode === "graceful") {
      await this.drive(old.engine.close());
    } else {
      await abandon(old);
    }
    this.current = this.incarnate();
    // What the old object committed while stopping comes before the cut-off cycle.
    await this.pollEvents();
    const cutOff = this.feed.interrupt(this.options.clock.now());
    if (cutOff) this.log.push(cutOff);
    await this.current.engine.start();
  }

  async users(): Promise<SourceUser[]> {
    return this.engine.directory.listUsers();
  }

  async groups(): Promise<SourceGroup[]> {
    return this.engine.directory.listGroups();
  }

  async applyEdit(edit: DirectoryEdit): Promise<void> {
    applyDirectoryEdit(this.engine.directory, this.servicePrincipalId, edit, `${this.options.seed}/generate-${++this.generated}`);
  }

  async scopeSnapshot(): Promise<ScopeSnapshot> {
    const job = this.engine.store.jobs.job(this.jobId)!;
    const sp = this.engine.store.jobs.servicePrincipal(this.servicePrincipalId);
    return {
      directory: this.engine.directory.exportJson(),
      servicePrincipalId: this.servicePrincipalId,
      scope: sp?.secrets.SyncAll?.toLowerCase() === "true" ? "all" : "assigned",
      mappings: job.config.mappings,
    };
  }

  async events(): Promise<WorldEvent[]> {
    await this.pollEvents();
    return [...this.log];
  }

  secrets(): string[] {
    return [this.options.apiToken];
  }

  diagnostics(): string[] {
    return this.options.lines();
  }

  async dispose(): Promise<void> {
    await abandon(this.current);
  }

  private incarnate(): Incarnation {
    const clock = new SeverableClock(this.options.clock);
    const transport = severableTransport();
    const mail = this.options.mail;
    const smtp = typeof mail === "object" && "smtp" in mail ? compileSmtpConfig(mail.smtp, "mail.smtp") : null;
    const mailer = smtp ? new WorldMailer(smtp, clock) : null;
    const engine = new Engine({
      clock,
      file: this.options.file,
      seed: this.options.seed,
      apiToken: this.options.apiToken,
      logger: this.options.logger,
      mail: mailer ? { mailer } : this.options.mail,
      ...(this.options.notifications ? { notifications: this.options.notifications } : {}),
      transport,
    });
    // The engine scrubs the SMTP password from its logs as it would with `mail: {smtp}`.
    engine.secrets.add(smtp?.auth?.pass);
    return { engine, clock, transport, mailer };
  }

  /** Drives the world's clock until the engine's work is done. */
  private drive<T>(work: Promise<T>): Promise<T> {
    return this.options.clock.runUntil(work);
  }

  /**
   * Drives the clock until the work is done and the mail it made due now has been delivered (a
   * reason change, a disabled job, held deletions are mailed at once), so that the next step sees
   * that mail at the instant the engine sent it.
   */
  private settled<T>(work: () => T | Promise<T>): Promise<T> {
    return this.drive(
      (async () => {
        const result = await work();
        await this.engine.mailIdle();
        return result;
      })(),
    );
  }

  private async pollEvents(): Promise<void> {
    if (!this.engine.store.db.open) return;
    this.log.push(...(await this.feed.next()));
  }
}

/**
 * What a crash does to an engine object: its clock view is severed (no timer, sleep or I/O ever
 * resumes it), its connections are reset (the target sees the client go away), and once the
 * commit batch already queued had its few event-loop turns, its database handle is closed as the
 * operating system would. No close(), no cleanup of its own.
 */
async function abandon(incarnation: Incarnation): Promise<void> {
  incarnation.clock.sever();
  await incarnation.transport.destroy();
  incarnation.mailer?.destroy();
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  incarnation.engine.store.close();
}
