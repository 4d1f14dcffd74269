/**
 * Microsoft Graph v1.0 shapes (served under `/v1.0` and `/beta`): service principals,
 * synchronization jobs and their operations, secrets, provisioning logs. Scripts written for
 * Graph work against the engine with only the base URL changed.
 */
import { Router, type Request, type Response } from "express";
import type { Engine } from "../engine";
import { EngineError } from "../jobs/engine-error";
import type { ServicePrincipalRecord } from "../jobs/job-types";
import { MAX_LOG_PAGE } from "../logs/log-store";
import { MAX_AUDIT_PAGE } from "../events/directory-audit";

export function graphRoutes(engine: Engine, version: "v1.0" | "beta"): Router {
  const router = Router();
  const context = (req: Request, what: string): string => `${req.protocol}://${req.get("host")}/${version}/$metadata#${what}`;

  router.get("/servicePrincipals", (req, res) => {
    res.json({ "@odata.context": context(req, "servicePrincipals"), value: engine.store.jobs.servicePrincipals().map(spView) });
  });

  router.get("/servicePrincipals/:sp", (req, res) => {
    res.json({ "@odata.context": context(req, "servicePrincipals/$entity"), ...spView(engine.jobs.servicePrincipal(req.params.sp)) });
  });

  router.get("/servicePrincipals/:sp/synchronization/jobs", (req, res) => {
    const sp = engine.jobs.servicePrincipal(req.params.sp);
    res.json({
      "@odata.context": context(req, `servicePrincipals('${sp.id}')/synchronization/jobs`),
      value: engine.store.jobs.jobs(sp.id).map((job) => engine.jobs.view(job)),
    });
  });

  router.post("/servicePrincipals/:sp/synchronization/jobs", (req, res) => {
    const sp = engine.jobs.servicePrincipal(req.params.sp);
    const body = objectBody(req);
    const templateId = body.templateId;
    if (templateId !== undefined && typeof templateId !== "string") throw EngineError.badRequest("templateId must be a string");
    const { job } = engine.jobs.createJob({ servicePrincipalId: sp.id, ...(templateId ? { templateId } : {}) });
    res.status(201).json({ "@odata.context": context(req, `servicePrincipals('${sp.id}')/synchronization/jobs/$entity`), ...engine.jobs.view(job) });
  });

  router.get("/servicePrincipals/:sp/synchronization/jobs/:job", (req, res) => {
    const job = engine.jobs.job(req.params.job, engine.jobs.servicePrincipal(req.params.sp).id);
    res.json({ "@odata.context": context(req, `servicePrincipals('${job.servicePrincipalId}')/synchronization/jobs/$entity`), ...engine.jobs.view(job) });
  });

  router.delete("/servicePrincipals/:sp/synchronization/jobs/:job", async (req, res) => {
    await engine.jobs.deleteJob(req.params.job, engine.jobs.servicePrincipal(req.params.sp).id);
    res.status(204).end();
  });

  const jobOf = (req: Request<{ sp: string; job: string }>): string => engine.jobs.job(req.params.job, engine.jobs.servicePrincipal(req.params.sp).id).id;

  router.post("/servicePrincipals/:sp/synchronization/jobs/:job/start", (req, res) => {
    engine.jobs.start(jobOf(req));
    res.status(204).end();
  });

  router.post("/servicePrincipals/:sp/synchronization/jobs/:job/pause", (req, res) => {
    engine.jobs.pause(jobOf(req));
    res.status(204).end();
  });

  router.post("/servicePrincipals/:sp/synchronization/jobs/:job/restart", async (req, res) => {
    const jobId = jobOf(req);
    const body = objectBody(req);
    const criteria = body.criteria;
    if (criteria !== undefined && (criteria === null || typeof criteria !== "object" || Array.isArray(criteria))) {
      throw EngineError.badRequest("criteria must be an object like {\"resetScope\": \"Watermark, Escrows\"}");
    }
    const scope = (criteria as { resetScope?: unknown } | undefined)?.resetScope;
    if (scope !== undefined && scope !== null && typeof scope !== "string") throw EngineError.badRequest("criteria.resetScope must be a comma-separated string");
    await engine.jobs.restart(jobId, (scope as string | null | undefined) ?? null);
    res.status(204).end();
  });

  router.post("/servicePrincipals/:sp/synchronization/jobs/:job/provisionOnDemand", async (req, res) => {
    const jobId = jobOf(req);
    const parameters = objectBody(req).parameters;
    if (!Array.isArray(parameters) || parameters.length === 0) {
      throw EngineError.badRequest("parameters must be a non-empty list like [{\"subjects\": [{\"objectId\": \"…\", \"objectTypeName\": \"User\"}]}]");
    }
    const subjects = parameters.flatMap((p: { subjects?: unknown }, i: number) => {
      if (!p || !Array.isArray(p.subjects)) throw EngineError.badRequest(`parameters[${i}].subjects must be a list`);
      return p.subjects.map((s: { objectId?: unknown; objectTypeName?: unknown }, j: number) => {
        if (!s || typeof s.objectId !== "string" || typeof s.objectTypeName !== "string") {
          throw EngineError.badRequest(`parameters[${i}].subjects[${j}] needs objectId and objectTypeName (User or Group)`);
        }
        return { objectId: s.objectId, objectTypeName: s.objectTypeName };
      });
    });
    const records = await engine.provisionOnDemand(jobId, subjects);
    res.json({
      "@odata.context": context(req, "microsoft.graph.stringKeyStringValuePair"),
      key: "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo",
      value: JSON.stringify(records),
    });
  });

  router.post("/servicePrincipals/:sp/synchronization/jobs/:job/validateCredentials", async (req, res) => {
    const jobId = jobOf(req);
    const body = objectBody(req);
    const credentials = body.credentials;
    if (credentials !== undefined && !isKeyValueList(credentials)) throw EngineError.badRequest("credentials must be a list of {key, value} strings");
    if (body.useSavedCredentials !== undefined && typeof body.useSavedCredentials !== "boolean") throw EngineError.badRequest("useSavedCredentials must be true or false");
    await engine.validateCredentials(jobId, {
      ...(body.useSavedCredentials !== undefined ? { useSavedCredentials: body.useSavedCredentials as boolean } : {}),
      ...(credentials ? { credentials: credentials as Array<{ key: string; value: string }> } : {}),
    });
    res.status(204).end();
  });

  router.put("/servicePrincipals/:sp/synchronization/secrets", (req, res) => {
    const sp = engine.jobs.servicePrincipal(req.params.sp);
    const body = req.body as unknown;
    const list = Array.isArray(body) ? body : (body as { value?: unknown })?.value;
    if (!isKeyValueList(list)) throw EngineError.badRequest("the body must be {\"value\": [{\"key\": \"BaseAddress\", \"value\": \"…\"}, …]}");
    engine.jobs.setSecrets(sp.id, list);
    res.status(204).end();
  });

  router.get("/auditLogs/provisioning", (req, res) => provisioningLogs(engine, req, res, context(req, "auditLogs/provisioning")));
  router.get("/auditLogs/directoryAudits", (req, res) => directoryAudits(engine, req, res, context(req, "auditLogs/directoryAudits")));

  return router;
}

