import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { graphError } from "./graph-errors";

/**
 * Every API route requires `Authorization: Bearer <engine API token>`. Digests are compared in
 * constant time, so neither the token nor its length leaks through timing.
 */
export function requireBearer(token: string, now: () => number) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]!), expected)) {
      next();
      return;
    }
    res.setHeader("WWW-Authenticate", 'Bearer realm="scimlab-engine"');
    graphError(res, 401, "InvalidAuthenticationToken", header === "" ? "Access token is empty." : "Access token validation failure.", now());
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
