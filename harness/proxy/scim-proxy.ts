/**
 * A SCIM-aware reverse proxy in front of a real endpoint. Every request under the SCIM base path
 * (and POSTs to a token endpoint) is classified and matched against the simulator's own fault
 * rules, on the parsed SCIM request, before it is forwarded: a rule that fires answers the client
 * and the target never sees the request; a deferred rule (commitThenFail, duplicateResults,
 * malformed) lets it through and rewrites the answer. Without rules the proxy is transparent.
 * Every exchange goes to the same journal (and HAR export) the simulator keeps.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import express, { type Express, type Request, type Response } from "express";
import { type Clock, SystemClock } from "../../common/clock";
import { closeCuttingConnections, listen, trackSockets } from "../../common/http-listener";
import { createRandom } from "../../common/random";
import { SecretRegistry } from "../../common/redact";
import { errorBody } from "../../scim/scim-error";
import { writeResponse, type Exchange } from "../../simulator/app";
import { DEFAULT_LIMITS } from "../../simulator/context";
import type { CoreResponse } from "../../simulator/core-types";
import { FaultSet, type RuleOrPreset } from "../../simulator/faults/fault-set";
import { readRawBody } from "../../simulator/http-body";
import { Journal } from "../../simulator/journal/journal";
import { TargetJournal } from "../../simulator/journal/target-journal";
import { PROFILES } from "../../simulator/profiles";
import { ScimStore } from "../../simulator/store";
import { proxyAdminRouter } from "./proxy-admin";
import { HOP_BY_HOP, Upstream, type UpstreamResponse } from "./upstream";

export interface ProxyOptions {
  /** The real endpoint's SCIM base URL; the proxy serves the same path. */
  target: string | URL;
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Fault rules and presets installed at start. */
  faults?: RuleOrPreset[];
  /** Enables the admin API under /_admin with this token. */
  adminToken?: string;
  /** Exchanges kept in the journal; 0 turns it off. @default 1000 */
  journalSize?: number;
  /** Seed of probabilistic rules (same seed and requests, same faults). @default "scimlab-proxy" */
  seed?: string | number;
  /** Time for fault windows, latency, hangs and the journal. @default SystemClock */
  clock?: Clock;
  /** How long to wait for the target. @default 60 s */
  timeoutMs?: number;
}

/** Bodies larger than this are refused before forwarding (a SCIM request is far smaller). */
const MAX_BODY = 16 * 1024 * 1024;

export class ScimProxy {
  readonly app: Express;
  readonly faults: FaultSet;
  readonly journal: TargetJournal;
  readonly clock: Clock;
  readonly secrets = new SecretRegistry();
  readonly target: URL;
  readonly basePath: string;
  private readonly rawJournal: Journal;
  private readonly upstream: Upstream;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly host: string;
  private port: number;
  private sequence = 0;

  constructor(readonly options: ProxyOptions) {
    this.target = new URL(String(options.target));
    this.basePath = this.target.pathname.replace(/\/+$/, "") || "/";
    this.clock = options.clock ?? new SystemClock();
    this.host = options.host ?? "127.0.0.1";
    this.port = options.port ?? 0;
    const seed = options.seed ?? "scimlab-proxy";
    // The proxy holds no resources: a rule's filter applies to request bodies (create, replace);
    // on reads, updates and deletes (evaluated against a stored resource) it never matches.
    const noStore = { store: new ScimStore(), clock: this.clock, random: createRandom(`${seed}/ids`), profile: () => PROFILES.rfc, limits: DEFAULT_LIMITS };
    this.faults = new FaultSet(noStore, this.clock, createRandom(`${seed}/faults`));
    if (options.faults) this.faults.use(options.faults);
    if (options.adminToken) this.secrets.add(options.adminToken);
    this.rawJournal = new Journal(options.journalSize ?? 1000, this.secrets);
    this.journal = new TargetJournal(this.rawJournal, () => this.url);
    this.upstream = new Upstream(new URL(this.target.origin), options.timeoutMs ?? 60_000);
    this.app = this.buildApp();
  }

