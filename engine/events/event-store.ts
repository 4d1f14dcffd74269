import type { Db } from "../state/database";
import type { SecretRegistry } from "../../common/redact";
import type { Logger } from "../../common/logger";
import { JOB_EVENT_TYPES, type JobEvent, type JobEventListener, type JobEventType, type NewJobEvent } from "./job-event";

export interface EventQuery<T extends JobEventType = JobEventType> {
  /** Only events with a `seq` greater than this (read on from the last one seen). */
  since?: number | undefined;
  jobId?: string | undefined;
  types?: readonly T[] | undefined;
  /** Only events at or after / at or before (epoch ms). */
  from?: number | undefined;
  to?: number | undefined;
  /** @default 1000, at most 10000 */
  limit?: number | undefined;
  /** Newest first instead of oldest first. @default false */
  newestFirst?: boolean | undefined;
}

export const MAX_EVENT_PAGE = 10_000;

interface Row {
  seq: number;
  id: string;
  job_id: string;
  sp_id: string;
  at: number;
  type: JobEventType;
  initiated_by: "system" | "operator";
  data: string;
}

/**
 * The job-event audit (table `engine_job_events`). `record` writes inside the caller's
 * transaction; listeners hear of an event only once it is committed (`flush`, called by
 * {@link EventStore.transaction} or right away outside a transaction), so nobody sees an event
 * whose change was rolled back.
 */
export class EventStore {
  private readonly listeners = new Set<JobEventListener>();
  private pending: JobEvent[] = [];
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly clock: { now(): number },
    private readonly newId: () => string,
    private readonly secrets: SecretRegistry,
    private readonly logger: Logger,
  ) {
    this.insert = db.prepare(
      "INSERT INTO engine_job_events (id, job_id, sp_id, at, type, initiated_by, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
  }

  /** Writes an event (scrubbed of secrets) at the clock's now; published once committed. */
  record(event: NewJobEvent, at = this.clock.now()): JobEvent {
    const data = this.secrets.scrubValue(event.data);
    const id = this.newId();
    const result = this.insert.run(id, event.jobId, event.servicePrincipalId, at, event.type, event.initiatedBy, JSON.stringify(data));
    const stored = { ...event, data, seq: Number(result.lastInsertRowid), id, at: new Date(at).toISOString(), atMs: at } as JobEvent;
    this.pending.push(stored);
    if (!this.db.inTransaction) this.flush();
    return stored;
  }

  /** Runs `work` in one transaction; its events are published after the commit, dropped on a rollback. */
  transaction<T>(work: () => T): T {
    const mark = this.pending.length;
    try {
      const result = this.db.transaction(work)();
      if (!this.db.inTransaction) this.flush();
      return result;
    } catch (error) {
      this.pending.length = mark;
      throw error;
    }
  }

  /** Publishes committed events to the listeners. */
  flush(): void {
    const events = this.pending;
    this.pending = [];
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.logger.warn({ err: error, seq: event.seq }, "a job-event listener failed");
        }
      }
    }
  }

  /** Calls `listener` with every event committed from now on; returns the unsubscribe. */
  onEvent(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Events in `seq` order (oldest first unless `newestFirst`). Throws RangeError for a bad limit or type. */
  query<T extends JobEventType = JobEventType>(query: EventQuery<T> = {}): Array<Extract<JobEvent, { type: T }>> {
    const limit = query.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE) {
      throw new RangeError(`limit must be a whole number from 1 to ${MAX_EVENT_PAGE}`);
    }
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.since !== undefined) {
      if (!Number.isInteger(query.since) || query.since < 0) throw new RangeError("since must be a whole number (an event's seq), 0 or more");
      where.push("seq > ?");
      params.push(query.since);
    }
    if (query.jobId !== undefined) {
      where.push("job_id = ?");
      params.push(query.jobId);
    }
    if (query.types !== undefined && query.types.length > 0) {
      for (const type of query.types) {
        if (!JOB_EVENT_TYPES.includes(type)) throw new RangeError(`unknown event type '${type}'; use one of ${JOB_EVENT_TYPES.join(", ")}`);
      }
      where.push(`type IN (${query.types.map(() => "?").join(", ")})`);
      params.push(...query.types);
    }
    if (query.from !== undefined) {
      where.push("at >= ?");
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push("at <= ?");
      params.push(query.to);
    }
    return this.select(where, params, limit, query.newestFirst === true) as Array<Extract<JobEvent, { type: T }>>;
  }

  /** Events matching a SQL condition over the table's columns (the Graph audit filter), newest first. */
  select(where: string[], params: Array<string | number>, limit: number, newestFirst = true): JobEvent[] {
    const sql =
      "SELECT * FROM engine_job_events" +
      (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
      ` ORDER BY seq ${newestFirst ? "DESC" : "ASC"} LIMIT ?`;
    return (this.db.prepare(sql).all(...params, limit) as Row[]).map(fromRow);
  }

  /** The highest `seq` so far (0 when there is none). */
  lastSeq(): number {
    return (this.db.prepare("SELECT coalesce(max(seq), 0) AS n FROM engine_job_events").get() as { n: number }).n;
  }
}

function fromRow(row: Row): JobEvent {
  return {
    seq: row.seq,
    id: row.id,
    jobId: row.job_id,
    servicePrincipalId: row.sp_id,
    at: new Date(row.at).toISOString(),
    atMs: row.at,
    type: row.type,
    initiatedBy: row.initiated_by,
    data: JSON.parse(row.data) as never,
  } as JobEvent;
}
