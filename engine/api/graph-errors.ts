import type { ErrorRequestHandler, Response } from "express";
import { ConfigError } from "../../common/config-error";
import type { SecretRegistry } from "../../common/redact";
import type { Logger } from "../../common/logger";
import { DirectoryError } from "../directory/directory-error";
import { EngineError } from "../jobs/engine-error";
import { NotConfiguredError } from "../jobs/target-settings";
import { FilterSyntaxError } from "../logs/log-filter";
import { TargetError } from "../scim-client/target-error";
import type { GraphErrorBody } from "../model/graph-types";

let requestSeq = 0;

/** Writes a Graph error body `{error: {code, message, innerError}}`. */
export function graphError(res: Response, status: number, code: string, message: string, now: number): void {
  const body: GraphErrorBody = {
    error: { code, message, innerError: { date: new Date(now).toISOString(), "request-id": `engine-${++requestSeq}` } },
  };
  res.status(status).json(body);
}

/** Status and Graph code for every error an API route can raise. */
export function classify(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof EngineError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof ConfigError) return { status: 400, code: "BadRequest", message: error.message };
  if (error instanceof FilterSyntaxError) return { status: 400, code: "BadRequest", message: `Invalid $filter: ${error.message}` };
  if (error instanceof RangeError) return { status: 400, code: "BadRequest", message: error.message };
  if (error instanceof NotConfiguredError) return { status: 400, code: "NotConfigured", message: error.message };
  if (error instanceof TargetError) return { status: 400, code: error.code, message: error.message };
  if (error instanceof DirectoryError) {
    const status = error.code === "NotFound" ? 404 : error.code === "Conflict" ? 409 : 400;
    const code = error.code === "NotFound" ? "Request_ResourceNotFound" : error.code === "Conflict" ? "Request_MultipleObjectsWithSameKeyValue" : "Request_BadRequest";
    return { status, code, message: error.message };
  }
  const e = error as { type?: string; status?: number };
  if (e?.type === "entity.parse.failed") return { status: 400, code: "BadRequest", message: "The request body is not valid JSON." };
  if (e?.type === "entity.too.deep") return { status: 400, code: "BadRequest", message: (error as Error).message };
  if (e?.type === "entity.too.large") return { status: 413, code: "RequestEntityTooLarge", message: "The request body is too large." };
  return { status: 500, code: "InternalServerError", message: "The engine failed to process the request; see its log." };
}

export function errorHandler(secrets: SecretRegistry, logger: Logger, now: () => number): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, code, message } = classify(error);
    if (status >= 500) logger.error({ err: error, method: req.method, path: req.path }, "API request failed");
    graphError(res, status, code, secrets.scrub(message), now());
  };
}
