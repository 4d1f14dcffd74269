import { Agent, util, type Dispatcher } from "undici";

/**
 * The engine's only way to make HTTP requests: undici's keep-alive pools (the default) or Node's
 * fetch; unit tests pass a fake. The client wraps every
 * call in `clock.io` and adds the IO_HEADER; a transport only moves bytes.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal: AbortSignal;
  /**
   * The same abort as `signal`, for transports that take it this way (the undici transport): the
   * listener runs once when the request is given up (at once if it is already). A caller that
   * gives it may create `signal` only when a transport reads it, which saves an AbortController
   * per request.
   */
  onAbort?: (listener: () => void) => void;
}

/** An abort that makes its AbortSignal only if a transport asks for one. */
export class RequestAbort {
  private controller: AbortController | null = null;
  private listener: (() => void) | null = null;
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.controller?.abort();
    this.listener?.();
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  readonly onAbort: (listener: () => void) => void;

  constructor() {
    // Bound once here (it is handed over detached); not a class-field arrow, which the TypeScript
    // loader would name with a property definition per request.
    this.onAbort = (listener) => {
      this.listener = listener;
      if (this.aborted) listener();
    };
  }
}

export interface HttpResponse {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | null;
  text: string;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  const text = await response.text();
  return { status: response.status, header: (name) => response.headers.get(name), text };
};

/** Short cause of a transport failure (ECONNREFUSED, ECONNRESET, …) without request details. */
export function transportCause(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : "network error";
}

/**
 * undici's connection pools (keep-alive, at most `connections` per origin): several times cheaper
 * per request than Node 20's fetch or http client, which matters when the engine must keep up
 * with a fast target. The default transport.
 *
 * It dispatches with a plain handler instead of `agent.request`: no response stream, async
 * resource or parsed header object per request (headers are parsed only when one is asked for),
 * which is a good part of the client's CPU when the target answers in a fraction of a millisecond.
 * The body is read as `body.text()` reads it (UTF-8, a leading byte-order mark dropped).
 */
export function undiciTransport(options: { connections?: number } = {}): HttpTransport & { close(): Promise<void> } {
  const agent = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: 30_000, pipelining: 1 });
  const origins = new Map<string, string>();
  const transport = (request: HttpRequest): Promise<HttpResponse> =>
    new Promise<HttpResponse>((resolve, reject) => {
      const { origin, path } = splitUrl(request.url, origins);
      const handler = new PlainHandler(resolve, reject);
      if (request.onAbort) request.onAbort(handler.onAbort);
      else handler.listen(request.signal);
      agent.dispatch({ origin, path, method: request.method as Dispatcher.HttpMethod, headers: request.headers, body: request.body ?? null }, handler as Dispatcher.DispatchHandler);
    });
  return Object.assign(transport, { close: () => agent.close() });
}

/**
 * One request's undici handler: the status, raw headers and body chunks, resolved as an
 * HttpResponse on completion. A class rather than closures per request (the client's hot path).
 */
class PlainHandler {
  private abortRequest: ((reason?: Error) => void) | null = null;
  private reason: Error | null = null;
  private signal: AbortSignal | null = null;
  private status = 0;
  private rawHeaders: Buffer[] = [];
  private readonly chunks: Buffer[] = [];
  private length = 0;
  /** Gives the request up (at once, or when undici connects it). */
  readonly onAbort: () => void;

  constructor(
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.onAbort = () => {
      this.reason ??= new Error("the request was aborted");
      this.abortRequest?.(this.reason);
    };
  }

  listen(signal: AbortSignal): void {
    if (signal.aborted) this.onAbort();
    else {
      signal.addEventListener("abort", this.onAbort, { once: true });
      this.signal = signal;
    }
  }

  onConnect(abortRequest: (reason?: Error) => void): void {
    if (this.reason) abortRequest(this.reason);
    else this.abortRequest = abortRequest;
  }

  onHeaders(statusCode: number, headers: Buffer[]): boolean {
    if (statusCode < 200) return true; // 1xx: the answer follows
    this.status = statusCode;
    this.rawHeaders = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }

  onComplete(): void {
    this.settle();
    this.resolve(new PlainResponse(this.status, this.rawHeaders, decodeBody(this.chunks, this.length)));
  }

  onError(error: Error): void {
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.signal?.removeEventListener("abort", this.onAbort);
  }
}

/** A response whose headers are parsed only when one is asked for. */
class PlainResponse implements HttpResponse {
  private parsed: Record<string, string | string[] | undefined> | null = null;

  constructor(
    readonly status: number,
    private readonly rawHeaders: Buffer[],
    readonly text: string,
  ) {}

  header(name: string): string | null {
    this.parsed ??= util.parseHeaders(this.rawHeaders) as Record<string, string | string[] | undefined>;
    const value = this.parsed[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }
}

/**
 * Origin and path of an absolute URL as `new URL()` gives them. The engine's URLs are its base
 * URL plus an encoded path, so the common case is cut at the first slash after the host (the
 * origin parsed once per distinct prefix); anything `new URL()` would rewrite (dot segments,
 * characters it escapes) goes through `new URL()`.
 */
function splitUrl(url: string, origins: Map<string, string>): { origin: string; path: string } {
  const host = url.indexOf("//");
  const slash = host < 0 ? -1 : url.indexOf("/", host + 2);
  if (slash > 0) {
    const path = url.slice(slash);
    if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) && !path.endsWith("?")) {
      const prefix = url.slice(0, slash);
      let origin = origins.get(prefix);
      if (origin === undefined) {
        const parsed = new URL(prefix);
        // Userinfo or an unusual prefix: leave it all to new URL().
        origin = parsed.pathname === "/" && parsed.username === "" && parsed.password === "" && parsed.search === "" ? parsed.origin : "";
        if (origins.size < 64) origins.set(prefix, origin);
      }
      if (origin !== "") return { origin, path };
    }
  }
  const parsed = new URL(url);
  return { origin: parsed.origin, path: parsed.pathname + parsed.search };
}

/** Characters `new URL()` keeps as they are in a path and query (no fragment, no quote, no space). */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*$/;
/** `.` or `..` segments (also percent-encoded), which `new URL()` resolves. */
const DOT_SEGMENT = /\/(\.|%2e)/i;

function decodeBody(chunks: Buffer[], length: number): string {
  if (chunks.length === 0 || length === 0) return "";
  const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  const start = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.toString("utf8", start);
}
