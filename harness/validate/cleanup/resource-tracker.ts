/**
 * Everything validate creates on the target, so that it can all be removed at the end, also after
 * an interruption. A resource is known by the id its POST answered with, or, when that answer
 * never came (Ctrl-C in flight, the engine's own creates), by its matching key (`userName`,
 * `displayName`), which always carries the run prefix. Cleanup never deletes a resource whose key
 * does not start with the prefix, so it cannot touch anything it did not create.
 */
import type { ProbeClient, ProbeResponse } from "../http/probe-client";

export type Endpoint = "Users" | "Groups";

interface Tracked {
  endpoint: Endpoint;
  /** `userName` for users, `displayName` for groups. */
  key: string;
  id?: string;
  deleted: boolean;
}

export interface CleanupReport {
  deleted: number;
  /** Resources still on the target afterwards, or that could not be deleted, with the reason. */
  leftovers: Array<{ endpoint: Endpoint; key: string; id?: string; reason: string }>;
}

export const KEY_ATTRIBUTE: Record<Endpoint, string> = { Users: "userName", Groups: "displayName" };

export class ResourceTracker {
  private readonly items: Tracked[] = [];

  constructor(readonly prefix: string) {}

  /** Call before sending a create: the key alone is enough to find the resource later. */
  willCreate(endpoint: Endpoint, key: string): Tracked {
    if (!key.toLowerCase().startsWith(this.prefix.toLowerCase())) {
      throw new Error(`internal: ${endpoint} key ${JSON.stringify(key)} lacks the run prefix ${this.prefix}`);
    }
    const item: Tracked = { endpoint, key, deleted: false };
    this.items.push(item);
    return item;
  }

  created(item: Tracked, id: string): void {
    item.id = id;
  }

  /** A resource renamed by a check: its key changes. */
  renamed(endpoint: Endpoint, id: string, key: string): void {
    for (const item of this.items) if (item.endpoint === endpoint && item.id === id) item.key = key;
  }

  deleted(endpoint: Endpoint, id: string): void {
    for (const item of this.items) if (item.endpoint === endpoint && item.id === id) item.deleted = true;
  }

  get pending(): number {
    return this.items.filter((i) => !i.deleted).length;
  }

  /**
   * Deletes everything not deleted yet (groups first, since they point at users), then looks each
   * key up again to prove it is gone.
   */
  async cleanup(client: ProbeClient): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: 0, leftovers: [] };
    for (const endpoint of ["Groups", "Users"] as const) {
      const items = this.items.filter((i) => i.endpoint === endpoint && !i.deleted);
      const ids = new Map<string, string>();
      for (const item of items) {
        if (item.id) ids.set(item.id, item.key);
        for (const found of await this.lookup(client, endpoint, item.key)) ids.set(found, item.key);
      }
      for (const [id, key] of ids) {
        const response = await client.request("DELETE", `/${endpoint}/${encodeURIComponent(id)}`);
        if (response.status === 404 || (response.status >= 200 && response.status < 300)) {
          if (response.status !== 404) report.deleted++;
          this.deleted(endpoint, id);
        } else {
          report.leftovers.push({ endpoint, key, id, reason: `DELETE answered ${response.status}` });
        }
      }
      for (const item of items) {
        const still = await this.lookup(client, endpoint, item.key);
        if (still.length > 0 && !report.leftovers.some((l) => l.key === item.key)) {
          report.leftovers.push({ endpoint, key: item.key, id: still[0]!, reason: "still found after its DELETE" });
        }
        if (still.length === 0) item.deleted = true;
      }
    }
    return report;
  }

  /** Ids of the resources whose key equals `key` (case-insensitively) and carries the prefix. */
  private async lookup(client: ProbeClient, endpoint: Endpoint, key: string): Promise<string[]> {
    const attribute = KEY_ATTRIBUTE[endpoint];
    let response: ProbeResponse;
    try {
      response = await client.request("GET", `/${endpoint}`, {
        query: { filter: `${attribute} eq ${JSON.stringify(key)}`, ...(endpoint === "Groups" ? { excludedAttributes: "members" } : {}) },
      });
    } catch (error) {
      if (client.signal.aborted) throw error;
      return [];
    }
    const resources = (response.json as { Resources?: unknown } | undefined)?.Resources;
    if (response.status !== 200 || !Array.isArray(resources)) return [];
    const ids: string[] = [];
    for (const r of resources as Array<Record<string, unknown>>) {
      const value = r?.[attribute];
      if (typeof r?.id !== "string" || typeof value !== "string") continue;
      if (value.toLowerCase() === key.toLowerCase() && value.toLowerCase().startsWith(this.prefix.toLowerCase())) ids.push(r.id);
    }
    return ids;
  }
}
