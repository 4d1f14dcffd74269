import { classify } from "../../simulator/faults/classify";
import type { JournalEntry as ProxyEntry } from "../../simulator/journal/journal";
import type { ScimProxy } from "../proxy/index";
import type { JournalEntry } from "./world";

/**
 * The proxy's journal in the world's shape: every request the engine sent towards the endpoint,
 * as the engine saw it (a request a fault rule answered never reached the endpoint but is here,
 * with the rule's id), classified as the simulator classifies requests, paths below the SCIM base
 * path. Bodies are already scrubbed of the world's secrets by the proxy's journal.
 *
 * Entries are built once: each read expands only the exchanges recorded since the last one (an
 * `advance: {until}` reads the journal at every clock step). The proxy's journal must be large
 * enough never to wrap during a scenario.
 */
export class ProxyJournalView {
  private readonly built: JournalEntry[] = [];
  private readonly ids = { users: [] as string[], groups: [] as string[] };
  private readonly base: string;

  constructor(private readonly proxy: ScimProxy) {
    this.base = proxy.basePath === "/" ? "" : proxy.basePath;
  }

  /** Every entry so far, oldest first. The entries are shared: callers must not modify them. */
  entries(): JournalEntry[] {
    const fresh = this.proxy.journal.size - this.built.length;
    if (fresh > 0) for (const e of this.proxy.journal.find({ limit: fresh })) this.built.push(this.build(e));
    return [...this.built];
  }

  /**
   * Ids of the run's creates, from the 2xx answers the engine saw. A create whose answer a fault
   * replaced (commitThenFail) is not here; the prefix listing finds it.
   */
  createdIds(): { users: string[]; groups: string[] } {
    this.entries();
    return { users: [...this.ids.users], groups: [...this.ids.groups] };
  }

  private build(e: ProxyEntry): JournalEntry {
    const base = this.base;
    const scim = base === "" || e.path === base || e.path.startsWith(`${base}/`);
    const token = !scim && e.method === "POST" && /\/token$/i.test(e.path);
    const path = scim ? e.path.slice(base.length) || "/" : e.path;
    const request = classify(e.method, path, undefined, token);
    const entry: JournalEntry = {
      at: Date.parse(e.time),
      method: e.method,
      path,
      resource: scim || token ? (request.resource ?? "Other") : "Other",
      status: e.status ?? 0,
      latencyMs: e.latencyMs,
    };
    if ((scim || token) && request.operation !== undefined) entry.operation = request.operation;
    if (e.faults.length > 0) entry.rule = e.faults[0];
    if (e.requestBody !== undefined) entry.body = e.requestBody;
    const id = (e.responseBody as { id?: unknown } | undefined)?.id;
    if (scim && request.operation === "create" && entry.status >= 200 && entry.status < 300 && typeof id === "string") {
      if (request.resource === "Users") this.ids.users.push(id);
      else if (request.resource === "Groups") this.ids.groups.push(id);
    }
    return entry;
  }
}
