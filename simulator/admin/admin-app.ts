/**
 * The admin API under /_admin: fault rules, the request journal (JSON and HAR), reset, seed,
 * snapshot, and the target's listener going down and up. JSON in and out, its own token.
 */
import express, { type Express, type NextFunction, type Request, type Response, type Router } from "express";
import { ConfigError } from "../../common/config-error";
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthExceeds } from "../../common/json-depth";
import { secretEquals } from "../../common/secret-compare";
import type { FaultSet, RuleOrPreset } from "../faults/fault-set";
import type { JournalQuery } from "../journal/journal";
import type { TargetJournal } from "../journal/target-journal";
import type { StoreSnapshot } from "../store";
import { checkSnapshot } from "../snapshot";
import type { TargetStore } from "../target-store";
import { openApiDocument } from "./openapi";

/** What the admin API drives; the Target implements it. */
export interface AdminControl {
  faults: FaultSet;
  journal: TargetJournal;
  store: TargetStore;
  reset(): void;
  stop(options: { keepData?: boolean }): Promise<void>;
  start(): Promise<void>;
  readonly listening: boolean;
}

export function adminRouter(control: AdminControl, adminToken: string): Router {
  const router = express.Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument());
  });
  router.use((req, res, next) => {
    const header = req.headers.authorization;
    const given = header?.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : req.headers["x-admin-token"];
    if (typeof given !== "string" || !secretEquals(given, adminToken)) {
      res.status(401).setHeader("WWW-Authenticate", 'Bearer realm="scimlab-admin"');
      res.json({ error: "unauthorized", message: "send the admin token as Authorization: Bearer <token> (or X-Admin-Token)" });
      return;
    }
    next();
  });
  router.use(
    express.json({
      limit: "5mb",
      type: () => true,
      verify: (_req, _res, buffer) => {
        if (jsonDepthExceeds(buffer, DEFAULT_MAX_JSON_DEPTH)) throw Object.assign(new Error(`the body nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels`), { status: 400 });
      },
    }),
  );

  router.get("/faults", (_req, res) => {
    res.json({ rules: control.faults.list() });
  });
  router.post("/faults", (req, res) => {
    const installed = control.faults.use(req.body as RuleOrPreset | RuleOrPreset[]);
    res.status(201).json({ rules: installed, ids: installed.map((r) => r.id) });
  });
  router.delete("/faults", (_req, res) => {
    control.faults.reset();
    res.status(204).end();
  });
  router.delete("/faults/:id", (req, res) => {
    if (!control.faults.remove(String(req.params.id))) {
      res.status(404).json({ error: "not_found", message: `no fault rule "${req.params.id}"` });
      return;
    }
    res.status(204).end();
  });

  router.get("/journal", (req, res) => {
    res.json({ entries: control.journal.find(journalQuery(req)) });
  });
  router.get("/journal.har", (req, res) => {
    res.setHeader("Content-Disposition", 'attachment; filename="scimlab-journal.har"');
    res.json(control.journal.toHar(journalQuery(req)));
  });
  router.delete("/journal", (_req, res) => {
    control.journal.clear();
    res.status(204).end();
  });

  router.post("/reset", (_req, res) => {
    control.reset();
    res.status(204).end();
  });
  router.post("/seed", (req, res) => {
    const body = (req.body ?? {}) as { users?: unknown; groups?: unknown; seed?: unknown };
    const count = (v: unknown, field: string) => {
      if (v === undefined) return 0;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 1_000_000) throw ConfigError.single(field, `is ${JSON.stringify(v)}`, "use an integer from 0 to 1000000");
      return v;
    };
    const seeded = control.store.seed({
      users: count(body.users, "users"),
      groups: count(body.groups, "groups"),
      ...(body.seed !== undefined ? { seed: seedText(body.seed) } : {}),
    });
    res.json({ ...seeded, totalUsers: control.store.countUsers(), totalGroups: control.store.countGroups() });
  });
  router.get("/snapshot", (_req, res) => {
    res.json(control.store.snapshot());
  });
  router.put("/snapshot", (req, res) => {
    control.store.restore(checkSnapshot(req.body, "body") as StoreSnapshot);
    res.status(204).end();
  });
  router.post("/target", async (req, res, next) => {
    try {
      const body = (req.body ?? {}) as { state?: unknown; keepData?: unknown };
      if (body.state !== "down" && body.state !== "up") throw ConfigError.single("state", `is ${JSON.stringify(body.state)}`, 'use "down" or "up"');
      if (body.keepData !== undefined && typeof body.keepData !== "boolean") throw ConfigError.single("keepData", "must be true or false");
      if (body.state === "down") await control.stop({ keepData: body.keepData !== false });
      else await control.start();
      res.json({ state: control.listening ? "up" : "down" });
    } catch (error) {
      next(error);
    }
  });
  router.use((req, res) => {
    res.status(404).json({ error: "not_found", message: `no admin endpoint ${req.method} ${req.baseUrl}${req.path}; see /_admin/openapi.json` });
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ConfigError) {
      res.status(400).json({ error: "invalid", message: error.message, problems: error.problems });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (status === 400 || status === 413) {
      const message = status === 413 ? "the body is larger than 5 MB" : `the body is not valid JSON: ${(error as Error).message}`;
      res.status(status).json({ error: "invalid", message });
      return;
    }
    res.status(500).json({ error: "internal", message: (error as Error).message });
  });
  return router;
}

/** A seed is a string or a number (String() of an object would run the object's own toString). */
function seedText(seed: unknown): string {
  if (typeof seed === "string" || typeof seed === "number") return String(seed);
  throw ConfigError.single("seed", `is ${JSON.stringify(seed)}`, "use a string or a number");
}

function journalQuery(req: Request): JournalQuery {
  const q = req.query as Record<string, string | undefined>;
  const int = (v: string | undefined, field: string) => {
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw ConfigError.single(field, `is ${JSON.stringify(v)}`, "use a non-negative integer");
    return n;
  };
  const since = q.since === undefined || q.since === "" ? undefined : /^\d+$/.test(q.since) ? Number(q.since) : q.since;
  if (typeof since === "string" && Number.isNaN(Date.parse(since))) throw ConfigError.single("since", `is ${JSON.stringify(since)}`, "use an ISO date-time or epoch milliseconds");
  const status = int(q.status, "status");
  const limit = int(q.limit, "limit");
  return {
    ...(q.method ? { method: q.method } : {}),
    ...(q.path ? { path: q.path } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

/**
 * A standalone admin app (its own listener, so it stays reachable while the SCIM listener is down).
 * `before` mounts routes ahead of the admin API (the web console at `/`, simulator/console).
 */
export function adminApp(control: AdminControl, adminToken: string, before?: (app: Express) => void): Express {
  const app = express();
  app.disable("x-powered-by");
  before?.(app);
  app.use("/_admin", adminRouter(control, adminToken));
  app.use((_req, res) => {
    res.status(404).json({ error: "not_found", message: "the admin API lives under /_admin (the control panel at /)" });
  });
  return app;
}