  /** The proxy's origin, e.g. http://127.0.0.1:8081. */
  get url(): string {
    return `http://${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Where clients point instead of the target: the proxy's origin and the target's base path. */
  get baseUrl(): string {
    return `${this.url}${this.basePath === "/" ? "" : this.basePath}`;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** No fault rules, an empty journal. */
  reset(): void {
    this.faults.reset();
    this.journal.clear();
  }

  async start(): Promise<void> {
    if (this.server?.listening) return;
    const server = createServer(this.app);
    trackSockets(server, this.sockets);
    this.port = await listen(server, this.port, this.host);
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeCuttingConnections(server, this.sockets);
    this.upstream.close();
  }

  private buildApp(): Express {
    const app = express();
    app.disable("x-powered-by");
    app.set("etag", false);
    if (this.options.adminToken) app.use("/_admin", proxyAdminRouter(this, this.options.adminToken));
    const scim = (req: Request, res: Response) => void this.serve(req, res, "scim");
    if (this.basePath === "/") app.use(scim);
    else app.use(this.basePath, scim);
    app.use((req, res) => void this.serve(req, res, req.method === "POST" && /\/token$/i.test(req.path) ? "token" : "other"));
    return app;
  }

  private async serve(req: Request, res: Response, kind: "scim" | "token" | "other"): Promise<void> {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("client closed the connection"));
    });
    const given = req.headers["x-request-id"];
    const exchange: Exchange = {
      id: typeof given === "string" && given.length <= 128 ? given : `proxy-${++this.sequence}`,
      req,
      res,
      path: req.path,
      url: req.originalUrl,
      query: req.query as Record<string, unknown>,
      signal: controller.signal,
      startedAt: this.clock.now(),
      wallStart: performance.now(), // real-time: the proxy's own time, for the journal
    };
    let response: CoreResponse | undefined;
    try {
      exchange.raw = await readRawBody(req, MAX_BODY);
      exchange.body = parseQuietly(exchange.raw);
      if (kind !== "other") {
        response = await this.faults.before(exchange, kind);
        if (response || exchange.handled) {
          if (response && !exchange.handled) writeResponse(res, response);
          return;
        }
      }
      const upstream = await this.forward(exchange).catch((error: unknown) => {
        throw Object.assign(new Error("upstream"), { upstream: error });
      });
      if (exchange.deferred) {
        response = await this.faults.after(exchange, toCore(upstream));
        if (!exchange.handled && !res.writableEnded) writeResponse(res, response);
        return;
      }
      response = toCore(upstream);
      this.pass(res, upstream);
    } catch (error) {
      response = this.failure(error, exchange);
      if (response && !res.headersSent && !res.destroyed) writeResponse(res, response);
    } finally {
      this.record(exchange, response);
    }
  }

  private forward(exchange: Exchange): Promise<UpstreamResponse> {
    const { req } = exchange;
    return this.upstream.send({
      method: req.method ?? "GET",
      url: exchange.url,
      headers: req.headers,
      body: exchange.raw,
      clientAddress: req.socket.remoteAddress,
      clientHost: req.headers.host,
      signal: exchange.signal,
    });
  }

  /** The target's answer as it came, Location pointed back at the proxy. */
  private pass(res: Response, upstream: UpstreamResponse): void {
    res.statusCode = upstream.status;
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      res.setHeader(name, name === "location" && typeof value === "string" ? this.rewriteLocation(value) : value);
    }
    res.end(upstream.body);
  }

  private rewriteLocation(location: string): string {
    const origin = this.target.origin;
    return location.startsWith(origin) ? this.url + location.slice(origin.length) : location;
  }

  /** The client hung up (nothing to answer), the body was too large, the target could not be reached (502/504). */
  private failure(caught: unknown, exchange: Exchange): CoreResponse | undefined {
    if (exchange.signal.aborted) return undefined;
    const status = (caught as { status?: unknown }).status;
    if (status === 413) return { status: 413, headers: {}, body: errorBody(413, (caught as Error).message) };
    if (!(caught && typeof caught === "object" && "upstream" in caught)) {
      return { status: 500, headers: {}, body: errorBody(500, `the proxy failed: ${caught instanceof Error ? caught.message : String(caught)}`) };
    }
    const error = caught.upstream;
    const code = (error as { code?: unknown }).code;
    const cause = typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
    const timeout = code === "ETIMEDOUT";
    return { status: timeout ? 504 : 502, headers: {}, body: errorBody(timeout ? 504 : 502, `the proxy could not reach the target ${this.target.origin}: ${cause}`) };
  }

  private record(exchange: Exchange, response: CoreResponse | undefined): void {
    if (!this.rawJournal.enabled) return;
    const answered = !exchange.handled && response !== undefined;
    this.rawJournal.record({
      at: exchange.startedAt,
      method: exchange.req.method ?? "GET",
      url: exchange.url,
      headers: exchange.req.headers,
      body: exchange.raw,
      response,
      responseHeaders: answered ? exchange.res.getHeaders() : {},
      latencyMs: this.clock.now() - exchange.startedAt,
      wallMs: performance.now() - exchange.wallStart, // real-time: see above
      faults: exchange.fired,
      requestId: exchange.id,
      answered,
    });
  }
}

function parseQuietly(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    return undefined; // the target answers an unparsable body itself
  }
}

/** The target's answer as a CoreResponse, for deferred faults and the journal. */
function toCore(upstream: UpstreamResponse): CoreResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === "content-length") continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const text = upstream.body.toString("utf8");
  if (text === "") return { status: upstream.status, headers };
  try {
    return { status: upstream.status, headers, body: JSON.parse(text) as unknown };
  } catch {
    return { status: upstream.status, headers, body: text };
  }
}

export async function startProxy(options: ProxyOptions): Promise<ScimProxy> {
  const proxy = new ScimProxy(options);
  await proxy.start();
  return proxy;
}

