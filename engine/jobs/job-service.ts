/**
 * Job operations: create and delete jobs, secrets, reconfigure, start, pause, restart. Each
 * change is persisted before it is acknowledged and re-arms the scheduler.
 */
import type { Clock } from "../../common/clock";
import { ConfigError } from "../../common/config-error";
import { toIsoDuration } from "../../common/duration";
import type { SecretRegistry } from "../../common/redact";
import type { EventStore } from "../events/event-store";
import type { JobEventData } from "../events/job-event";
import { parseNotificationSettings } from "../notifications/notification-settings";
import { parseResetScope } from "../quarantine/reset-scope";
import { INITIAL_QUARANTINE_STATE } from "../quarantine/types";
import type { EngineStore } from "../state/engine-store";
import type { SynchronizationJob } from "../model/graph-types";
import type { CycleCoordinator } from "./cycle-coordinator";
import { EngineError } from "./engine-error";
import { resolveJobConfig, type JobOptions, type MappingCatalog } from "./job-config";
import { EMPTY_STATUS, type JobRecord, type SecretMap, type ServicePrincipalRecord } from "./job-types";
import { notificationSettingsOf } from "./job-policy";
import { jobView } from "./job-view";
import type { QuarantineRuntime } from "./quarantine-runtime";
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
  /** Removes a job's provisioning logs (and notification records) when it is deleted. */
  deleteLogs: (jobId: string) => void;
  quarantine: QuarantineRuntime;
  events: EventStore;
  /** Why no notification mail can go out for the job now (for its status). */
  notificationsBlocked?: (job: JobRecord) => string | null;
}

