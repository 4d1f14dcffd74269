/**
 * The operator API (`/_engine`) for what Graph does not cover: create and delete jobs, edit
 * mappings and scoping filters, run a cycle now, read escrows. Mapping or scoping changes restart
 * the job (the next cycle is initial), as in the service.
 */
import { Router, type Request } from "express";
import type { Engine } from "../engine";
import { executionOf } from "../jobs/after-cycle";
import { EngineError } from "../jobs/engine-error";
import type { CreateJobInput } from "../jobs/job-service";
import type { ObjectMapping, ScopingFilter } from "../mapping/types";

export function operatorRoutes(engine: Engine): Router {
  const router = Router();

  router.get("/jobs", (_req, res) => {
    res.json({ value: engine.store.jobs.jobs().map((job) => ({ servicePrincipalId: job.servicePrincipalId, job: engine.jobs.view(job) })) });
  });

  router.post("/jobs", (req, res) => {
    const { servicePrincipal, job } = engine.jobs.createJob(body(req) as CreateJobInput);
    res.status(201).json({ servicePrincipalId: servicePrincipal.id, job: engine.jobs.view(job) });
  });

  router.get("/jobs/:job", (req, res) => {
    const job = engine.jobs.job(req.params.job);
    res.json({ servicePrincipalId: job.servicePrincipalId, job: engine.jobs.view(job) });
  });

  router.patch("/jobs/:job", async (req, res) => {
    const job = await engine.jobs.updateJob(req.params.job, body(req));
    res.json({ servicePrincipalId: job.servicePrincipalId, job: engine.jobs.view(job) });
  });

  router.delete("/jobs/:job", async (req, res) => {
    await engine.jobs.deleteJob(req.params.job);
    res.status(204).end();
  });

  router.get("/jobs/:job/mappings", (req, res) => {
    res.json(engine.jobs.job(req.params.job).config.mappings);
  });

  router.put("/jobs/:job/mappings", async (req, res) => {
    const { user, group, ...rest } = body(req);
    if (Object.keys(rest).length > 0) throw EngineError.badRequest(`unknown field(s) ${Object.keys(rest).join(", ")}: give user and/or group`);
    if (user === undefined && group === undefined) throw EngineError.badRequest("give user and/or group mappings");
    const job = await engine.jobs.updateJob(req.params.job, {
      mappings: { ...(user !== undefined ? { user } : {}), ...(group !== undefined ? { group } : {}) },
    });
    res.json(job.config.mappings);
  });

  router.put("/jobs/:job/scoping", async (req, res) => {
    const { user, group, ...rest } = body(req);
    if (Object.keys(rest).length > 0) throw EngineError.badRequest(`unknown field(s) ${Object.keys(rest).join(", ")}: give user and/or group scoping filters`);
    const current = engine.jobs.job(req.params.job).config.mappings;
    const withScoping = (mapping: ObjectMapping, scoping: unknown): ObjectMapping =>
      scoping === undefined ? mapping : { ...mapping, scoping: scoping as ScopingFilter };
    const job = await engine.jobs.updateJob(req.params.job, {
      mappings: { user: withScoping(current.user, user), group: withScoping(current.group, group) },
    });
    res.json({ user: job.config.mappings.user.scoping ?? [], group: job.config.mappings.group.scoping ?? [] });
  });

  router.post("/jobs/:job/cycles", async (req, res) => {
    const outcome = await engine.runCycle(req.params.job);
    res.json({ outcome, execution: executionOf(outcome) });
  });

  router.get("/jobs/:job/escrows", (req, res) => {
    res.json({ value: engine.escrows(req.params.job) });
  });

  return router;
}

function body(req: Request): Record<string, unknown> {
  const value = (req.body ?? {}) as unknown;
  if (typeof value !== "object" || Array.isArray(value) || value === null) throw EngineError.badRequest("the body must be a JSON object");
  return value as Record<string, unknown>;
}
