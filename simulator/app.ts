/**
 * The express layer: request ids and logs, the OAuth token endpoint, authentication, body
 * reading, then the framework-free core. One error handler renders every error as a SCIM
 * error body. Extension points (`exchange` hooks) let fault rules and the journal wrap a request.
 */
import express, { type Express, type Request, type Response } from "express";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { Clock } from "../common/clock";
import type { Logger } from "../common/logger";
import { ScimError, errorBody } from "../scim/scim-error";
import { SCIM_CONTENT_TYPE } from "../scim/types";
import type { Authenticator } from "./auth";
import { handleScim } from "./core";
import type { CoreResponse, CoreServices } from "./core-types";
import { parseJsonBody, readRawBody } from "./http-body";

export interface Exchange {
  id: string;
  req: IncomingMessage;
  res: ServerResponse;
  /** Path below the base path (`/Users/abc`), or `/oauth/token`. */
  path: string;
  /** The URL as requested (path and query). */
  url: string;
  query: Record<string, unknown>;
  /** The raw body, once read. */
  raw?: Buffer;
  /** The parsed body, when it parsed. */
  body?: unknown;
  /** Aborts when the client's connection closes (created on first use: most requests never wait). */
  readonly signal: AbortSignal;
  /** Set when the response was written some other way (a reset connection, a hang released). */
  handled?: boolean;
  /** Ids of the fault rules that fired on this request. */
  fired?: string[];
  /** A fault action that acts once the core has answered. */
  deferred?: unknown;
  /**
   * Set by a `before` hook that wants the `after` hook to see this exchange's response. The
   * `after` hook runs only for exchanges with `deferred` or this flag: skipping it keeps an
   * awaited call off the hot path.
   */
  rewriteResponse?: boolean;
  /** The target clock's time when the request arrived. */
  startedAt: number;
  /** Wall-clock start (performance.now()), for the log and the journal. */
  wallStart: number;
}

/** Hooks around a request; issue 3's fault rules and journal plug in here. */
export interface ExchangeHooks {
  /** Before authentication: answer (or handle) the request instead of the core (undefined: go on). */
  before?(exchange: Exchange, kind: "scim" | "token"): Promise<CoreResponse | undefined> | undefined;
  /** After the core answered: replace or keep its response. */
  after?(exchange: Exchange, response: CoreResponse, kind: "scim" | "token"): Promise<CoreResponse>;
  /** Once the response went out (or the connection ended). */
  done?(exchange: Exchange, response: CoreResponse | undefined, kind: "scim" | "token"): void;
}

export interface AppRuntime {
  clock: Clock;
  basePath: string;
  services: CoreServices;
  auth: Authenticator;
  logger: Logger;
  maxPayloadSize: () => number;
  hooks: ExchangeHooks;
  /** Extra routers mounted before the SCIM routes (the admin API). */
  mount?: (app: Express) => void;
}

export const TOKEN_PATH = "/oauth/token";
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export function buildApp(runtime: AppRuntime): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const nextId = requestIds(runtime);

  runtime.mount?.(app);

  app.post(TOKEN_PATH, (req, res, next) => {
    serve(runtime, nextId(req), req, res, "token", TOKEN_PATH, req.originalUrl, {}).catch(next);
  });
  app.use(runtime.basePath, (req, res, next) => {
    serve(runtime, nextId(req), req, res, "scim", req.path, req.originalUrl, req.query as Record<string, unknown>).catch(next);
  });
  app.use((req, res) => {
    writeResponse(res, {
      status: 404,
      headers: {},
      body: errorBody(404, `nothing at ${req.path}: the SCIM endpoints live under ${runtime.basePath}`),
    });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const scim = error instanceof ScimError ? error : undefined;
    if (!scim) runtime.logger.error({ err: error }, "unexpected error");
    writeResponse(res, scim ? { status: scim.status, headers: scim.headers, body: scim.toBody() } : { status: 500, headers: {}, body: errorBody(500, "internal error") });
  });
  return app;
}

const idGenerators = new WeakMap<AppRuntime, (req: IncomingMessage) => string>();

/** Request ids: the client's X-Request-Id, or a per-target sequence shared by both entry points. */
function requestIds(runtime: AppRuntime): (req: IncomingMessage) => string {
  let ids = idGenerators.get(runtime);
  if (!ids) {
    let sequence = 0;
    ids = (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && given.length <= 128 ? given : `req-${++sequence}`;
    };
    idGenerators.set(runtime, ids);
  }
  return ids;
}

/**
 * The listener a target serves with: SCIM and token requests go straight to the same `serve`
 * the express routes use, skipping express's router on the hot path; everything else (the admin
 * API, 404s) goes to the express app.
 */
export function fastListener(runtime: AppRuntime, app: Express): RequestListener {
  const base = runtime.basePath.toLowerCase();
  const nextId = requestIds(runtime);
  return (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const lower = pathname.toLowerCase();
    let kind: "scim" | "token" | undefined;
    let path = "";
    if (lower === base || lower.startsWith(`${base}/`)) {
      kind = "scim";
      path = pathname.slice(base.length) || "/";
    } else if (lower === TOKEN_PATH && req.method === "POST") {
      kind = "token";
      path = TOKEN_PATH;
    }
    if (!kind) {
      app(req, res);
      return;
    }
    const query = kind === "scim" && q >= 0 ? (parseQuery(url.slice(q + 1)) as Record<string, unknown>) : {};
    serve(runtime, nextId(req), req, res, kind, path, url, query).catch((error: unknown) => {
      runtime.logger.error({ err: error }, "unexpected error");
      if (res.headersSent) res.destroy();
      else writeResponse(res, { status: 500, headers: {}, body: errorBody(500, "internal error") });
    });
  };
}

