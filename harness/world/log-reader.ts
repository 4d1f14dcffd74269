import type { ProvisioningObjectSummary } from "../../engine/model/graph-types";

/** One page of the engine's provisioning logs, newest first (Graph's `auditLogs/provisioning`). */
export interface LogPageReader {
  (skipToken: string | undefined): Promise<{ value: ProvisioningObjectSummary[]; nextSkipToken?: string }>;
}

/**
 * Every provisioning log record, oldest first, read incrementally: the engine serves them newest
 * first in pages, and records are never rewritten, so each read fetches pages only until it meets
 * the newest record it already has.
 */
export class LogReader {
  private records: ProvisioningObjectSummary[] = [];

  constructor(private readonly page: LogPageReader) {}

  async all(): Promise<ProvisioningObjectSummary[]> {
    const newest = this.records.at(-1)?.id;
    const fresh: ProvisioningObjectSummary[] = [];
    let token: string | undefined;
    outer: for (;;) {
      const { value, nextSkipToken } = await this.page(token);
      for (const record of value) {
        if (record.id === newest) break outer;
        fresh.push(record);
      }
      if (!nextSkipToken) break;
      token = nextSkipToken;
    }
    if (fresh.length > 0) this.records = [...this.records, ...fresh.reverse()];
    return [...this.records];
  }
}

/** A Graph `auditLogs/provisioning` page: the next page's link carries the skip token. */
interface GraphLogPage {
  value: ProvisioningObjectSummary[];
  "@odata.nextLink"?: string;
}

/** Pages of an engine's provisioning logs over its HTTP API (`GET /v1.0/auditLogs/provisioning`). */
export function graphLogPages(get: (path: string) => Promise<GraphLogPage>): LogPageReader {
  return async (skipToken) => {
    const page = await get(`/v1.0/auditLogs/provisioning?$top=1000${skipToken !== undefined ? `&$skiptoken=${encodeURIComponent(skipToken)}` : ""}`);
    const next = page["@odata.nextLink"] ? new URL(page["@odata.nextLink"]).searchParams.get("$skiptoken") : null;
    return { value: page.value, ...(next ? { nextSkipToken: next } : {}) };
  };
}
