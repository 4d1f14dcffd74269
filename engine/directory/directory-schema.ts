import type { Migration } from "../state/database";

/**
 * The source directory's tables. Every user and group row carries `change_seq`, the directory's
 * change sequence at its last change; a hard deletion leaves a tombstone with its own sequence.
 * A delta query is then three indexed range scans (`change_seq > ?`), and "one entry per object,
 * its latest state" holds by construction. Users and groups are clustered on their id (WITHOUT
 * ROWID), so listing them in id order is a sequential read rather than 100,000 row lookups.
 */
export const directoryMigrations: Migration[] = [
  {
    id: "directory-001",
    sql: `
      CREATE TABLE directory_sequence (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
      );
      INSERT INTO directory_sequence (id, value) VALUES (1, 0);

      CREATE TABLE directory_users (
        id TEXT PRIMARY KEY,
        user_principal_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        mail TEXT,
        mail_nickname TEXT NOT NULL,
        given_name TEXT,
        surname TEXT,
        display_name TEXT NOT NULL,
        account_enabled INTEGER NOT NULL,
        department TEXT,
        job_title TEXT,
        employee_id TEXT,
        manager_id TEXT REFERENCES directory_users (id) DEFERRABLE INITIALLY DEFERRED,
        soft_deleted INTEGER NOT NULL DEFAULT 0,
        change_seq INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX directory_users_change ON directory_users (change_seq);
      CREATE INDEX directory_users_manager ON directory_users (manager_id) WHERE manager_id IS NOT NULL;

      CREATE TABLE directory_groups (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        mail_nickname TEXT NOT NULL,
        description TEXT,
        soft_deleted INTEGER NOT NULL DEFAULT 0,
        change_seq INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX directory_groups_change ON directory_groups (change_seq);

      CREATE TABLE directory_members (
        group_id TEXT NOT NULL REFERENCES directory_groups (id) DEFERRABLE INITIALLY DEFERRED,
        user_id TEXT NOT NULL REFERENCES directory_users (id) DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (group_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX directory_members_user ON directory_members (user_id);

      CREATE TABLE directory_assignments (
        service_principal_id TEXT NOT NULL,
        principal_id TEXT NOT NULL,
        principal_type TEXT NOT NULL CHECK (principal_type IN ('User', 'Group')),
        PRIMARY KEY (service_principal_id, principal_id)
      ) WITHOUT ROWID;
      CREATE INDEX directory_assignments_principal ON directory_assignments (principal_id);

      CREATE TABLE directory_tombstones (
        kind TEXT NOT NULL CHECK (kind IN ('user', 'group')),
        id TEXT NOT NULL,
        change_seq INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
      CREATE INDEX directory_tombstones_change ON directory_tombstones (change_seq);
    `,
  },
];
