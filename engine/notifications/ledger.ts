import type { Db } from "../state/database";
import type { OwedNotification, QuarantineReason } from "../quarantine/types";
import { notificationMessageId, type NotificationKey } from "./message-id";
import type { NotificationRecord, NotificationStatus } from "./notification-record";

interface Row {
  job_id: string;
  series_began: number;
  kind: NotificationRecord["kind"];
  sequence: number;
  status: NotificationStatus;
  message_id: string;
  due_at: number;
  not_before: number | null;
  attempts: number;
  reason: QuarantineReason;
  previous_reason: QuarantineReason | null;
  held_deletions: number | null;
  sent_at: number | null;
  suppressed_because: string | null;
  last_error: string | null;
}

const KEY = "job_id = ? AND series_began = ? AND kind = ? AND sequence = ?";

/**
 * The notification ledger (table `notification_records`, migration notifications-001): what is
 * owed, being sent, sent or suppressed, per (job, series, kind, sequence). Each write is one
 * statement, so it is atomic; call `owe` inside the transaction that persists the quarantine
 * state, so an owed notification exists exactly when the state that owes it does.
 */
export class NotificationLedger {
  constructor(
    private readonly db: Db,
    /** The sender address: the right-hand side of Message-IDs. */
    private readonly sender: string,
  ) {}

  /** Records a `notify` effect. Idempotent: owing the same key again changes nothing. */
  owe(jobId: string, notification: OwedNotification, now: number): NotificationRecord {
    const key: NotificationKey = { jobId, seriesBegan: notification.seriesBegan, kind: notification.kind, sequence: notification.sequence };
    this.db
      .prepare(
        `INSERT OR IGNORE INTO notification_records
           (job_id, series_began, kind, sequence, status, message_id, due_at, reason, previous_reason, held_deletions)
         VALUES (?, ?, ?, ?, 'owed', ?, ?, ?, ?, ?)`,
      )
      .run(
        ...keyArgs(key),
        notificationMessageId(key, this.sender),
        now,
        notification.reason,
        notification.previousReason ?? null,
        notification.heldDeletions ?? null,
      );
    return this.get(key)!;
  }

  /**
   * Records the intent to send before the SMTP conversation starts (creating the record of a
   * quarantine reminder). After a crash the record is found `sending` and sent again.
   */
  markSending(
    key: NotificationKey,
    detail: { dueAt: number; reason: QuarantineReason; previousReason: QuarantineReason | null; heldDeletions: number | null },
  ): NotificationRecord {
    this.db
      .prepare(
        `INSERT INTO notification_records
           (job_id, series_began, kind, sequence, status, message_id, due_at, attempts, reason, previous_reason, held_deletions)
         VALUES (?, ?, ?, ?, 'sending', ?, ?, 1, ?, ?, ?)
         ON CONFLICT (job_id, series_began, kind, sequence)
         DO UPDATE SET status = 'sending', attempts = attempts + 1, not_before = NULL`,
      )
      .run(
        ...keyArgs(key),
        notificationMessageId(key, this.sender),
        detail.dueAt,
        detail.reason,
        detail.previousReason,
        detail.heldDeletions,
      );
    return this.get(key)!;
  }

  markSent(key: NotificationKey, now: number): void {
    this.db.prepare(`UPDATE notification_records SET status = 'sent', sent_at = ?, last_error = NULL WHERE ${KEY}`).run(now, ...keyArgs(key));
  }

  /** A failed send: owed again, not before `notBefore`. `error` must already be free of secrets. */
  markFailed(key: NotificationKey, error: string, notBefore: number): void {
    this.db
      .prepare(`UPDATE notification_records SET status = 'owed', last_error = ?, not_before = ? WHERE ${KEY}`)
      .run(error, notBefore, ...keyArgs(key));
  }

  /** Due but not to be sent (disabled, no recipient, switched off, superseded). */
  markSuppressed(
    key: NotificationKey,
    because: string,
    detail: { dueAt: number; reason: QuarantineReason; previousReason: QuarantineReason | null; heldDeletions: number | null },
  ): void {
    this.db
      .prepare(
        `INSERT INTO notification_records
           (job_id, series_began, kind, sequence, status, message_id, due_at, reason, previous_reason, held_deletions, suppressed_because)
         VALUES (?, ?, ?, ?, 'suppressed', ?, ?, ?, ?, ?, ?)
         ON CONFLICT (job_id, series_began, kind, sequence)
         DO UPDATE SET status = 'suppressed', suppressed_because = excluded.suppressed_because`,
      )
      .run(
        ...keyArgs(key),
        notificationMessageId(key, this.sender),
        detail.dueAt,
        detail.reason,
        detail.previousReason,
        detail.heldDeletions,
        because,
      );
  }

  get(key: NotificationKey): NotificationRecord | null {
    const row = this.db.prepare(`SELECT * FROM notification_records WHERE ${KEY}`).get(...keyArgs(key)) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Every record of a job, oldest series first (the planner's input). */
  records(jobId: string): NotificationRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM notification_records WHERE job_id = ? ORDER BY series_began, due_at, kind, sequence")
      .all(jobId) as Row[];
    return rows.map(fromRow);
  }

  /** Forgets a deleted job's records. */
  deleteJob(jobId: string): void {
    this.db.prepare("DELETE FROM notification_records WHERE job_id = ?").run(jobId);
  }
}

function keyArgs(key: NotificationKey): [string, number, string, number] {
  return [key.jobId, key.seriesBegan, key.kind, key.sequence];
}

function fromRow(row: Row): NotificationRecord {
  return {
    jobId: row.job_id,
    seriesBegan: row.series_began,
    kind: row.kind,
    sequence: row.sequence,
    status: row.status,
    messageId: row.message_id,
    dueAt: row.due_at,
    notBefore: row.not_before,
    attempts: row.attempts,
    reason: row.reason,
    previousReason: row.previous_reason,
    heldDeletions: row.held_deletions,
    sentAt: row.sent_at,
    suppressedBecause: row.suppressed_because,
    lastError: row.last_error,
  };
}
