/**
 * The provisioning engine as one object: its SQLite state, source directory, jobs, scheduler,
 * provisioning logs and Graph-shaped API. The harness creates it with a virtual clock; the
 * command line with the system clock.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SystemClock, type Clock } from "../common/clock";
import { silentLogger, type Logger } from "../common/logger";
import { SecretRegistry } from "../common/redact";
import type { Db } from "./state/database";
import { SqliteDirectory } from "./directory/sqlite-directory";
import type { SourceDirectory } from "./directory/types";
import type { CycleOutcome } from "./cycle/cycle-types";
import { CycleInterrupted } from "./cycle/cycle-runner";
import { CycleCoordinator } from "./jobs/cycle-coordinator";
import type { JobOptions, MappingCatalog } from "./jobs/job-config";
import { ENTRA_MAPPINGS } from "./jobs/mapping-catalog";
import { JobService, isConfigured, type CreateJobInput } from "./jobs/job-service";
import type { JobRecord, SecretMap } from "./jobs/job-types";
import { provisionOnDemand, validateCredentials, type OnDemandSubject } from "./jobs/on-demand";
import { LogStore, type LogPage, type LogQuery } from "./logs/log-store";
import type { ProvisioningObjectSummary, SynchronizationJob, SynchronizationStatus } from "./model/graph-types";
import { Scheduler } from "./scheduler/scheduler";
import { undiciTransport, type HttpTransport } from "./scim-client/http-transport";
import { EngineStore, idSource } from "./state/engine-store";
import type { Escrow } from "./state/escrow-store";
import { createEngineApp, type EngineAppOptions } from "./api/engine-app";
import type { Express } from "express";

export interface EngineOptions {
  /** All time: schedules, timeouts, Retry-After, timestamps. @default SystemClock */
  clock?: Clock;
  /** The SQLite file. Give this or `dataDir`. */
  file?: string;
  /** A directory for the state; the file is `<dataDir>/engine.sqlite`. */
  dataDir?: string;
  /** @default silent */
  logger?: Logger;
  /** Seed for generated ids (same seed, same ids). @default random ids */
  seed?: string | number;
  /** The bearer token the API requires. @default 32 random bytes, hex */
  apiToken?: string;
  /** Attribute mapping defaults and compiler. @default Entra's defaults, compiled by engine/mapping */
  mappings?: MappingCatalog;
  /** The source directory over the engine's database. @default SqliteDirectory in the same file */
  directory?: (db: Db) => SourceDirectory;
  /** HTTP client for the target. @default undici keep-alive pools (closed with the engine) */
  transport?: HttpTransport;
  /** Accidental-deletion prevention hook (issue 5): true holds a cycle's planned deletions. */
  holdDeletions?: (job: JobRecord, planned: number) => boolean;
}

export class Engine {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: EngineStore;
  readonly directory: SourceDirectory;
  readonly logs: LogStore;
  readonly jobs: JobService;
  readonly scheduler: Scheduler;
  /** Live secret values, scrubbed from logs and error messages. */
  readonly secrets = new SecretRegistry();
  readonly apiToken: string;
  readonly file: string;
  private readonly coordinator: CycleCoordinator;
  private readonly onDemandDeps;
  private closed = false;
  private expressApp: Express | undefined;
  private readonly closeTransport: () => Promise<void>;

  constructor(readonly options: EngineOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? silentLogger();
    this.file = resolveFile(options);
    this.store = EngineStore.open(this.file);
    this.directory = options.directory ? options.directory(this.store.db) : new SqliteDirectory(this.store.db, options.seed === undefined ? {} : { idSeed: `${options.seed}/directory` });
    this.apiToken = options.apiToken ?? randomBytes(32).toString("hex");
    this.secrets.add(this.apiToken);
    const newId = idSource(options.seed, this.store.boot);
    this.logs = new LogStore(this.store.db, (spId) => {
      const sp = this.store.jobs.servicePrincipal(spId);
      return { id: spId, displayName: sp?.displayName ?? "deleted application" };
    });
    const catalog = options.mappings ?? ENTRA_MAPPINGS;
    const ownTransport = options.transport ? null : undiciTransport();
    this.closeTransport = ownTransport ? () => ownTransport.close() : async () => undefined;
    const context = { clock: this.clock, transport: options.transport ?? ownTransport!, catalog, secrets: this.secrets };
    this.scheduler = new Scheduler(
      this.clock,
      // A cycle interrupted by close() resumes on the next start: not an error.
      (jobId) => this.coordinator.run(jobId, { ifIdle: true }).catch((error: unknown) => {
        if (!(error instanceof CycleInterrupted)) throw error;
      }),
      this.logger,
    );
    const onJobChanged = (jobId: string): void => this.arm(jobId);
    this.coordinator = new CycleCoordinator({
      store: this.store, logs: this.logs, directory: this.directory, clock: this.clock, logger: this.logger, newId, context, onJobChanged,
      ...(options.holdDeletions ? { holdDeletions: options.holdDeletions } : {}),
    });
    const deleteLogs = this.store.db.prepare("DELETE FROM engine_provisioning_logs WHERE job_id = ?");
    this.jobs = new JobService({
      store: this.store, clock: this.clock, catalog, secrets: this.secrets, newId,
      coordinator: this.coordinator, onJobChanged, deleteLogs: (jobId) => deleteLogs.run(jobId),
    });
    this.onDemandDeps = { store: this.store, logs: this.logs, directory: this.directory, clock: this.clock, newId, context };
    for (const sp of this.store.jobs.servicePrincipals()) {
      this.secrets.add(sp.secrets.SecretToken, sp.secrets.Oauth2ClientSecret);
    }
  }

