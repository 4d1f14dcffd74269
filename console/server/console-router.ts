/**
 * The part every console shares: the page at `/`, its script and styles under `/console/`, login
 * (`/?login=<one-time token>` or the form at `/_console/login`), logout, and a gate in front of
 * the console's own routes under `/_console/`. Without a session cookie or the service's own
 * token, every one of them answers 401.
 */
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { consoleScript, consoleStyles, type ConsoleKind } from "./console-assets";
import type { ConsoleSessions } from "./console-sessions";
import { loginRequiredHtml, shellHtml } from "./shell-html";

export interface ConsoleRouterOptions {
  kind: ConsoleKind;
  /** The page title, e.g. "scimlab engine". */
  title: string;
  sessions: ConsoleSessions;
  /** True when the request carries the service's own token (the engine's API token, the simulator's admin token). */
  hasServiceToken(req: Request): boolean;
  /** True when `value` is the service's own token (the login form accepts it). */
  isServiceToken(value: string): boolean;
  /** Where a new login link comes from, said on the 401 page. */
  loginHint: string;
  /** The console's own routes, mounted behind the gate under `/_console`. */
  routes(router: Router): void;
}

/** Header the console's script sends with every state-changing request made with the cookie (a cross-site form cannot). */
export const CONSOLE_HEADER = "x-scimlab-console";

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function consoleRouter(options: ConsoleRouterOptions): Router {
  const { sessions, title, kind } = options;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });

  const loginRequired = (res: Response, problem: string): void => {
    res.status(401).setHeader("WWW-Authenticate", `Bearer realm="scimlab-${kind}-console"`);
    res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'");
    res.type("html").send(loginRequiredHtml(title, problem, options.loginHint));
  };
  const startSession = (res: Response, sessionId: string): void => {
    res.setHeader("Set-Cookie", `${sessions.cookieName}=${sessionId}; HttpOnly; SameSite=Strict; Path=/`);
    res.redirect(303, "/");
  };

  router.get("/", (req, res) => {
    const login = req.query.login;
    if (typeof login === "string") {
      const sessionId = sessions.redeem(login);
      if (sessionId) startSession(res, sessionId);
      else loginRequired(res, "This login link is not valid (each link works once).");
      return;
    }
    if (!isAuthenticated(req, options)) {
      loginRequired(res, "You are not logged in.");
      return;
    }
    res.setHeader("Content-Security-Policy", PAGE_CSP);
    res.type("html").send(shellHtml(kind, title));
  });

  router.post("/_console/login", express.urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    const token = typeof req.body?.token === "string" ? req.body.token.trim() : "";
    const sessionId = token === "" ? null : (sessions.redeem(token) ?? (options.isServiceToken(token) ? sessions.openSession() : null));
    if (sessionId) startSession(res, sessionId);
    else loginRequired(res, "That token was not accepted (a login link works once).");
  });

  const gate = (req: Request, res: Response, next: NextFunction): void => {
    if (!isAuthenticated(req, options)) {
      res.status(401).setHeader("WWW-Authenticate", `Bearer realm="scimlab-${kind}-console"`);
      res.json({ error: "unauthorized", message: "log in through the link the command printed, or send the token as Authorization: Bearer" });
      return;
    }
    if (!isSafe(req.method) && !options.hasServiceToken(req) && req.headers[CONSOLE_HEADER] === undefined) {
      res.status(403).json({ error: "forbidden", message: `a request made with the console's cookie must carry the ${CONSOLE_HEADER} header` });
      return;
    }
    next();
  };

  router.get("/console/:file", gate, async (req, res, next) => {
    try {
      const file = String(req.params.file);
      if (file === `${kind}.js`) res.type("text/javascript").send(await consoleScript(kind));
      else if (file === "console.css") res.type("text/css").send(await consoleStyles());
      else res.status(404).json({ error: "not_found", message: `no console file ${file}` });
    } catch (error) {
      next(error);
    }
  });

  router.post("/_console/logout", gate, (req, res) => {
    const sessionId = readCookie(req, sessions.cookieName);
    if (sessionId) sessions.end(sessionId);
    res.setHeader("Set-Cookie", `${sessions.cookieName}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    res.status(204).end();
  });

  const own = express.Router();
  options.routes(own);
  own.use((req, res) => {
    res.status(404).json({ error: "not_found", message: `no console route ${req.method} ${req.baseUrl}${req.path}` });
  });
  router.use("/_console", gate, own);
  return router;
}

/** A live session cookie, or the service's own token. */
export function isAuthenticated(req: Request, options: Pick<ConsoleRouterOptions, "sessions" | "hasServiceToken">): boolean {
  return options.hasServiceToken(req) || hasSession(req, options.sessions);
}

/** The request carries a live session cookie of this console. */
export function hasSession(req: Request, sessions: ConsoleSessions): boolean {
  return sessions.has(readCookie(req, sessions.cookieName));
}

export function isSafe(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
