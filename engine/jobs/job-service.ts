/**
 * Job operations: create and delete jobs, secrets, reconfigure, start, pause, restart. Each
 * change is persisted before it is acknowledged and re-arms the scheduler.
 */
import type { Clock } from "../../common/clock";
import { ConfigError } from "../../common/config-error";
import type { SecretRegistry } from "../../common/redact";
import { parseResetScope } from "../quarantine/reset-scope";
import type { EngineStore } from "../state/engine-store";
import type { SynchronizationJob } from "../model/graph-types";
import type { CycleCoordinator } from "./cycle-coordinator";
import { EngineError } from "./engine-error";
import { resolveJobConfig, type JobOptions, type MappingCatalog } from "./job-config";
import { EMPTY_STATUS, type JobRecord, type SecretMap, type ServicePrincipalRecord } from "./job-types";
import { jobView } from "./job-view";
import { NotConfiguredError, SECRET_VALUE_KEYS, targetSettings } from "./target-settings";

export interface CreateJobInput extends JobOptions {
  /** Use (or create, with this id) this service principal. @default a new one */
  servicePrincipalId?: string;
  /** Display name of a new service principal. @default "scimlab application" */
  displayName?: string;
  /** Synchronization secrets, as a map or Graph's `[{key, value}]`. */
  secrets?: SecretMap | Array<{ key: string; value: string }>;
  /** Start the job at once (its first cycle is due now). @default false */
  start?: boolean;
}

export interface JobServiceDeps {
  store: EngineStore;
  clock: Clock;
  catalog: MappingCatalog;
  secrets: SecretRegistry;
  newId: () => string;
  coordinator: CycleCoordinator;
  /** Called with the id of every job whose schedule may have changed (or that was deleted). */
  onJobChanged: (jobId: string) => void;
  /** Removes a job's provisioning logs when it is deleted. */
  deleteLogs: (jobId: string) => void;
}

export interface RestartResult {
  job: SynchronizationJob;
  reset: string[];
}

export class JobService {
  constructor(private readonly deps: JobServiceDeps) {}

  createJob(input: CreateJobInput = {}): { servicePrincipal: ServicePrincipalRecord; job: JobRecord } {
    const { store, clock, newId } = this.deps;
    const { config, intervalMs } = resolveJobConfig(input, this.deps.catalog);
    const secrets = input.secrets === undefined ? {} : secretMap(input.secrets);
    this.registerSecrets(secrets);
    const now = clock.now();
    const created = store.transaction(() => {
      let sp = input.servicePrincipalId ? store.jobs.servicePrincipal(input.servicePrincipalId) : undefined;
      if (!sp) {
        sp = {
          id: input.servicePrincipalId ?? newId(),
          appId: newId(),
          displayName: input.displayName ?? "scimlab application",
          secrets,
          createdAt: now,
        };
        store.jobs.createServicePrincipal(sp);
      } else if (input.secrets !== undefined) {
        sp = { ...sp, secrets: { ...sp.secrets, ...secrets } };
        store.jobs.setSecrets(sp.id, sp.secrets);
      }
      const hex = (): string => newId().replace(/-/g, "");
      const job: JobRecord = {
        id: `${config.templateId}.${hex()}.${hex()}`,
        servicePrincipalId: sp.id,
        templateId: config.templateId,
        config,
        intervalMs,
        scheduleState: input.start ? "Active" : "Disabled",
        nextRunAt: input.start ? now : null,
        watermark: null,
        status: EMPTY_STATUS,
        quarantine: null,
        createdAt: now,
      };
      store.jobs.createJob(job);
      return { servicePrincipal: sp, job };
    });
    this.deps.onJobChanged(created.job.id);
    return created;
  }

  servicePrincipal(id: string): ServicePrincipalRecord {
    const sp = this.deps.store.jobs.servicePrincipal(id);
    if (!sp) throw EngineError.notFound("service principal", id);
    return sp;
  }

  job(jobId: string, spId?: string): JobRecord {
    const job = this.deps.store.jobs.job(jobId);
    if (!job || (spId !== undefined && job.servicePrincipalId !== spId)) throw EngineError.notFound("synchronization job", jobId);
    return job;
  }

  view(job: JobRecord): SynchronizationJob {
    const { store, coordinator, clock } = this.deps;
    const sp = store.jobs.servicePrincipal(job.servicePrincipalId);
    return jobView(job, {
      configured: sp ? isConfigured(sp.secrets, job) : false,
      progress: coordinator.progressOf(job.id),
      synchronized: { users: store.links.count(job.id, "user"), groups: store.links.count(job.id, "group") },
      now: clock.now(),
    });
  }

  /** Merges secrets (an empty value removes a key); Graph's PUT …/synchronization/secrets. */
  setSecrets(spId: string, entries: SecretMap | Array<{ key: string; value: string }>): void {
    const sp = this.servicePrincipal(spId);
    const next = { ...sp.secrets };
    for (const [key, value] of Object.entries(secretMap(entries))) {
      if (value === "") delete next[key];
      else next[key] = value;
    }
    this.registerSecrets(next);
    this.deps.store.jobs.setSecrets(spId, next);
    for (const job of this.deps.store.jobs.jobs(spId)) this.deps.onJobChanged(job.id);
  }

