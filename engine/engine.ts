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
import { JobService, isConfigured, type CreateJobInput, type NotificationSettingsPatch } from "./jobs/job-service";
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
import { EventStore, type EventQuery } from "./events/event-store";
import type { JobEvent, JobEventListener, JobEventType } from "./events/job-event";
import { queryDirectoryAudits, type AuditQuery, type DirectoryAudit } from "./events/directory-audit";
import { MailRuntime, mailDelivery, type MailOption } from "./jobs/mail-runtime";
import { notificationSettingsOf, validateQuarantineOptions } from "./jobs/job-policy";
import type { QuarantineOptions } from "./jobs/job-types";
import { QuarantineRuntime } from "./jobs/quarantine-runtime";
import { NotificationLedger } from "./notifications/ledger";
import { compileNotificationConfig, type NotificationConfig, type NotificationConfigInput } from "./notifications/notification-config";
import type { JobNotificationContext } from "./notifications/dispatcher";
import type { CaughtMail, MailQuery } from "./notifications/mail-store";
import type { NotificationRecord } from "./notifications/notification-record";
import type { NotificationSettings } from "./notifications/notification-settings";
import { nextTickAt } from "./quarantine/transition";
import type { QuarantineState } from "./quarantine/types";
import { KeyedTimers } from "./scheduler/keyed-timers";

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
  /**
   * Replaces the accidental-deletion threshold's decision: true holds the cycle's planned deletes
   * plus disables (staged, TooManyDeletes). @default the threshold of SyncNotificationSettings (500)
   */
  holdDeletions?: (job: JobRecord, planned: number) => boolean;
  /**
   * Quarantine rules for every job (a job's own `quarantine` option overrides them field by field):
   * `{threshold: "entra-current" | {preset?, minFailures?, proportion?, combinator?, totalCap?, …},
   * backoffCap, disableAfter, credentialFailureShare, pruneEscrowsOnInitial}`. @default entra-2019, 24h, 28d
   */
  quarantine?: QuarantineOptions;
  /** What mail is sent and when (sender, first reminder, resend period, kinds on/off). @default docs/quarantine.md */
  notifications?: NotificationConfigInput;
  /**
   * Where mail goes: `"catcher"` (an embedded SMTP server on loopback, mail kept in the state file,
   * `GET /_engine/mail`), `{catcher: {host, port}}`, `{smtp: {host, port, secure?, requireTLS?,
   * ignoreTLS?, rejectUnauthorized?, auth?: {user, pass}, timeoutMs?}}` (any SMTP server),
   * `{mailer}` (a `Mailer` the host made, e.g. a pooled connection; `close()` closes it), or `"off"`.
   * @default "catcher"
   */
  mail?: MailOption;
}

