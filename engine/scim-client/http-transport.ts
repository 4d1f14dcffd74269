import { Agent, type Dispatcher } from "undici";

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
 */
export function undiciTransport(options: { connections?: number } = {}): HttpTransport & { close(): Promise<void> } {
  const agent = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: 30_000, pipelining: 1 });
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(request.url);
    const response = await agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    const text = await response.body.text();
    const headers = response.headers;
    return {
      status: response.statusCode,
      header: (name) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
      text,
    };
  };
  return Object.assign(transport, { close: () => agent.close() });
}