  /**
   * Reconfigures a job. Changing mappings or scoping filters restarts it, as the service does: the
   * watermark is cleared (and a cycle in progress abandoned), so the next cycle is initial.
   */
  async updateJob(jobId: string, options: JobOptions): Promise<JobRecord> {
    const job = this.job(jobId);
    const { config, intervalMs } = resolveJobConfig(options, this.deps.catalog, { config: job.config, intervalMs: job.intervalMs });
    const remap = JSON.stringify(config.mappings) !== JSON.stringify(job.config.mappings);
    if (remap) {
      await this.deps.coordinator.stop(jobId);
      this.deps.coordinator.abandonInterrupted(jobId, "the attribute mappings changed");
    }
    const fresh = this.job(jobId);
    const intervalChanged = intervalMs !== fresh.intervalMs;
    const next: JobRecord = {
      ...fresh,
      config,
      intervalMs,
      watermark: remap ? null : fresh.watermark,
      nextRunAt:
        fresh.scheduleState === "Active" && intervalChanged && fresh.nextRunAt !== null
          ? Math.min(fresh.nextRunAt, this.deps.clock.now() + intervalMs)
          : fresh.nextRunAt,
    };
    this.save(next);
    return next;
  }

  /** Resumes a paused or disabled job; its next cycle is due now. */
  start(jobId: string, spId?: string): JobRecord {
    const job = this.job(jobId, spId);
    const next: JobRecord = { ...job, scheduleState: "Active", nextRunAt: this.deps.clock.now(), quarantine: null };
    this.save(next);
    return next;
  }

  /** Pauses the job, keeping all state; a running cycle finishes. */
  pause(jobId: string, spId?: string): JobRecord {
    const job = this.job(jobId, spId);
    const next: JobRecord = { ...job, scheduleState: "Paused", nextRunAt: null };
    this.save(next);
    return next;
  }

  /**
   * Restart with `criteria.resetScope` (section 5): Escrows, Watermark, QuarantineState,
   * ConnectorDataStore, ForceDeletes, Full; empty = QuarantineState, Watermark, Escrows. A cycle
   * in progress is stopped and abandoned; the job is then started.
   */
  async restart(jobId: string, resetScope: string | readonly string[] | null | undefined, spId?: string): Promise<JobRecord> {
    this.job(jobId, spId);
    let scope;
    try {
      scope = parseResetScope(resetScope ?? null);
    } catch (error) {
      if (error instanceof ConfigError) throw EngineError.badRequest(error.message);
      throw error;
    }
    const { store, coordinator, clock } = this.deps;
    await coordinator.stop(jobId);
    coordinator.abandonInterrupted(jobId, "the job was restarted");
    const next = store.transaction(() => {
      const job = this.job(jobId);
      if (scope.has("Escrows")) store.escrows.clear(jobId);
      if (scope.has("ConnectorDataStore")) store.links.clear(jobId);
      const restarted: JobRecord = {
        ...job,
        watermark: scope.has("Watermark") ? null : job.watermark,
        quarantine: scope.has("QuarantineState") ? null : job.quarantine,
        status: scope.has("Escrows") ? { ...job.status, escrowsPruned: false } : job.status,
        scheduleState: "Active",
        nextRunAt: clock.now(),
      };
      store.jobs.saveJob(restarted);
      return restarted;
    });
    this.deps.onJobChanged(next.id);
    return next;
  }

  async deleteJob(jobId: string, spId?: string): Promise<void> {
    this.job(jobId, spId);
    await this.deps.coordinator.stop(jobId);
    this.deps.coordinator.abandonInterrupted(jobId, "the job was deleted");
    this.deps.store.transaction(() => {
      this.deps.store.jobs.deleteJob(jobId);
      this.deps.deleteLogs(jobId);
    });
    this.deps.onJobChanged(jobId);
  }

  private save(job: JobRecord): void {
    this.deps.store.jobs.saveJob(job);
    this.deps.onJobChanged(job.id);
  }

  private registerSecrets(secrets: SecretMap): void {
    for (const key of SECRET_VALUE_KEYS) this.deps.secrets.add(secrets[key]);
  }
}

/** Whether the secrets name a usable target. */
export function isConfigured(secrets: SecretMap, job: JobRecord): boolean {
  try {
    targetSettings(secrets, job.config.dialect);
    return true;
  } catch (error) {
    if (error instanceof NotConfiguredError) return false;
    throw error;
  }
}

export function secretMap(input: SecretMap | Array<{ key: string; value: string }>): SecretMap {
  if (!Array.isArray(input)) return { ...input };
  const out: SecretMap = {};
  for (const entry of input) out[entry.key] = entry.value;
  return out;
}
