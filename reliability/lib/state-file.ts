/**
 * Reads a (killed) engine's SQLite file the way the next start will find it: integrity, the
 * job's quarantine state, escrows and the notification ledger as last committed.
 */
import Database from "better-sqlite3";

export interface CommittedState {
  integrity: string;
  foreignKeyProblems: number;
  quarantine: Record<string, unknown> | null;
  escrows: string[];
  /** Message-ID -> ledger status (owed, sending, sent, suppressed). */
  notifications: Map<string, string>;
}

export function readCommittedState(file: string, jobId: string): CommittedState {
  const db = new Database(file, { fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true }) as string;
    const foreignKeyProblems = (db.pragma("foreign_key_check") as unknown[]).length;
    const job = db.prepare("SELECT quarantine FROM engine_jobs WHERE id = ?").get(jobId) as { quarantine: string | null } | undefined;
    const escrows = (db.prepare("SELECT kind || ':' || source_id AS key FROM engine_escrows WHERE job_id = ? ORDER BY key").all(jobId) as Array<{ key: string }>).map((r) => r.key);
    const notifications = new Map(
      (db.prepare("SELECT message_id, status FROM notification_records WHERE job_id = ?").all(jobId) as Array<{ message_id: string; status: string }>).map((r) => [r.message_id, r.status]),
    );
    return { integrity, foreignKeyProblems, quarantine: job?.quarantine ? (JSON.parse(job.quarantine) as Record<string, unknown>) : null, escrows, notifications };
  } finally {
    db.close();
  }
}