async function serve(
  runtime: AppRuntime,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  kind: "scim" | "token",
  path: string,
  url: string,
  query: Record<string, unknown>,
): Promise<void> {
  const started = performance.now(); // real-time: request latency for the log line
  let controller: AbortController | undefined;
  const exchange: Exchange = {
    id,
    req,
    res,
    path,
    url,
    query,
    get signal(): AbortSignal {
      if (!controller) {
        const c = (controller = new AbortController());
        if (res.destroyed || req.socket.destroyed) c.abort(new Error("client closed the connection"));
        else res.once("close", () => c.abort(new Error("client closed the connection")));
      }
      return controller.signal;
    },
    startedAt: runtime.clock.now(),
    wallStart: started,
  };
  res.setHeader("x-request-id", id);
  let response: CoreResponse | undefined;
  try {
    response = await respond(runtime, exchange, kind);
    if (response && !exchange.handled && !res.writableEnded && !res.destroyed) writeResponse(res, response);
  } finally {
    runtime.hooks.done?.(exchange, response, kind);
    if (runtime.logger.isLevelEnabled("info")) {
      runtime.logger.info(
        { reqId: id, method: req.method, url, status: exchange.handled ? undefined : response?.status, ms: Math.round((performance.now() - started) * 10) / 10 }, // real-time: see above
        "request",
      );
    }
  }
}

async function respond(runtime: AppRuntime, exchange: Exchange, kind: "scim" | "token"): Promise<CoreResponse | undefined> {
  const { req } = exchange;
  let bodyError: ScimError | undefined;
  if (BODY_METHODS.has(req.method ?? "")) {
    try {
      exchange.raw = await readRawBody(req, runtime.maxPayloadSize());
      if (kind === "scim") exchange.body = parseJsonBody(exchange.raw);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      bodyError = error;
    }
  }
  const pending = runtime.hooks.before?.(exchange, kind);
  const early = pending === undefined ? undefined : await pending;
  if (early || exchange.handled) return early;
  let response: CoreResponse;
  try {
    if (bodyError && bodyError.status === 413) throw bodyError;
    if (kind === "token") {
      response = tokenResponse(runtime.auth, exchange);
    } else {
      runtime.auth.authenticate(req.headers.authorization);
      if (bodyError) throw bodyError;
      const host = req.headers.host ?? "localhost";
      response = handleScim(runtime.services, {
        method: req.method ?? "GET",
        path: exchange.path,
        query: exchange.query,
        headers: req.headers,
        body: exchange.body,
        baseUrl: `http://${host}${runtime.basePath}`,
      });
    }
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    response = { status: error.status, headers: { ...error.headers }, body: error.toBody() };
  }
  return runtime.hooks.after && (exchange.deferred !== undefined || exchange.rewriteResponse)
    ? runtime.hooks.after(exchange, response, kind)
    : response;
}

function tokenResponse(auth: Authenticator, exchange: Exchange): CoreResponse {
  const raw = exchange.raw?.toString("utf8") ?? "";
  const type = String(exchange.req.headers["content-type"] ?? "");
  let params: Record<string, string | undefined> = {};
  const invalid = (description: string): CoreResponse => ({ status: 400, headers: {}, body: { error: "invalid_request", error_description: description } });
  if (type.includes("json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return invalid("the body is not valid JSON");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return invalid("the body must be a JSON object of parameters");
    // Only string parameters count (RFC 6749 parameters are strings): `{"client_secret": 5}` is no secret.
    for (const [key, value] of Object.entries(parsed)) if (typeof value === "string") params[key] = value;
  } else {
    params = Object.fromEntries(new URLSearchParams(raw));
  }
  let clientId = params.client_id;
  let clientSecret = params.client_secret;
  const authorization = exchange.req.headers.authorization;
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) {
      // RFC 6749 2.3.1: form-urlencoded inside the Basic header; a malformed escape is the client's error.
      try {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        return { status: 401, headers: { "WWW-Authenticate": 'Basic realm="scimlab"' }, body: { error: "invalid_client", error_description: "the Basic credentials are not form-urlencoded" } };
      }
    }
  }
  const outcome = auth.issue(params.grant_type, clientId, clientSecret);
  return { status: outcome.status, headers: { "Cache-Control": "no-store", ...(outcome.headers ?? {}) }, body: outcome.body };
}

/** Writes a core response: SCIM bodies as application/scim+json, OAuth ones as application/json. */
export function writeResponse(res: ServerResponse, response: CoreResponse): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.body === undefined || response.status === 204 || response.status === 304) {
    res.end();
    return;
  }
  const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  if (!res.hasHeader("Content-Type")) {
    const isOAuth = response.body !== null && typeof response.body === "object" && ("access_token" in response.body || "error" in response.body);
    res.setHeader("Content-Type", isOAuth ? "application/json; charset=utf-8" : `${SCIM_CONTENT_TYPE}; charset=utf-8`);
  }
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}
