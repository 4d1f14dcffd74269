/**
 * The request journal: every request and response in a bounded ring. Recording keeps references
 * (headers, body buffers, response objects) and does the redaction and serialisation only when
 * someone reads the journal, so the hot path pays almost nothing for it.
 */
import type { IncomingHttpHeaders } from "node:http";
import { redactHeaders, type SecretRegistry } from "../../common/redact";
import type { CoreResponse } from "../core-types";

export interface JournalEntry {
  seq: number;
  /** ISO time on the target's clock when the request arrived. */
  time: string;
  method: string;
  /** Path as requested, without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  requestHeaders: Record<string, unknown>;
  requestBody?: unknown;
  /** Undefined when no response was sent (reset, hang). */
  status?: number;
  responseHeaders: Record<string, unknown>;
  responseBody?: unknown;
  /** Milliseconds on the target's clock (injected latency shows here, also on a virtual clock). */
  latencyMs: number;
  /** Wall-clock milliseconds the server spent. */
  wallMs: number;
  /** Ids of the fault rules that fired. */
  faults: string[];
  requestId: string;
}

export interface JournalQuery {
  method?: string;
  /** Substring of the path, or a glob with `*`. */
  path?: string;
  status?: number;
  /** ISO date-time or epoch ms on the target's clock. */
  since?: string | number;
  /** The most recent N matching entries. */
  limit?: number;
}

/** What the journal keeps: the recorded input under its sequence number. */
type RawEntry = RecordInput & { seq: number };

export interface RecordInput {
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  response: CoreResponse | undefined;
  responseHeaders: Record<string, unknown>;
  latencyMs: number;
  wallMs: number;
  faults: string[] | undefined;
  requestId: string;
  /** False when no response went out (a reset connection, a hang). */
  answered: boolean;
}

export class Journal {
  private ring: Array<RawEntry | undefined>;
  private next = 0;
  private seq = 0;

  constructor(
    private capacity: number,
    private readonly secrets: SecretRegistry,
  ) {
    this.ring = new Array(capacity);
  }

  get size(): number {
    return Math.min(this.seq, this.capacity);
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  record(input: RecordInput): void {
    if (this.capacity === 0) return;
    const entry = input as RawEntry;
    entry.seq = ++this.seq;
    // A request body is a slice of a socket read buffer (often 64 KiB): keep a copy of just the
    // body, or a thousand entries would pin tens of megabytes.
    if (entry.body && entry.body.length > 0) entry.body = Buffer.from(entry.body);
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.next = 0;
  }

  /** Matching entries, oldest first (the last `limit` of them). */
  find(query: JournalQuery = {}): JournalEntry[] {
    const since = query.since === undefined ? undefined : typeof query.since === "number" ? query.since : Date.parse(query.since);
    const pathTest = query.path === undefined ? undefined : query.path.includes("*") ? globTest(query.path) : (p: string) => p.includes(query.path!);
    const method = query.method?.toUpperCase();
    const out: RawEntry[] = [];
    for (const raw of this.ordered()) {
      if (method && raw.method !== method) continue;
      if (query.status !== undefined && raw.response?.status !== query.status) continue;
      if (since !== undefined && raw.at < since) continue;
      if (pathTest && !pathTest(raw.url.split("?")[0]!)) continue;
      out.push(raw);
    }
    const limited = query.limit !== undefined ? out.slice(Math.max(0, out.length - query.limit)) : out;
    return limited.map((raw) => this.expand(raw));
  }

  private *ordered(): Iterable<RawEntry> {
    for (let i = 0; i < this.capacity; i++) {
      const raw = this.ring[(this.next + i) % this.capacity];
      if (raw) yield raw;
    }
  }

  /** Secret headers are already masked (scheme kept); registered secret values are scrubbed from the rest. */
  private scrubHeaders(headers: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(headers)) out[k] = typeof v === "string" ? this.secrets.scrub(v) : Array.isArray(v) ? v.map((x) => this.secrets.scrub(String(x))) : v;
    return out;
  }

  private expand(raw: RawEntry): JournalEntry {
    const url = new URL(raw.url, "http://journal.invalid");
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const existing = query[k];
      query[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
    }
    return {
      seq: raw.seq,
      time: new Date(raw.at).toISOString(),
      method: raw.method,
      path: url.pathname,
      query,
      requestHeaders: this.scrubHeaders(redactHeaders({ ...raw.headers })),
      ...(raw.body && raw.body.length > 0 ? { requestBody: this.secrets.scrubValue(bodyValue(raw.body)) } : {}),
      ...(raw.response && !isHandled(raw) ? { status: raw.response.status } : {}),
      responseHeaders: this.scrubHeaders(redactHeaders(raw.responseHeaders)),
      ...(raw.response?.body !== undefined && !isHandled(raw) ? { responseBody: this.secrets.scrubValue(raw.response.body) } : {}),
      latencyMs: raw.latencyMs,
      wallMs: raw.wallMs,
      faults: raw.faults ?? [],
      requestId: raw.requestId,
    };
  }
}

function isHandled(raw: RawEntry): boolean {
  return !raw.answered;
}

function bodyValue(buffer: Buffer): unknown {
  const text = buffer.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function globTest(glob: string): (path: string) => boolean {
  const re = new RegExp(`^${glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return (p) => re.test(p);
}