/** A change of a job's notification settings (its service principal's SyncNotificationSettings). */
export interface NotificationSettingsPatch {
  enabled?: boolean;
  /** A list, or Graph's `"a@x;b@y"`. */
  recipients?: string | string[];
  deleteThresholdEnabled?: boolean;
  deleteThresholdValue?: number;
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
    const created = this.deps.events.transaction(() => {
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
        quarantine: INITIAL_QUARANTINE_STATE,
        forceDeletes: false,
        createdAt: now,
      };
      store.jobs.createJob(job);
      this.deps.events.record({
        type: "jobCreated", jobId: job.id, servicePrincipalId: sp.id, initiatedBy: "operator",
        data: { templateId: job.templateId, interval: toIsoDuration(intervalMs), started: input.start === true },
      }, now);
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
      notificationsBlocked: this.deps.notificationsBlocked?.(job) ?? null,
    });
  }

  /** Merges secrets (an empty value removes a key); Graph's PUT …/synchronization/secrets. */
  setSecrets(spId: string, entries: SecretMap | Array<{ key: string; value: string }>): void {
    const sp = this.servicePrincipal(spId);
    const given = secretMap(entries);
    const next = { ...sp.secrets };
    for (const [key, value] of Object.entries(given)) {
      if (value === "") delete next[key];
      else next[key] = value;
    }
    // A bad SyncNotificationSettings is refused (400 naming the field) rather than stored.
    const notifications = "SyncNotificationSettings" in given ? parseNotificationSettings(next.SyncNotificationSettings) : undefined;
    this.registerSecrets(next);
    const jobs = this.deps.store.jobs.jobs(spId);
    const keys = Object.keys(given).filter((k) => given[k] !== sp.secrets[k]);
    this.deps.events.transaction(() => {
      this.deps.store.jobs.setSecrets(spId, next);
      if (keys.length === 0) return;
      const changed = notifications ? ["secrets", "notificationSettings"] : ["secrets"];
      const data: JobEventData["settingsChanged"] = { changed, restartsJob: false, secretKeys: keys.sort() };
      if (notifications) {
        const { enabled, recipients, invalidRecipients, deleteThresholdEnabled, deleteThresholdValue } = notifications;
        data.notificationSettings = { enabled, recipients, invalidRecipients, deleteThresholdEnabled, deleteThresholdValue };
      }
      for (const job of jobs) {
        this.deps.events.record({ type: "settingsChanged", jobId: job.id, servicePrincipalId: spId, initiatedBy: "operator", data });
      }
    });
    for (const job of jobs) this.deps.onJobChanged(job.id);
  }

  /** Merges `patch` into the SyncNotificationSettings secret of the job's service principal. */
  setNotificationSettings(jobId: string, patch: NotificationSettingsPatch): void {
    const sp = this.servicePrincipal(this.job(jobId).servicePrincipalId);
    const current = notificationSettingsOf(sp.secrets);
    const recipients = patch.recipients ?? [...current.recipients, ...current.invalidRecipients];
    const value = {
      Enabled: patch.enabled ?? current.enabled,
      Recipients: Array.isArray(recipients) ? recipients.join(";") : recipients,
      DeleteThresholdEnabled: patch.deleteThresholdEnabled ?? current.deleteThresholdEnabled,
      DeleteThresholdValue: patch.deleteThresholdValue ?? current.deleteThresholdValue,
    };
    this.setSecrets(sp.id, { SyncNotificationSettings: JSON.stringify(value) });
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
        fresh.scheduleState === "Active" && fresh.quarantine.state === "Active" && intervalChanged && fresh.nextRunAt !== null
          ? Math.min(fresh.nextRunAt, this.deps.clock.now() + intervalMs)
          : fresh.nextRunAt,
    };
    const changed = changedSettings(fresh, next);
    this.deps.events.transaction(() => {
      this.deps.store.jobs.saveJob(next);
      if (changed.length > 0) {
        this.deps.events.record({
          type: "settingsChanged", jobId, servicePrincipalId: next.servicePrincipalId, initiatedBy: "operator",
          data: { changed, restartsJob: remap },
        });
      }
    });
    this.deps.onJobChanged(jobId);
    return next;
  }

  /** Resumes a paused or disabled job and clears any quarantine; its next cycle is due now. */
  start(jobId: string, spId?: string): JobRecord {
    this.job(jobId, spId);
    return this.deps.quarantine.apply(jobId, { type: "start" }, { initiatedBy: "operator", by: "start" });
  }

  /** Pauses the job, keeping all state (a quarantine too); a running cycle finishes. */
  pause(jobId: string, spId?: string): JobRecord {
    this.job(jobId, spId);
    return this.deps.quarantine.apply(jobId, { type: "pause" }, { initiatedBy: "operator", by: "start" });
  }

  /**
   * Restart with `criteria.resetScope` (section 5): Escrows, Watermark, QuarantineState,
   * ConnectorDataStore, ForceDeletes, Full, None; empty = QuarantineState, Watermark, Escrows. A
   * cycle in progress is stopped and abandoned; then the quarantine machine decides (it resumes the
   * job and runs a cycle now, unless a quarantine only an operator can clear is kept).
   */
  async restart(jobId: string, resetScope: string | readonly string[] | null | undefined, spId?: string): Promise<JobRecord> {
    this.job(jobId, spId);
    try {
      parseResetScope(resetScope ?? null);
    } catch (error) {
      if (error instanceof ConfigError) throw EngineError.badRequest(error.message);
      throw error;
    }
    await this.deps.coordinator.stop(jobId);
    this.deps.coordinator.abandonInterrupted(jobId, "the job was restarted");
    return this.deps.quarantine.apply(jobId, { type: "restart", resetScope: resetScope ?? null }, { initiatedBy: "operator", by: "restart" });
  }

  /**
   * Quarantines the job now with QuarantinedOnDemand (the operator API; `QuarantineOnDemand` is
   * accepted too). It holds until start or restart with QuarantineState; no cycles run meanwhile.
   */
  quarantine(jobId: string, input: { reason?: string; message?: string } = {}, spId?: string): JobRecord {
    this.job(jobId, spId);
    const reason = input.reason ?? "QuarantinedOnDemand";
    if (reason !== "QuarantinedOnDemand" && reason !== "QuarantineOnDemand") {
      throw EngineError.badRequest(`reason must be QuarantinedOnDemand (or QuarantineOnDemand), not '${reason}'`);
    }
    const message = input.message === undefined ? undefined : this.deps.secrets.scrub(input.message);
    return this.deps.quarantine.apply(
      jobId,
      { type: "quarantineOnDemand", reason, ...(message !== undefined ? { message } : {}) },
      { initiatedBy: "operator", by: "start" },
    );
  }

  async deleteJob(jobId: string, spId?: string): Promise<void> {
    this.job(jobId, spId);
    await this.deps.coordinator.stop(jobId);
    this.deps.coordinator.abandonInterrupted(jobId, "the job was deleted");
    const job = this.job(jobId);
    this.deps.events.transaction(() => {
      this.deps.store.jobs.deleteJob(jobId);
      this.deps.deleteLogs(jobId);
      this.deps.events.record({ type: "jobDeleted", jobId, servicePrincipalId: job.servicePrincipalId, initiatedBy: "operator", data: {} });
    });
    this.deps.onJobChanged(jobId);
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

/** The settings that differ between two versions of a job (names as in the operator API). */
function changedSettings(before: JobRecord, after: JobRecord): string[] {
  const out: string[] = [];
  const differ = (a: unknown, b: unknown): boolean => JSON.stringify(a) !== JSON.stringify(b);
  const { mappings: m1, ...rest1 } = before.config;
  const { mappings: m2, ...rest2 } = after.config;
  const scopingOf = (m: typeof m1) => [m.user.scoping ?? null, m.group.scoping ?? null];
  const withoutScoping = (m: typeof m1) => [{ ...m.user, scoping: undefined }, { ...m.group, scoping: undefined }];
  if (differ(withoutScoping(m1), withoutScoping(m2))) out.push("mappings");
  if (differ(scopingOf(m1), scopingOf(m2))) out.push("scoping");
  if (before.intervalMs !== after.intervalMs) out.push("interval");
  for (const key of Object.keys({ ...rest1, ...rest2 }) as Array<keyof typeof rest1>) {
    if (differ(rest1[key], rest2[key])) out.push(key);
  }
  return out;
}
