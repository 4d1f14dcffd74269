import type { Migration } from "../state/database";

/**
 * The notifications module's tables: the ledger of owed and sent notifications, and the mail the
 * embedded catcher received. Never edit a migration that shipped; add the next one.
 */
export const notificationsMigrations: Migration[] = [
  {
    id: "notifications-001",
    sql: `
      CREATE TABLE notification_records (
        job_id TEXT NOT NULL,
        series_began INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('quarantine', 'reasonChanged', 'jobDisabled', 'deletionsHeld')),
        sequence INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('owed', 'sending', 'sent', 'suppressed')),
        message_id TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        not_before INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL,
        previous_reason TEXT,
        held_deletions INTEGER,
        sent_at INTEGER,
        suppressed_because TEXT,
        last_error TEXT,
        PRIMARY KEY (job_id, series_began, kind, sequence)
      );
      CREATE INDEX notification_records_pending ON notification_records (job_id, status);
      CREATE TABLE caught_mail (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT,
        received_at INTEGER NOT NULL,
        envelope_from TEXT,
        envelope_to TEXT NOT NULL,
        header_from TEXT,
        header_to TEXT NOT NULL,
        subject TEXT,
        headers TEXT NOT NULL,
        text TEXT,
        html TEXT,
        raw TEXT NOT NULL,
        size INTEGER NOT NULL
      );
      CREATE INDEX caught_mail_message_id ON caught_mail (message_id);
    `,
  },
];
