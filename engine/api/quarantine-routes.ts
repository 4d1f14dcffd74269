/**
 * The operator API for quarantine, notifications and the job-event audit (what Graph does not
 * cover): quarantine on demand, the machine's state, notification settings and ledger, events.
 * The catcher's mailbox is served at `/_engine/mail` by the mail router.
 */
import { Router, type Request } from "express";
import type { Engine } from "../engine";
import type { JobEventType } from "../events/job-event";
import { EngineError } from "../jobs/engine-error";
import { nextTickAt } from "../quarantine/transition";

export function quarantineRoutes(engine: Engine): Router {
  const router = Router();

  router.get("/jobs/:job/quarantine", (req, res) => {
    const job = engine.jobs.job(req.params.job);
    res.json({
      state: job.quarantine,
      quarantine: engine.status(job.id).quarantine,
      scheduleState: job.scheduleState,
      nextCycleAt: iso(engine.nextCycleAt(job.id)),
      nextTickAt: iso(nextTickAt(job.quarantine, engine.quarantine.policyOf(job))),
      forceDeletes: job.forceDeletes,
      policy: engine.quarantine.policyOf(job),
    });
  });

  router.post("/jobs/:job/quarantine", (req, res) => {
    const body = objectBody(req);
    const { reason, message, ...rest } = body;
    if (Object.keys(rest).length > 0) throw EngineError.badRequest(`unknown field(s) ${Object.keys(rest).join(", ")}: give reason and/or message`);
    if (reason !== undefined && typeof reason !== "string") throw EngineError.badRequest("reason must be QuarantinedOnDemand (or QuarantineOnDemand)");
    if (message !== undefined && typeof message !== "string") throw EngineError.badRequest("message must be a string");
    const job = engine.quarantineJob(req.params.job, {
      ...(reason !== undefined ? { reason } : {}),
      ...(message !== undefined ? { message } : {}),
    });
    res.json(job);
  });

  router.get("/jobs/:job/notifications", (req, res) => {
    const { settings, blocked } = engine.notificationSettings(req.params.job);
    res.json({ settings, blocked, records: engine.notifications(req.params.job), config: engine.notificationConfig });
  });

  router.put("/jobs/:job/notifications", (req, res) => {
    const body = objectBody(req);
    const { enabled, recipients, deleteThresholdEnabled, deleteThresholdValue, ...rest } = body;
    if (Object.keys(rest).length > 0) {
      throw EngineError.badRequest(`unknown field(s) ${Object.keys(rest).join(", ")}: give enabled, recipients, deleteThresholdEnabled, deleteThresholdValue`);
    }
    if (enabled !== undefined && typeof enabled !== "boolean") throw EngineError.badRequest("enabled must be true or false");
    if (deleteThresholdEnabled !== undefined && typeof deleteThresholdEnabled !== "boolean") throw EngineError.badRequest("deleteThresholdEnabled must be true or false");
    if (deleteThresholdValue !== undefined && !(Number.isInteger(deleteThresholdValue) && (deleteThresholdValue as number) >= 0)) {
      throw EngineError.badRequest("deleteThresholdValue must be a whole number, 0 or more");
    }
    const list = Array.isArray(recipients) && recipients.every((r) => typeof r === "string");
    if (recipients !== undefined && typeof recipients !== "string" && !list) {
      throw EngineError.badRequest('recipients must be a list of addresses or a string like "a@example.com;b@example.com"');
    }
    const result = engine.setNotificationSettings(req.params.job, {
      ...(enabled !== undefined ? { enabled: enabled as boolean } : {}),
      ...(recipients !== undefined ? { recipients: recipients as string | string[] } : {}),
      ...(deleteThresholdEnabled !== undefined ? { deleteThresholdEnabled: deleteThresholdEnabled as boolean } : {}),
      ...(deleteThresholdValue !== undefined ? { deleteThresholdValue: deleteThresholdValue as number } : {}),
    });
    res.json(result);
  });

  router.get("/events", (req, res) => {
    const since = intQuery(req, "since");
    const limit = intQuery(req, "limit");
    const jobId = stringQuery(req, "jobId");
    const type = stringQuery(req, "type");
    const newestFirst = stringQuery(req, "order") === "desc";
    const value = engine.events({
      since, limit, jobId, newestFirst,
      ...(type !== undefined ? { types: type.split(",").map((t) => t.trim()) as JobEventType[] } : {}),
    });
    res.json({ value, lastSeq: engine.eventStore.lastSeq() });
  });

  return router;
}

function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

function stringQuery(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string") throw EngineError.badRequest(`${name} must be given once`);
  return value;
}

function intQuery(req: Request, name: string): number | undefined {
  const text = stringQuery(req, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw EngineError.badRequest(`${name} must be a whole number, 0 or more`);
  return Number(text);
}

function objectBody(req: Request): Record<string, unknown> {
  const body = (req.body ?? {}) as unknown;
  if (typeof body !== "object" || Array.isArray(body) || body === null) throw EngineError.badRequest("the body must be a JSON object");
  return body as Record<string, unknown>;
}
