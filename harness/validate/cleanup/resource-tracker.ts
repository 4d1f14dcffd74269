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
   * Deletes everything not deleted yet (groups first, since they point at users), then proves each
   * one gone: by its id (GET answers 404) when known, else by looking its key up again. A resource
   * that cannot be deleted, or whose key cannot be looked up, is reported as left behind.
   */
  async cleanup(client: ProbeClient): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: 0, leftovers: [] };
    const leftover = (endpoint: Endpoint, key: string, reason: string, id?: string) => {
      if (!report.leftovers.some((l) => l.endpoint === endpoint && l.key === key)) report.leftovers.push({ endpoint, key, reason, ...(id ? { id } : {}) });
    };
    for (const endpoint of ["Groups", "Users"] as const) {
      const items = this.items.filter((i) => i.endpoint === endpoint && !i.deleted);
      const ids = new Map<string, string>();
      for (const item of items) {
        if (item.id) ids.set(item.id, item.key);
        const found = await this.lookup(client, endpoint, item.key);
        if (found.ok) for (const id of found.ids) ids.set(id, item.key);
        else if (!item.id) leftover(endpoint, item.key, `cannot be looked up (${found.reason}); it may exist: delete it by hand`);
      }
      for (const [id, key] of ids) {
        const response = await client.request("DELETE", `/${endpoint}/${encodeURIComponent(id)}`);
        if (response.status === 404 || (response.status >= 200 && response.status < 300)) {
          if (response.status !== 404) report.deleted++;
        } else {
          leftover(endpoint, key, `DELETE answered ${response.status}`, id);
        }
      }
      for (const [id, key] of ids) {
        const response = await client.request("GET", `/${endpoint}/${encodeURIComponent(id)}`);
        if (response.status === 404) this.deleted(endpoint, id);
        else leftover(endpoint, key, `still there after its DELETE (GET answered ${response.status})`, id);
      }
      for (const item of items) if (!item.id && !report.leftovers.some((l) => l.key === item.key)) item.deleted = true;
    }
    return report;
  }

  /** Ids of the resources whose key equals `key` (case-insensitively) and carries the prefix. */
  private async lookup(client: ProbeClient, endpoint: Endpoint, key: string): Promise<{ ok: true; ids: string[] } | { ok: false; reason: string }> {
    const attribute = KEY_ATTRIBUTE[endpoint];
    let response: ProbeResponse;
    try {
      response = await client.request("GET", `/${endpoint}`, {
        query: { filter: `${attribute} eq ${JSON.stringify(key)}`, ...(endpoint === "Groups" ? { excludedAttributes: "members" } : {}) },
      });
    } catch (error) {
      if (client.signal.aborted) throw error;
      return { ok: false, reason: "no answer" };
    }
    // An empty 200 is how some endpoints say "no match"; validate has reported that already.
    if (response.status === 200 && response.text.trim() === "") return { ok: true, ids: [] };
    const resources = (response.json as { Resources?: unknown } | undefined)?.Resources;
    if (response.status !== 200 || (resources !== undefined && !Array.isArray(resources))) return { ok: false, reason: `the ${attribute} filter answered ${response.status}` };
    const ids: string[] = [];
    for (const r of (resources ?? []) as Array<Record<string, unknown>>) {
      const value = r?.[attribute];
      if (typeof r?.id !== "string" || typeof value !== "string") continue;
      if (value.toLowerCase() === key.toLowerCase() && value.toLowerCase().startsWith(this.prefix.toLowerCase())) ids.push(r.id);
    }
    return { ok: true, ids };
  }
}
