/**
 * The proxy's admin API: the simulator's own router (faults, journal, HAR, reset, OpenAPI), in
 * front of which the endpoints that need a store of its own (seed, snapshot, target up/down) are
 * answered 501 with what to do instead: the proxy holds no data, the real endpoint does.
 */
import express, { type Router } from "express";
import { adminRouter, type AdminControl } from "../../simulator/admin/admin-app";
import type { TargetStore } from "../../simulator/target-store";
import type { FaultSet } from "../../simulator/faults/fault-set";
import type { TargetJournal } from "../../simulator/journal/target-journal";

export interface ProxyControl {
  faults: FaultSet;
  journal: TargetJournal;
  reset(): void;
}

const UNSUPPORTED: Record<string, string> = {
  "/seed": "the proxy holds no data: seed the real endpoint itself",
  "/snapshot": "the proxy holds no data: the real endpoint's data is its own",
  "/target": 'the proxy cannot stop the real endpoint: install {"preset": "outage"} (503) or an outage rule with mode "drop"',
};

export function proxyAdminRouter(control: ProxyControl, adminToken: string): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    const reason = UNSUPPORTED[req.path];
    if (!reason) return next();
    const header = req.headers.authorization;
    const given = header?.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : req.headers["x-admin-token"];
    if (given !== adminToken) return next(); // the simulator's router answers 401
    res.status(501).json({ error: "not_supported", message: `${req.method} /_admin${req.path} is not available on a proxy: ${reason}` });
  });
  const unavailable = (): never => {
    throw new Error("not available on a proxy");
  };
  const admin: AdminControl = {
    faults: control.faults,
    journal: control.journal,
    // Never reached: the routes that use them are answered above.
    store: {} as TargetStore,
    reset: () => control.reset(),
    stop: async () => unavailable(),
    start: async () => unavailable(),
    listening: true,
  };
  router.use(adminRouter(admin, adminToken));
  return router;
}
