import Database from "better-sqlite3";

export type Db = Database.Database;

/** One schema change, applied once, in id order within its module. Never edit one that shipped. */
export interface Migration {
  /** `<module>-<nnn>`, e.g. `directory-001`. Applied in lexical order. */
  id: string;
  sql: string;
}

/**
 * Opens (or creates) the engine's SQLite file in WAL mode and applies pending migrations, each in
 * its own transaction. `synchronous = NORMAL` with WAL keeps every committed transaction across a
 * process crash (SIGKILL); only a power loss can roll back the last ones, which is the trade-off
 * the engine wants for per-object commits.
 */
export function openDatabase(file: string, migrations: Migration[]): Db {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: Migration[]): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(
    (db.prepare("SELECT id FROM schema_migrations").all() as Array<{ id: string }>).map((r) => r.id),
  );
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  const pending = [...migrations].filter((m) => !applied.has(m.id)).sort((a, b) => a.id.localeCompare(b.id));
  const record = db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)");
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      // Wall time is fine here: when a migration ran is an operator's fact, not engine state.
      record.run(m.id, new Date().toISOString()); // real-time: migration bookkeeping
    })();
  }
  return pending.map((m) => m.id);
}
