import http from "node:http";
import https from "node:https";

/**
 * The engine's only way to make HTTP requests: Node's http client with keep-alive connections
 * (the default) or Node's fetch; unit tests pass a fake. The client wraps every
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
 * Node's http/https client with keep-alive connections (at most `maxSockets` per origin). Cheaper
 * per request than fetch in Node 20, which matters when the engine must keep up with a fast
 * target. Bodies are read whole; the signal aborts the request and its socket.
 */
export function nodeHttpTransport(options: { maxSockets?: number } = {}): HttpTransport {
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: "lifo" }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: "lifo" }),
  };
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === "https:";
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) headers["content-length"] = Buffer.byteLength(request.body);
      const req = (secure ? https : http).request(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ""),
          port: url.port,
          path: url.pathname + url.search,
          method: request.method,
          headers,
          agent: secure ? agents["https:"] : agents["http:"],
          signal: request.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
            resolve({
              status: res.statusCode ?? 0,
              header: (name) => {
                const value = res.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
              },
              text,
            });
          });
        },
      );
      req.on("error", reject);
      req.end(request.body);
    });
}
