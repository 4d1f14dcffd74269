import type { SecretRegistry } from "../../common/redact";
import type { Exchange } from "../../simulator/app";
import type { CoreResponse } from "../../simulator/core-types";
import { classify } from "../../simulator/faults/classify";
import type { Target } from "../../simulator/index";
import type { JournalEntry } from "./world";

/** What is kept of one exchange until someone reads the journal (bodies are parsed then). */
interface Recorded {
  at: number;
  method: string;
  path: string;
  resource: string;
  operation: string | undefined;
  status: number;
  rule: string | undefined;
  raw: Buffer | undefined;
  token: boolean;
  latencyMs: number;
}

/**
 * Every request the world's target received since the world started, oldest first. The
 * simulator's own journal is a bounded ring (a long scenario outgrows it), so the world records
 * from the target's `done` hook instead, keeping references only; the entries (classified, bodies
 * parsed and scrubbed of the world's secrets) are built once, when first read.
 */
export class JournalRecorder {
  private readonly recorded: Recorded[] = [];
  private readonly built: JournalEntry[] = [];

  constructor(
    private readonly target: Target,
    private readonly secrets: SecretRegistry,
  ) {
    const previous = target.hooks.done;
    target.hooks.done = (exchange, response, kind) => {
      previous?.(exchange, response, kind);
      this.record(exchange, response, kind);
    };
  }

  /** The number of requests so far (cheap: nothing is built). */
  get size(): number {
    return this.recorded.length;
  }

  /** Every entry so far. The entries are shared: callers must not modify them. */
  entries(): JournalEntry[] {
    for (let i = this.built.length; i < this.recorded.length; i++) this.built.push(this.build(this.recorded[i]!));
    return [...this.built];
  }

  private record(exchange: Exchange, response: CoreResponse | undefined, kind: "scim" | "token"): void {
    const method = exchange.req.method ?? "GET";
    const path = exchange.path;
    const request = classify(method, path, undefined, kind === "token");
    const answered = !exchange.handled && response !== undefined;
    this.recorded.push({
      at: exchange.startedAt,
      method,
      path,
      resource: request.resource ?? "Other",
      operation: request.operation,
      status: answered ? response.status : 0,
      rule: exchange.fired?.[0],
      raw: exchange.raw,
      token: kind === "token",
      latencyMs: this.target.clock.now() - exchange.startedAt,
    });
  }

  private build(r: Recorded): JournalEntry {
    const entry: JournalEntry = {
      at: r.at,
      method: r.method,
      path: r.path,
      resource: r.resource,
      status: r.status,
      latencyMs: r.latencyMs,
    };
    if (r.operation !== undefined) entry.operation = r.operation;
    if (r.rule !== undefined) entry.rule = r.rule;
    if (r.raw && r.raw.length > 0) entry.body = this.secrets.scrubValue(parseBody(r.raw, r.token));
    return entry;
  }
}

function parseBody(raw: Buffer, form: boolean): unknown {
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return form ? Object.fromEntries(new URLSearchParams(text)) : text;
  }
}
