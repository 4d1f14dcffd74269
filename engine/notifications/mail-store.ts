import { openDatabase, type Db } from "../state/database";
import { notificationsMigrations } from "./migrations";

/** One message the catcher received over SMTP. Times are ISO 8601 on the engine's clock. */
export interface CaughtMail {
  id: number;
  messageId: string | null;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  from: string | null;
  to: string[];
  subject: string | null;
  /** Header name (lower case) -> value; repeated headers joined with a newline. */
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
  size: number;
}

export type NewCaughtMail = Omit<CaughtMail, "id" | "receivedAt"> & { receivedAt: number; raw: string };

export interface MailQuery {
  /** Only mail with this recipient (envelope or To header), case-insensitive. */
  to?: string | undefined;
  messageId?: string | undefined;
  /** Subject contains this text, case-insensitive. */
  subject?: string | undefined;
  /** Received at or after (epoch ms). */
  since?: number | undefined;
  /** @default 100 */
  limit?: number | undefined;
  /** @default 0 */
  offset?: number | undefined;
}

interface Row {
  id: number;
  message_id: string | null;
  received_at: number;
  envelope_from: string | null;
  envelope_to: string;
  header_from: string | null;
  header_to: string;
  subject: string | null;
  headers: string;
  text: string | null;
  html: string | null;
  size: number;
}

/**
 * Where the embedded catcher keeps mail: a table in the engine's SQLite file (so mail survives a
 * restart with the rest of the state), or an in-memory database for tests and throwaway worlds.
 */
export class MailStore {
  constructor(private readonly db: Db) {}

  /** A store in its own in-memory SQLite database. */
  static inMemory(): MailStore {
    return new MailStore(openDatabase(":memory:", notificationsMigrations));
  }

  add(mail: NewCaughtMail): CaughtMail {
    const result = this.db
      .prepare(
        `INSERT INTO caught_mail (message_id, received_at, envelope_from, envelope_to, header_from, header_to, subject, headers, text, html, raw, size)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        mail.messageId,
        mail.receivedAt,
        mail.envelope.from,
        JSON.stringify(mail.envelope.to),
        mail.from,
        JSON.stringify(mail.to),
        mail.subject,
        JSON.stringify(mail.headers),
        mail.text,
        mail.html,
        mail.raw,
        mail.size,
      );
    return this.get(Number(result.lastInsertRowid))!;
  }

  get(id: number): CaughtMail | null {
    const row = this.db.prepare("SELECT * FROM caught_mail WHERE id = ?").get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The raw RFC 5322 text as received. */
  raw(id: number): string | null {
    const row = this.db.prepare("SELECT raw FROM caught_mail WHERE id = ?").get(id) as { raw: string } | undefined;
    return row?.raw ?? null;
  }

  /** Matching mail, oldest first, and how many match in all. */
  list(query: MailQuery = {}): { items: CaughtMail[]; total: number } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.to) {
      where.push("(EXISTS (SELECT 1 FROM json_each(envelope_to) WHERE lower(value) = lower(?)) OR EXISTS (SELECT 1 FROM json_each(header_to) WHERE lower(value) = lower(?)))");
      args.push(query.to, query.to);
    }
    if (query.messageId) {
      where.push("message_id = ?");
      args.push(query.messageId);
    }
    if (query.subject) {
      where.push("instr(lower(subject), lower(?)) > 0");
      args.push(query.subject);
    }
    if (query.since !== undefined) {
      where.push("received_at >= ?");
      args.push(query.since);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (this.db.prepare(`SELECT count(*) AS n FROM caught_mail ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM caught_mail ${clause} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...args, query.limit ?? 100, query.offset ?? 0) as Row[];
    return { items: rows.map(fromRow), total };
  }

  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM caught_mail").get() as { n: number }).n;
  }

  clear(): void {
    this.db.prepare("DELETE FROM caught_mail").run();
  }
}

function fromRow(row: Row): CaughtMail {
  return {
    id: row.id,
    messageId: row.message_id,
    receivedAt: new Date(row.received_at).toISOString(),
    envelope: { from: row.envelope_from, to: JSON.parse(row.envelope_to) as string[] },
    from: row.header_from,
    to: JSON.parse(row.header_to) as string[],
    subject: row.subject,
    headers: JSON.parse(row.headers) as Record<string, string>,
    text: row.text,
    html: row.html,
    size: row.size,
  };
}
