/**
 * Forwarding one request to the real endpoint with node:http(s): the same method, path, query and
 * headers (hop-by-hop headers dropped, Host set to the target, X-Forwarded-* added), the body as
 * received, and the answer buffered whole (SCIM bodies are small) so that a deferred fault can
 * rewrite it.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** RFC 9110 §7.6.1 connection-specific headers, never forwarded. */
export const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);

export interface UpstreamRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  /** The client's address and the Host it addressed, for X-Forwarded-*. */
  clientAddress: string | undefined;
  clientHost: string | undefined;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class Upstream {
  private readonly agent: HttpAgent;
  private readonly secure: boolean;

  constructor(
    readonly origin: URL,
    private readonly timeoutMs: number,
  ) {
    this.secure = origin.protocol === "https:";
    this.agent = this.secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || name === "host" || name === "content-length") continue;
      headers[name] = value;
    }
    headers.host = this.origin.host;
    if (request.clientAddress) headers["x-forwarded-for"] = request.clientAddress;
    if (request.clientHost) headers["x-forwarded-host"] = request.clientHost;
    headers["x-forwarded-proto"] = "http";
    if (request.body && request.body.length > 0) headers["content-length"] = String(request.body.length);
    const send = this.secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        {
          protocol: this.origin.protocol,
          hostname: this.origin.hostname,
          port: this.origin.port,
          method: request.method,
          path: request.url,
          headers,
          agent: this.agent,
          signal: request.signal,
          timeout: this.timeoutMs,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: Buffer.concat(chunks) }));
          incoming.on("error", reject);
        },
      );
      outgoing.on("timeout", () => outgoing.destroy(Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: "ETIMEDOUT" })));
      outgoing.on("error", reject);
      outgoing.end(request.body && request.body.length > 0 ? request.body : undefined);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
