/**
 * The validator's SCIM client: sends one request, returns the whole answer (status, every header,
 * text, parsed JSON) and records the exchange for the report. Unlike the engine's client it
 * neither retries nor classifies: a check decides what an answer means.
 */
import { SCIM_CONTENT_TYPE } from "../../../scim/types";
import type { HttpTransport } from "../../../engine/scim-client/http-transport";
import type { TargetAuth } from "../../../engine/scim-client/target-auth";
import { parseBody, type RecordedExchange } from "./exchange";
import type { Wire } from "./wire";

export interface ProbeOptions {
  baseUrl: string;
  wire: Wire;
  auth: TargetAuth;
  timeoutMs: number;
  /** Aborts every request in flight (Ctrl-C). */
  signal: AbortSignal;
}

export interface ProbeRequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** false: send no Authorization header; a string: send this one instead. @default true */
  auth?: boolean | string;
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON; undefined when the body is empty or not JSON. */
  json: unknown;
  /** The request as sent, for messages. */
  method: string;
  path: string;
  /** Its record, for the report. */
  exchange?: RecordedExchange;
}

export class ProbeClient {
  readonly baseUrl: string;

  constructor(private readonly options: ProbeOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  get signal(): AbortSignal {
    return this.options.signal;
  }

  async request(method: string, path: string, options: ProbeRequestOptions = {}): Promise<ProbeResponse> {
    this.options.signal.throwIfAborted();
    const headers: Record<string, string> = { accept: SCIM_CONTENT_TYPE };
    if (options.body !== undefined) headers["content-type"] = SCIM_CONTENT_TYPE;
    if (options.auth === undefined || options.auth === true) headers.authorization = await this.options.auth.authorization();
    else if (typeof options.auth === "string") headers.authorization = options.auth;
    Object.assign(headers, options.headers ?? {});
    const query = options.query ? `?${new URLSearchParams(options.query).toString().replace(/\+/g, "%20")}` : "";
    const response = await this.options.wire({
      method,
      url: `${this.baseUrl}${path}${query}`,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
      signal: AbortSignal.any([this.options.signal, AbortSignal.timeout(this.options.timeoutMs)]), // real-time: per-request timeout against a real endpoint
    });
    if (response.status === 401) this.options.auth.invalidate();
    const parsed = parseBody(response.text);
    return {
      status: response.status,
      headers: response.headers,
      text: response.text,
      json: typeof parsed === "string" ? undefined : parsed,
      method,
      path: `${path}${query}`,
      ...(response.exchange ? { exchange: response.exchange } : {}),
    };
  }
}

/** The engine's transport interface over a wire, so the engine's own token client and cycles go through the same recording. */
export function wireTransport(wire: Wire): HttpTransport {
  return async (request) => {
    const response = await wire({ method: request.method, url: request.url, headers: request.headers, body: request.body, signal: request.signal });
    return { status: response.status, text: response.text, header: (name) => response.headers[name.toLowerCase()] ?? null };
  };
}