function provisioningLogs(engine: Engine, req: Request, res: Response, odataContext: string): void {
  pagedGraphList(req, res, odataContext, MAX_LOG_PAGE, (query) => engine.provisioningLogs(query));
}

/** Job events as Graph `directoryAudit` records (category ProvisioningManagement), newest first. */
function directoryAudits(engine: Engine, req: Request, res: Response, odataContext: string): void {
  pagedGraphList(req, res, odataContext, MAX_AUDIT_PAGE, (query) => engine.directoryAudits(query));
}

interface GraphPageQuery {
  filter: string | undefined;
  top: number | undefined;
  skipToken: string | undefined;
}

/** A Graph collection read with `$filter`, `$top` (1..max) and `$skiptoken`, answered with `@odata.nextLink` while more remain. */
function pagedGraphList(
  req: Request,
  res: Response,
  odataContext: string,
  maxTop: number,
  read: (query: GraphPageQuery) => { value: unknown[]; nextSkipToken?: string | undefined },
): void {
  const filter = queryString(req, "$filter");
  const topText = queryString(req, "$top");
  const skipToken = queryString(req, "$skiptoken");
  let top: number | undefined;
  if (topText !== undefined) {
    top = Number(topText);
    if (!/^\d+$/.test(topText) || top < 1 || top > maxTop) throw EngineError.badRequest(`$top must be a whole number from 1 to ${maxTop}`);
  }
  const page = read({ filter, top, skipToken });
  const body: Record<string, unknown> = { "@odata.context": odataContext, value: page.value };
  if (page.nextSkipToken !== undefined) {
    const next = new URL(`${req.protocol}://${req.get("host")}${req.baseUrl}${req.path}`);
    if (filter !== undefined) next.searchParams.set("$filter", filter);
    if (top !== undefined) next.searchParams.set("$top", String(top));
    next.searchParams.set("$skiptoken", page.nextSkipToken);
    body["@odata.nextLink"] = next.toString();
  }
  res.json(body);
}

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw EngineError.badRequest(`${name} must be given once`);
  return value;
}

function objectBody(req: Request): Record<string, unknown> {
  const body = req.body as unknown;
  if (body === undefined || body === null || (typeof body === "object" && Object.keys(body).length === 0 && !Array.isArray(body))) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw EngineError.badRequest("the body must be a JSON object");
  return body as Record<string, unknown>;
}

function isKeyValueList(value: unknown): value is Array<{ key: string; value: string }> {
  return Array.isArray(value) && value.every((e) => e && typeof e === "object" && typeof e.key === "string" && typeof e.value === "string");
}

function spView(sp: ServicePrincipalRecord): Record<string, unknown> {
  return {
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    servicePrincipalType: "Application",
    accountEnabled: true,
    tags: ["WindowsAzureActiveDirectoryCustomSingleSignOnApplication", "WindowsAzureActiveDirectoryIntegratedApp"],
  };
}
