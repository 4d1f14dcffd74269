import { notificationsMigrations } from "../notifications/migrations";
import type { Migration } from "./database";

/**
 * The engine's own tables (the source directory keeps its own, with `directory-*` migrations).
 * Times are epoch milliseconds on the engine's clock. JSON columns hold values whose shape is
 * owned by one TypeScript type each (named beside the column).
 */
export const ENGINE_MIGRATIONS: Migration[] = [
  {
    id: "engine-001",
    sql: `
      -- Engine-wide values (API token digest, id seeds).
      CREATE TABLE engine_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- One per application; its synchronization secrets (ServicePrincipalSecrets) live here.
      CREATE TABLE engine_service_principals (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        secrets TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL
      );

      -- Jobs: config (JobConfig), schedule, runtime status (PersistedStatus), watermark.
      CREATE TABLE engine_jobs (
        id TEXT PRIMARY KEY,
        sp_id TEXT NOT NULL REFERENCES engine_service_principals(id) ON DELETE CASCADE,
        template_id TEXT NOT NULL,
        config TEXT NOT NULL,
        interval_ms INTEGER NOT NULL,
        schedule_state TEXT NOT NULL,
        next_run_at INTEGER,
        watermark TEXT,
        status TEXT NOT NULL,
        quarantine TEXT,
        created_at INTEGER NOT NULL
      );

      -- The connector data store: which target object each source object became, and what was
      -- last exported to it (snapshot: attribute path -> value; members: source id -> target id).
      CREATE TABLE engine_links (
        job_id TEXT NOT NULL REFERENCES engine_jobs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        active INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        members TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (job_id, kind, source_id)
      ) WITHOUT ROWID;

      -- Escrows: objects whose export failed, retried on the escrow schedule.
      CREATE TABLE engine_escrows (
        job_id TEXT NOT NULL REFERENCES engine_jobs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        first_failed_at INTEGER NOT NULL,
        last_failed_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        next_retry_at INTEGER NOT NULL,
        error_code TEXT NOT NULL,
        error_message TEXT NOT NULL,
        reference INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (job_id, kind, source_id)
      ) WITHOUT ROWID;
      CREATE INDEX engine_escrows_due ON engine_escrows (job_id, next_retry_at);

      -- Cycles: one row per cycle; a 'running' row after a restart is an interrupted cycle.
      CREATE TABLE engine_cycles (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES engine_jobs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        base_watermark TEXT,
        target_watermark TEXT,
        began_at INTEGER NOT NULL,
        ended_at INTEGER,
        counts TEXT NOT NULL,
        total_units INTEGER NOT NULL DEFAULT 0,
        error TEXT
      );
      CREATE INDEX engine_cycles_job ON engine_cycles (job_id, state);

      -- Work items of a running cycle already committed (kind-prefixed keys: u:, g:, m:, r:).
      CREATE TABLE engine_cycle_done (
        cycle_id TEXT NOT NULL REFERENCES engine_cycles(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        PRIMARY KEY (cycle_id, item)
      ) WITHOUT ROWID;

      -- Provisioning logs (provisioningObjectSummary); body holds the record without the parts
      -- that are the same for every record of a job (rebuilt on read).
      CREATE TABLE engine_provisioning_logs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        job_id TEXT NOT NULL,
        sp_id TEXT NOT NULL,
        cycle_id TEXT NOT NULL,
        change_id TEXT NOT NULL,
        activity_at INTEGER NOT NULL,
        action TEXT NOT NULL,
        status TEXT NOT NULL,
        source_id TEXT,
        target_id TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX engine_logs_job_time ON engine_provisioning_logs (job_id, activity_at);
      CREATE INDEX engine_logs_cycle ON engine_provisioning_logs (cycle_id);
      CREATE INDEX engine_logs_time ON engine_provisioning_logs (activity_at);
    `,
  },
  {
    id: "engine-002",
    sql: `
      -- Restart with ForceDeletes: the next completed cycle exports its deletions whatever their number.
      ALTER TABLE engine_jobs ADD COLUMN force_deletes INTEGER NOT NULL DEFAULT 0;

      -- The audit of job events (JobEvent): cycles, quarantine, operator actions, settings, mail.
      -- Kept when a job is deleted: an audit outlives what it audits.
      CREATE TABLE engine_job_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        job_id TEXT NOT NULL,
        sp_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        initiated_by TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX engine_job_events_job ON engine_job_events (job_id, seq);
      CREATE INDEX engine_job_events_time ON engine_job_events (at);
    `,
  },
  {
    id: "engine-003",
    sql: `
      -- The connector data store as a rowid table keyed by a unique index. WITHOUT ROWID kept each
      -- row (its ~2 KB snapshot included) in the key's B-tree, where a row that large spills onto
      -- an overflow page and every key comparison of a lookup or insert reads that page back from
      -- the file: most of a first cycle's SQLite time. Same columns, same key, same constraints.
      CREATE TABLE engine_links_new (
        job_id TEXT NOT NULL REFERENCES engine_jobs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        active INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        members TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (job_id, kind, source_id)
      );
      INSERT INTO engine_links_new (job_id, kind, source_id, target_id, active, snapshot, members, updated_at)
        SELECT job_id, kind, source_id, target_id, active, snapshot, members, updated_at FROM engine_links;
      DROP TABLE engine_links;
      ALTER TABLE engine_links_new RENAME TO engine_links;
    `,
  },
  // The notification ledger and the catcher's mailbox live in the same file.
  ...notificationsMigrations,
];
