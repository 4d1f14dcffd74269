/**
 * The engine's HTTP API: Graph v1.0 shapes under `/v1.0` and `/beta`, the operator API under
 * `/_engine`. Every route but `/_engine/health` requires the engine's bearer token.
 */
import express, { type Express } from "express";
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthExceeds } from "../../common/json-depth";
import type { VirtualClock } from "../../common/virtual-clock";
import type { Engine } from "../engine";
import { requireBearer } from "./api-auth";
import { clockRoutes } from "./clock-routes";
import { directoryRoutes } from "./directory-routes";
import { errorHandler, graphError } from "./graph-errors";
import { graphRoutes } from "./graph-routes";
import { operatorRoutes } from "./operator-routes";
import { quarantineRoutes } from "./quarantine-routes";
import { createMailRouter } from "../notifications/mail-router";

export interface EngineAppOptions {
  /** The clock `/_engine/clock` may move (`--clock controlled`); null on the real clock. */
  controlledClock?: VirtualClock | null;
  /** Called after `POST /_engine/clock` moved the controlled clock (to persist its time). */
  onClockMoved?: (now: number) => void;
  /** Extra routes (the web console mounts itself here), behind the API's auth unless they add theirs first. */
  extend?: (app: Express, auth: express.RequestHandler) => void;
}

export function createEngineApp(engine: Engine, options: EngineAppOptions = {}): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const now = (): number => engine.clock.now();
  app.get("/_engine/health", (_req, res) => {
    res.json({ status: "ok", now: new Date(now()).toISOString() });
  });
  const auth = requireBearer(engine.apiToken, now);
  app.use(auth);
  app.use(
    express.json({
      limit: "20mb",
      type: ["application/json", "application/*+json"],
      // Depth is checked on the raw bytes: what walks a body afterwards recurses (issue 9).
      verify: (_req, _res, buffer) => {
        if (jsonDepthExceeds(buffer, DEFAULT_MAX_JSON_DEPTH)) throw Object.assign(new Error(`The request body nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels.`), { type: "entity.too.deep", status: 400 });
      },
    }),
  );
  for (const version of ["v1.0", "beta"] as const) app.use(`/${version}`, graphRoutes(engine, version));
  app.use("/_engine", operatorRoutes(engine));
  app.use("/_engine", quarantineRoutes(engine));
  app.use("/_engine/mail", createMailRouter(engine.mail.store));
  app.use("/_engine/directory", directoryRoutes(engine.directory));
  app.use("/_engine/clock", clockRoutes(engine.clock, options.controlledClock ?? null, options.onClockMoved));
  options.extend?.(app, auth);
  app.use((req, res) => graphError(res, 404, "ResourceNotFound", `no route ${req.method} ${req.path}`, now()));
  app.use(errorHandler(engine.secrets, engine.logger, now));
  return app;
}
