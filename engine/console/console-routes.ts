/**
 * The engine console's own routes under `/_console` (behind the console's gate): what the pages
 * need beyond the Graph and operator APIs, and the event stream.
 */
import type { Router } from "express";
import { openEventStream } from "../../console/server/event-stream";
import type { SourceUserOption } from "../../console/shared/engine-console-types";
import { errorHandler } from "../api/graph-errors";
import type { Engine } from "../engine";
import { buildJobTimeline } from "./job-timeline";
import { jobOverview, jobSummaries } from "./job-overview";
import type { EngineWatcher } from "./engine-watcher";

/** @default 10,000 events: months of a 40-minute schedule */
const TIMELINE_EVENTS = 10_000;
const USER_OPTIONS = 20;

export function engineConsoleRoutes(engine: Engine, watcher: EngineWatcher): (router: Router) => void {
  return (router) => {
    router.get("/api/jobs", (_req, res) => {
      res.json(jobSummaries(engine));
    });
    router.get("/api/jobs/:job", (req, res) => {
      res.json(jobOverview(engine, req.params.job));
    });
    router.get("/api/jobs/:job/timeline", (req, res) => {
      engine.jobs.job(req.params.job);
      const newest = engine.events({ jobId: req.params.job, limit: TIMELINE_EVENTS, newestFirst: true });
      res.json(buildJobTimeline(newest.reverse(), engine.clock.now()));
    });
    /** Source users whose name, UPN or id contains `q` (for provisioning on demand). */
    router.get("/api/source-users", (req, res) => {
      const q = typeof req.query.q === "string" ? req.query.q.trim().toLowerCase() : "";
      const options: SourceUserOption[] = [];
      for (const user of engine.directory.listUsers()) {
        if (options.length >= USER_OPTIONS) break;
        if (user.softDeleted) continue;
        const { displayName, userPrincipalName } = user;
        if (q === "" || displayName.toLowerCase().includes(q) || userPrincipalName.toLowerCase().includes(q) || user.id.toLowerCase() === q) {
          options.push({ id: user.id, displayName, userPrincipalName });
        }
      }
      res.json(options);
    });
    router.get("/events", (req, res) => {
      watcher.attach(openEventStream(req, res));
    });
    router.use(errorHandler(engine.secrets, engine.logger, () => engine.clock.now()));
  };
}
