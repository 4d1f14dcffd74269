import type { NextFunction, Request, Response } from "express";
import { CONSOLE_HEADER, hasSession, isSafe } from "./console-router";
import type { ConsoleSessions } from "./console-sessions";

/**
 * Lets the console's page call the service's own API with its session cookie: a request that has
 * a live session but no token gets the service's token put in (the token never reaches the
 * browser). A state-changing request made that way must carry the console's header, which a
 * cross-site form cannot send. Requests with their own credentials pass untouched.
 */
export function cookieBridge(options: {
  sessions: ConsoleSessions;
  /** Puts the service's token on the request, e.g. `authorization: Bearer …`. */
  authorize(req: Request): void;
  /** Only these paths are bridged (the API the console uses). */
  paths: RegExp;
}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.headers.authorization !== undefined || !options.paths.test(req.path) || !hasSession(req, options.sessions)) {
      next();
      return;
    }
    if (!isSafe(req.method) && req.headers[CONSOLE_HEADER] === undefined) {
      res.status(403).json({ error: { code: "Forbidden", message: `a request made with the console's cookie must carry the ${CONSOLE_HEADER} header` } });
      return;
    }
    options.authorize(req);
    next();
  };
}