  /** Turns the scheduler on: interrupted cycles resume now, due cycles run, the rest are armed. */
  async start(): Promise<void> {
    this.scheduler.start();
    for (const job of this.store.jobs.jobs()) {
      if (job.scheduleState === "Active" && this.store.cycles.running(job.id)) this.scheduler.arm(job.id, this.clock.now());
      else this.arm(job.id);
    }
  }

  /** Stops the scheduler and interrupts running cycles (they resume on the next start), then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
    await this.coordinator.stopAll();
    await this.closeTransport();
    this.store.close();
  }

  /** The HTTP API (Graph shapes and the operator API); build it with options once via `createApp`. */
  get app(): Express {
    this.expressApp ??= createEngineApp(this);
    return this.expressApp;
  }

  /** Builds the HTTP API with options (a controlled clock, extra routes). */
  createApp(options: EngineAppOptions = {}): Express {
    this.expressApp = createEngineApp(this, options);
    return this.expressApp;
  }

  // ---- jobs ----

  createJob(input: CreateJobInput = {}): { servicePrincipalId: string; jobId: string } {
    const { servicePrincipal, job } = this.jobs.createJob(input);
    return { servicePrincipalId: servicePrincipal.id, jobId: job.id };
  }

  job(jobId: string): SynchronizationJob {
    return this.jobs.view(this.jobs.job(jobId));
  }

  status(jobId: string): SynchronizationStatus {
    return this.job(jobId).status;
  }

  setSecrets(servicePrincipalId: string, secrets: SecretMap | Array<{ key: string; value: string }>): void {
    this.jobs.setSecrets(servicePrincipalId, secrets);
  }

  async updateJob(jobId: string, options: JobOptions): Promise<SynchronizationJob> {
    return this.jobs.view(await this.jobs.updateJob(jobId, options));
  }

  startJob(jobId: string): SynchronizationJob {
    return this.jobs.view(this.jobs.start(jobId));
  }

  pauseJob(jobId: string): SynchronizationJob {
    return this.jobs.view(this.jobs.pause(jobId));
  }

  async restartJob(jobId: string, resetScope?: string | readonly string[] | null): Promise<SynchronizationJob> {
    return this.jobs.view(await this.jobs.restart(jobId, resetScope));
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.jobs.deleteJob(jobId);
  }

  /** Runs a cycle of the job now (after one already running) and resolves with its outcome. */
  async runCycle(jobId: string): Promise<CycleOutcome> {
    this.jobs.job(jobId);
    return (await this.coordinator.run(jobId))!;
  }

  /** Whether a cycle of the job is running now. */
  isCycleRunning(jobId: string): boolean {
    return this.coordinator.isRunning(jobId);
  }

  async provisionOnDemand(jobId: string, subjects: OnDemandSubject[]): Promise<ProvisioningObjectSummary[]> {
    const job = this.jobs.job(jobId);
    const records = await provisionOnDemand(this.onDemandDeps, job, subjects);
    const sp = this.jobs.servicePrincipal(job.servicePrincipalId);
    return records.map((r) => ({
      ...r,
      servicePrincipal: { id: sp.id, displayName: sp.displayName },
      sourceSystem: { id: "AzureActiveDirectory", displayName: "Azure Active Directory", details: {} },
      targetSystem: { id: sp.id, displayName: sp.displayName, details: { ApplicationId: sp.id } },
    }));
  }

  /** Resolves when the target accepts the credentials; rejects with a TargetError or NotConfiguredError. */
  async validateCredentials(
    jobId: string,
    input: { useSavedCredentials?: boolean; credentials?: SecretMap | Array<{ key: string; value: string }> } = {},
  ): Promise<void> {
    await validateCredentials(this.onDemandDeps, this.jobs.job(jobId), input);
  }

  provisioningLogs(query: LogQuery = {}): LogPage {
    return this.logs.query(query);
  }

  escrows(jobId: string): Escrow[] {
    this.jobs.job(jobId);
    return this.store.escrows.all(jobId);
  }

  private arm(jobId: string): void {
    const job = this.store.jobs.job(jobId);
    const sp = job && this.store.jobs.servicePrincipal(job.servicePrincipalId);
    const due = job && sp && job.scheduleState === "Active" && isConfigured(sp.secrets, job) ? job.nextRunAt : null;
    this.scheduler.arm(jobId, due);
  }
}

function resolveFile(options: EngineOptions): string {
  if (options.file) return options.file;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    return join(options.dataDir, "engine.sqlite");
  }
  throw new Error("the engine needs a state file: pass `file` or `dataDir`");
}
