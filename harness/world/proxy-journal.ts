import { classify } from "../../simulator/faults/classify";
import type { ScimProxy } from "../proxy/index";
import type { JournalEntry } from "./world";

/** A journal entry with the answer's body, for the world's own use (cleanup), never for reports. */
export type ProxyJournalEntry = JournalEntry & { response?: unknown };

/**
 * The proxy's journal in the world's shape: every request the engine sent towards the endpoint,
 * as the engine saw it (a request a fault rule answered never reached the endpoint but is here,
 * with the rule's id), classified as the simulator classifies requests, paths below the SCIM base
 * path. Bodies are already scrubbed of the world's secrets by the proxy's journal.
 */
export function proxyJournalEntries(proxy: ScimProxy, options: { responses?: boolean } = {}): ProxyJournalEntry[] {
  const base = proxy.basePath === "/" ? "" : proxy.basePath;
  return proxy.journal.find().map((e) => {
    const scim = base === "" || e.path === base || e.path.startsWith(`${base}/`);
    const token = !scim && e.method === "POST" && /\/token$/i.test(e.path);
    const path = scim ? e.path.slice(base.length) || "/" : e.path;
    const request = classify(e.method, path, undefined, token);
    const entry: ProxyJournalEntry = {
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
    if (options.responses && e.responseBody !== undefined) entry.response = e.responseBody;
    return entry;
  });
}