export type { MailOption } from "./jobs/mail-runtime";

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
  /** The job-event audit. */
  readonly eventStore: EventStore;
  /** The quarantine machine's runtime (policy per job, steps, deletion decisions). */
  readonly quarantine: QuarantineRuntime;
  /** Notification mail: delivery, dispatch, the embedded catcher's mailbox (`mail.store`). */
  readonly mail: MailRuntime;
  readonly ledger: NotificationLedger;
  readonly notificationConfig: NotificationConfig;
  private readonly ticks: KeyedTimers;
  private readonly coordinator: CycleCoordinator;
  private readonly onDemandDeps;
  private closed = false;
  private expressApp: Express | undefined;
  private readonly closeTransport: () => Promise<void>;

  constructor(readonly options: EngineOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? silentLogger();
    // Options are validated before the file is opened: a bad one throws ConfigError naming it.
    const quarantineDefaults = validateQuarantineOptions(options.quarantine, "quarantine");
    this.notificationConfig = compileNotificationConfig(options.notifications, "notifications");
    const delivery = mailDelivery(options.mail);
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
    const onJobChanged = (jobId: string): void => {
      this.arm(jobId);
      this.mail.request(jobId);
    };
    this.eventStore = new EventStore(this.store.db, this.clock, newId, this.secrets, this.logger);
    this.ledger = new NotificationLedger(this.store.db, this.notificationConfig.sender);
    this.mail = new MailRuntime({
      db: this.store.db, clock: this.clock, logger: this.logger, secrets: this.secrets, events: this.eventStore,
      ledger: this.ledger, config: this.notificationConfig, delivery,
      contextOf: (jobId) => this.notificationContext(jobId),
      jobIds: () => this.store.jobs.jobs().map((j) => j.id),
    });
    this.quarantine = new QuarantineRuntime({
      store: this.store, events: this.eventStore, ledger: this.ledger, clock: this.clock, logger: this.logger,
      defaults: quarantineDefaults, holdDeletions: options.holdDeletions, afterCommit: onJobChanged,
    });
    this.ticks = new KeyedTimers(this.clock, (jobId) => this.quarantine.tick(jobId), this.logger, "quarantine tick");
    this.coordinator = new CycleCoordinator({
      store: this.store, logs: this.logs, directory: this.directory, clock: this.clock, logger: this.logger, newId, context, onJobChanged,
      quarantine: this.quarantine, events: this.eventStore,
    });
    const deleteLogs = this.store.db.prepare("DELETE FROM engine_provisioning_logs WHERE job_id = ?");
    this.jobs = new JobService({
      store: this.store, clock: this.clock, catalog, secrets: this.secrets, newId,
      coordinator: this.coordinator, onJobChanged, quarantine: this.quarantine, events: this.eventStore,
      deleteLogs: (jobId) => {
        deleteLogs.run(jobId);
        this.ledger.deleteJob(jobId);
      },
      notificationsBlocked: (job) => {
        const ctx = this.notificationContext(job.id);
        return ctx ? this.mail.blocked(ctx) : null;
      },
    });
    this.onDemandDeps = { store: this.store, logs: this.logs, directory: this.directory, clock: this.clock, newId, context };
    for (const sp of this.store.jobs.servicePrincipals()) {
      this.secrets.add(sp.secrets.SecretToken, sp.secrets.Oauth2ClientSecret);
    }
  }

  /**
   * Turns the scheduler on: interrupted cycles resume now, due cycles run, the rest are armed;
   * quarantine ticks are armed; mail starts (the embedded catcher listens) and notifications owed
   * while the engine was down go out. `apiBaseUrl` is linked from the mail.
   */
  async start(options: { apiBaseUrl?: string } = {}): Promise<void> {
    this.scheduler.start();
    this.ticks.start();
    for (const job of this.store.jobs.jobs()) {
      if (job.scheduleState === "Active" && this.store.cycles.running(job.id)) this.scheduler.arm(job.id, this.clock.now());
      else this.scheduler.arm(job.id, this.dueAt(job.id));
      this.armTick(job.id);
    }
    await this.mail.start(options);
  }

  /** Stops the scheduler and interrupts running cycles (they resume on the next start), then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
    this.ticks.stop();
    await this.coordinator.stopAll();
    await this.mail.close();
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

  // ---- quarantine, notifications, audit ----

  /** Quarantines the job now with QuarantinedOnDemand (held until start or restart with QuarantineState). */
  quarantineJob(jobId: string, input: { reason?: string; message?: string } = {}): SynchronizationJob {
    return this.jobs.view(this.jobs.quarantine(jobId, input));
  }

  /** The quarantine machine's state of the job (more than Graph's `status.quarantine` shows). */
  quarantineState(jobId: string): QuarantineState {
    return this.jobs.job(jobId).quarantine;
  }

  /** When the job's next cycle starts (the schedule's next run, or the quarantine's next attempt); null when none will. */
  nextCycleAt(jobId: string): number | null {
    this.jobs.job(jobId);
    return this.dueAt(jobId);
  }

  /** Job events in `seq` order (see engine/events/job-event.ts); throws RangeError for a bad query. */
  events<T extends JobEventType = JobEventType>(query: EventQuery<T> = {}): Array<Extract<JobEvent, { type: T }>> {
    return this.eventStore.query(query);
  }

  /** Calls `listener` with every job event from now on, once committed; returns the unsubscribe. */
  onEvent(listener: JobEventListener): () => void {
    return this.eventStore.onEvent(listener);
  }

  /** Job events as Graph `directoryAudit` records, newest first (`GET /v1.0/auditLogs/directoryAudits`). */
  directoryAudits(query: AuditQuery = {}): { value: DirectoryAudit[]; nextSkipToken?: string } {
    return queryDirectoryAudits(this.eventStore, (spId) => this.store.jobs.servicePrincipal(spId)?.displayName ?? null, query);
  }

  /** Mail the embedded catcher received, oldest first. */
  mails(query: MailQuery = {}): CaughtMail[] {
    return this.mail.store.list(query).items;
  }

  /** The job's notification ledger: owed, sending, sent and suppressed notifications. */
  notifications(jobId: string): NotificationRecord[] {
    this.jobs.job(jobId);
    return this.ledger.records(jobId);
  }

  /** The job's `SyncNotificationSettings`, parsed, and why no mail can go out now (null: it can). */
  notificationSettings(jobId: string): { settings: NotificationSettings; blocked: string | null } {
    const job = this.jobs.job(jobId);
    const sp = this.jobs.servicePrincipal(job.servicePrincipalId);
    const settings = notificationSettingsOf(sp.secrets);
    return { settings, blocked: this.mail.blocked(this.notificationContext(jobId)!) };
  }

  /**
   * Changes the job's notification settings (its service principal's `SyncNotificationSettings`
   * secret): recipients (a list or `"a@x;b@y"`), on/off, the accidental-deletion threshold.
   */
  setNotificationSettings(jobId: string, patch: NotificationSettingsPatch): { settings: NotificationSettings; blocked: string | null } {
    this.jobs.setNotificationSettings(jobId, patch);
    return this.notificationSettings(jobId);
  }

  /** Resolves when no notification mail is being sent (useful before reading the mailbox). */
  async mailIdle(): Promise<void> {
    await this.mail.idle();
  }

  private notificationContext(jobId: string): JobNotificationContext | null {
    const job = this.store.jobs.job(jobId);
    const sp = job && this.store.jobs.servicePrincipal(job.servicePrincipalId);
    if (!job || !sp) return null;
    return { jobId, servicePrincipalId: sp.id, jobName: sp.displayName, state: job.quarantine, settings: notificationSettingsOf(sp.secrets) };
  }

  private dueAt(jobId: string): number | null {
    const job = this.store.jobs.job(jobId);
    const sp = job && this.store.jobs.servicePrincipal(job.servicePrincipalId);
    return job && sp && job.scheduleState === "Active" && isConfigured(sp.secrets, job) ? job.nextRunAt : null;
  }

  private armTick(jobId: string): void {
    const job = this.store.jobs.job(jobId);
    this.ticks.arm(jobId, job ? nextTickAt(job.quarantine, this.quarantine.policyOf(job)) : null);
  }

  private arm(jobId: string): void {
    this.scheduler.arm(jobId, this.dueAt(jobId));
    this.armTick(jobId);
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
