/**
 * The validator's HTTP layer: a function from a request to a response with every header, so that
 * a failed check can show exactly what went over the wire. `fetchWire` is Node's fetch;
 * `redirectWire` sends to another origin (the local stand-in of `--dry-run`) while the request
 * keeps its real URL for the report.
 */
import type { RecordedExchange } from "./exchange";

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface WireResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  /** The record of this exchange, when a recording wire carried it. */
  exchange?: RecordedExchange;
}

export type Wire = (request: WireRequest) => Promise<WireResponse>;

export const fetchWire: Wire = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal ?? null,
    redirect: "manual",
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, text: await response.text() };
};

/** Sends every request whose URL starts with `from` to `to` instead (same path below it). */
export function redirectWire(inner: Wire, routes: ReadonlyArray<{ from: string; to: string }>): Wire {
  return (request) => {
    const route = routes.find((r) => request.url.startsWith(r.from));
    return inner(route ? { ...request, url: route.to + request.url.slice(route.from.length) } : request);
  };
}
