import type { Db } from "../state/database";
import type { ProvisioningObjectSummary, ProvisioningServicePrincipal } from "../model/graph-types";
import { compileLogFilter } from "./log-filter";

/** A log record as the cycle writes it: everything but the parts rebuilt on read. */
export type StoredLogRecord = Omit<ProvisioningObjectSummary, "servicePrincipal" | "sourceSystem" | "targetSystem">;

export interface LogQuery {
  /** OData `$filter` (see log-filter.ts). */
  filter?: string | undefined;
  /** Page size. @default 100, at most 1000 */
  top?: number | undefined;
  /** Opaque continuation from the previous page's `@odata.nextLink`. */
  skipToken?: string | undefined;
}

export interface LogPage {
  value: ProvisioningObjectSummary[];
  /** Present when more records match: pass it back as `skipToken`. */
  nextSkipToken?: string;
}

export const MAX_LOG_PAGE = 1000;

interface LogRow {
  seq: number;
  sp_id: string;
  body: string;
}

/** Provisioning logs, newest first, with Graph's filters and paging. */
export class LogStore {
  private readonly insertStmt;
  private readonly countStmt;

  constructor(
    private readonly db: Db,
    /** Resolves the service principal of a record for the parts rebuilt on read. */
    private readonly servicePrincipal: (spId: string) => ProvisioningServicePrincipal,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO engine_provisioning_logs (id, job_id, sp_id, cycle_id, change_id, activity_at, action, status,
         source_id, target_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.countStmt = db.prepare("SELECT count(*) AS n FROM engine_provisioning_logs WHERE job_id = ?");
  }

  insert(spId: string, record: StoredLogRecord): void {
    this.insertStmt.run(
      record.id,
      record.jobId,
      spId,
      record.cycleId,
      record.changeId,
      Date.parse(record.activityDateTime),
      record.provisioningAction,
      record.provisioningStatusInfo.status,
      record.sourceIdentity.id,
      record.targetIdentity.id,
      JSON.stringify(record),
    );
  }

  count(jobId: string): number {
    return (this.countStmt.get(jobId) as { n: number }).n;
  }

  /** Throws FilterSyntaxError for a bad filter and RangeError for a bad `top` or skip token. */
  query(query: LogQuery = {}): LogPage {
    const top = query.top ?? 100;
    if (!Number.isInteger(top) || top < 1 || top > MAX_LOG_PAGE) {
      throw new RangeError(`$top must be a whole number from 1 to ${MAX_LOG_PAGE}`);
    }
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.filter !== undefined && query.filter.trim() !== "") {
      const compiled = compileLogFilter(query.filter);
      where.push(compiled.sql);
      params.push(...compiled.params);
    }
    if (query.skipToken !== undefined) {
      const seq = Number(query.skipToken);
      if (!Number.isInteger(seq) || seq < 0) throw new RangeError("$skiptoken is not one this API issued");
      where.push("seq < ?");
      params.push(seq);
    }
    const sql =
      `SELECT seq, sp_id, body FROM engine_provisioning_logs` +
      (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
      ` ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, top + 1) as LogRow[];
    const page = rows.slice(0, top);
    const value = page.map((row) => this.render(row));
    const more = rows.length > top;
    return more ? { value, nextSkipToken: String(page[page.length - 1]!.seq) } : { value };
  }

  private render(row: LogRow): ProvisioningObjectSummary {
    const stored = JSON.parse(row.body) as StoredLogRecord;
    const sp = this.servicePrincipal(row.sp_id);
    return {
      ...stored,
      servicePrincipal: sp,
      sourceSystem: { id: "AzureActiveDirectory", displayName: "Azure Active Directory", details: {} },
      targetSystem: { id: sp.id, displayName: sp.displayName, details: { ApplicationId: sp.id } },
    };
  }
}
