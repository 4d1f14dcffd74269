import type { Db } from "./database";
import type { SynchronizationScheduleState } from "../model/graph-types";
import type {
  JobConfig,
  JobRecord,
  PersistedStatus,
  SecretMap,
  ServicePrincipalRecord,
} from "../jobs/job-types";
import { INITIAL_QUARANTINE_STATE } from "../quarantine/types";
import { parseQuarantineState, serializeQuarantineState } from "../quarantine/persisted-state";

interface JobRow {
  id: string;
  sp_id: string;
  template_id: string;
  config: string;
  interval_ms: number;
  schedule_state: string;
  next_run_at: number | null;
  watermark: string | null;
  status: string;
  quarantine: string | null;
  force_deletes: number;
  created_at: number;
}

interface SpRow {
  id: string;
  app_id: string;
  display_name: string;
  secrets: string;
  created_at: number;
}

/** Service principals and jobs, with their schedule, status and watermark. */
export class JobStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insertSp: db.prepare(
        "INSERT INTO engine_service_principals (id, app_id, display_name, secrets, created_at) VALUES (?, ?, ?, ?, ?)",
      ),
      getSp: db.prepare("SELECT * FROM engine_service_principals WHERE id = ?"),
      listSps: db.prepare("SELECT * FROM engine_service_principals ORDER BY created_at, id"),
      setSecrets: db.prepare("UPDATE engine_service_principals SET secrets = ? WHERE id = ?"),
      deleteSp: db.prepare("DELETE FROM engine_service_principals WHERE id = ?"),
      insertJob: db.prepare(
        `INSERT INTO engine_jobs (id, sp_id, template_id, config, interval_ms, schedule_state, next_run_at,
           watermark, status, quarantine, force_deletes, created_at)
         VALUES (@id, @sp_id, @template_id, @config, @interval_ms, @schedule_state, @next_run_at,
           @watermark, @status, @quarantine, @force_deletes, @created_at)`,
      ),
      getJob: db.prepare("SELECT * FROM engine_jobs WHERE id = ?"),
      listJobs: db.prepare("SELECT * FROM engine_jobs ORDER BY created_at, id"),
      listJobsOfSp: db.prepare("SELECT * FROM engine_jobs WHERE sp_id = ? ORDER BY created_at, id"),
      deleteJob: db.prepare("DELETE FROM engine_jobs WHERE id = ?"),
      updateJob: db.prepare(
        `UPDATE engine_jobs SET config = @config, interval_ms = @interval_ms, schedule_state = @schedule_state,
           next_run_at = @next_run_at, watermark = @watermark, status = @status, quarantine = @quarantine,
           force_deletes = @force_deletes
         WHERE id = @id`,
      ),
    };
  }

  createServicePrincipal(sp: ServicePrincipalRecord): void {
    this.s.insertSp.run(sp.id, sp.appId, sp.displayName, JSON.stringify(sp.secrets), sp.createdAt);
  }

  servicePrincipal(id: string): ServicePrincipalRecord | undefined {
    const row = this.s.getSp.get(id) as SpRow | undefined;
    return row && spFromRow(row);
  }

  servicePrincipals(): ServicePrincipalRecord[] {
    return (this.s.listSps.all() as SpRow[]).map(spFromRow);
  }

  setSecrets(spId: string, secrets: SecretMap): void {
    this.s.setSecrets.run(JSON.stringify(secrets), spId);
  }

  deleteServicePrincipal(id: string): void {
    this.s.deleteSp.run(id);
  }

  createJob(job: JobRecord): void {
    this.s.insertJob.run(rowFromJob(job));
  }

  job(id: string): JobRecord | undefined {
    const row = this.s.getJob.get(id) as JobRow | undefined;
    return row && jobFromRow(row);
  }

  jobs(spId?: string): JobRecord[] {
    const rows = (spId === undefined ? this.s.listJobs.all() : this.s.listJobsOfSp.all(spId)) as JobRow[];
    return rows.map(jobFromRow);
  }

  /** Writes every mutable field of `job` (config, schedule, status, watermark, quarantine, forceDeletes). */
  saveJob(job: JobRecord): void {
    const row = rowFromJob(job);
    this.s.updateJob.run({
      id: row.id,
      config: row.config,
      interval_ms: row.interval_ms,
      schedule_state: row.schedule_state,
      next_run_at: row.next_run_at,
      watermark: row.watermark,
      status: row.status,
      quarantine: row.quarantine,
      force_deletes: row.force_deletes,
    });
  }

  deleteJob(id: string): void {
    this.s.deleteJob.run(id);
  }
}

function spFromRow(row: SpRow): ServicePrincipalRecord {
  return {
    id: row.id,
    appId: row.app_id,
    displayName: row.display_name,
    secrets: JSON.parse(row.secrets) as SecretMap,
    createdAt: row.created_at,
  };
}

function jobFromRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    servicePrincipalId: row.sp_id,
    templateId: row.template_id,
    config: JSON.parse(row.config) as JobConfig,
    intervalMs: row.interval_ms,
    scheduleState: row.schedule_state as SynchronizationScheduleState,
    nextRunAt: row.next_run_at,
    watermark: row.watermark,
    status: JSON.parse(row.status) as PersistedStatus,
    // Parsed strictly: a corrupt state throws CorruptQuarantineStateError rather than run on half of it.
    quarantine: row.quarantine === null ? INITIAL_QUARANTINE_STATE : parseQuarantineState(row.quarantine),
    forceDeletes: row.force_deletes === 1,
    createdAt: row.created_at,
  };
}

function rowFromJob(job: JobRecord): JobRow {
  return {
    id: job.id,
    sp_id: job.servicePrincipalId,
    template_id: job.templateId,
    config: JSON.stringify(job.config),
    interval_ms: job.intervalMs,
    schedule_state: job.scheduleState,
    next_run_at: job.nextRunAt,
    watermark: job.watermark,
    status: JSON.stringify(job.status),
    quarantine: serializeQuarantineState(job.quarantine),
    force_deletes: job.forceDeletes ? 1 : 0,
    created_at: job.createdAt,
  };
}
