import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld;
let api: (method: "get" | "post" | "put" | "delete" | "patch", path: string) => request.Test;

beforeAll(async () => {
  world = await startEngineWorld({ users: 12, groups: 1, seed: "api-graph" });
  const app = world.engine.app;
  api = (method, path) => request(app)[method](path).set("authorization", `Bearer ${world.engine.apiToken}`);
});
afterAll(async () => {
  await world.close();
});

const sp = () => world.servicePrincipalId;
const jobs = () => `/v1.0/servicePrincipals/${sp()}/synchronization/jobs`;

function expectGraphError(res: request.Response, status: number, code: string | RegExp): void {
  expect(res.status).toBe(status);
  expect(res.body.error.code).toMatch(code);
  expect(typeof res.body.error.message).toBe("string");
  expect(res.body.error.innerError["request-id"]).toBeTruthy();
}

describe("Graph API: authentication", () => {
  it("refuses requests without the engine's bearer token, or with a wrong one", async () => {
    const missing = await request(world.engine.app).get("/v1.0/servicePrincipals");
    expectGraphError(missing, 401, "InvalidAuthenticationToken");
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    const wrong = await request(world.engine.app).get("/v1.0/servicePrincipals").set("authorization", `Bearer ${world.engine.apiToken}x`);
    expectGraphError(wrong, 401, "InvalidAuthenticationToken");
    const target = await request(world.engine.app).get("/v1.0/servicePrincipals").set("authorization", `Bearer ${world.target.tokens[0]}`);
    expect(target.status).toBe(401);
  });

  it("serves health without a token, and unknown routes as Graph errors", async () => {
    expect((await request(world.engine.app).get("/_engine/health")).status).toBe(200);
    expectGraphError(await api("get", "/v1.0/nothingHere"), 404, "ResourceNotFound");
  });
});

describe("Graph API: service principals and jobs", () => {
  it("lists service principals and reads one; unknown ids are 404", async () => {
    const list = await api("get", "/v1.0/servicePrincipals").expect(200);
    expect(list.body.value.map((s: { id: string }) => s.id)).toContain(sp());
    expect(list.body["@odata.context"]).toMatch(/\$metadata#servicePrincipals$/);
    expect((await api("get", `/v1.0/servicePrincipals/${sp()}`).expect(200)).body).toMatchObject({ id: sp(), servicePrincipalType: "Application" });
    expectGraphError(await api("get", "/v1.0/servicePrincipals/nope"), 404, "ResourceNotFound");
  });

  it("lists and reads jobs in synchronizationJob shape, under /v1.0 and /beta", async () => {
    const list = await api("get", jobs()).expect(200);
    expect(list.body.value).toHaveLength(1);
    const job = (await api("get", `${jobs()}/${world.jobId}`).expect(200)).body;
    expect(job).toMatchObject({ id: world.jobId, templateId: "scim", schedule: { interval: "PT40M", state: "Disabled" } });
    expect(job.status).toMatchObject({ code: "NotRun", quarantine: null, lastExecution: null, countSuccessiveCompleteFailures: 0 });
    expect((await api("get", `/beta/servicePrincipals/${sp()}/synchronization/jobs/${world.jobId}`).expect(200)).body.id).toBe(world.jobId);
    expectGraphError(await api("get", `${jobs()}/scim.unknown`), 404, "ResourceNotFound");
    expectGraphError(await api("get", `/v1.0/servicePrincipals/nope/synchronization/jobs`), 404, "ResourceNotFound");
  });

  it("creates a job from a template and deletes it", async () => {
    const created = await api("post", jobs()).send({ templateId: "scim" }).expect(201);
    expect(created.body.id).toMatch(/^scim\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expectGraphError(await api("post", jobs()).send({ templateId: 42 }), 400, "BadRequest");
    await api("delete", `${jobs()}/${created.body.id}`).expect(204);
    expectGraphError(await api("delete", `${jobs()}/${created.body.id}`), 404, "ResourceNotFound");
  });

  it("start, pause and restart change the schedule; bad restart criteria are 400", async () => {
    await api("post", `${jobs()}/${world.jobId}/start`).expect(204);
    expect(world.engine.job(world.jobId).schedule.state).toBe("Active");
    await api("post", `${jobs()}/${world.jobId}/pause`).expect(204);
    expect(world.engine.status(world.jobId).code).toBe("Paused");
    await api("post", `${jobs()}/${world.jobId}/restart`).send({ criteria: { resetScope: "Watermark, Escrows" } }).expect(204);
    expect(world.engine.job(world.jobId).schedule.state).toBe("Active");
    const bad = await api("post", `${jobs()}/${world.jobId}/restart`).send({ criteria: { resetScope: "Watermark, Everything" } });
    expectGraphError(bad, 400, "BadRequest");
    expect(bad.body.error.message).toMatch(/criteria\.resetScope.*Everything/);
    expectGraphError(await api("post", `${jobs()}/${world.jobId}/restart`).send({ criteria: "Full" }), 400, "BadRequest");
    expectGraphError(await api("post", `${jobs()}/nope/start`), 404, "ResourceNotFound");
    await api("post", `${jobs()}/${world.jobId}/pause`).expect(204);
  });

  it("provisions one user on demand and returns its log record", async () => {
    const user = world.engine.directory.listUsers()[0]!;
    const res = await api("post", `${jobs()}/${world.jobId}/provisionOnDemand`)
      .send({ parameters: [{ ruleId: "user", subjects: [{ objectId: user.id, objectTypeName: "User" }] }] })
      .expect(200);
    const records = JSON.parse(res.body.value);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ provisioningAction: "create", provisioningStatusInfo: { status: "success" }, initiatedBy: { initiatorType: "user" } });
    expect(world.target.store.findUserByUserName(user.userPrincipalName)).toBeDefined();
    expectGraphError(
      await api("post", `${jobs()}/${world.jobId}/provisionOnDemand`).send({ parameters: [{ subjects: [{ objectId: "nobody", objectTypeName: "User" }] }] }),
      404,
      "ResourceNotFound",
    );
    expectGraphError(await api("post", `${jobs()}/${world.jobId}/provisionOnDemand`).send({ parameters: [] }), 400, "BadRequest");
    expectGraphError(
      await api("post", `${jobs()}/${world.jobId}/provisionOnDemand`).send({ parameters: [{ subjects: [{ objectId: user.id, objectTypeName: "Device" }] }] }),
      400,
      "BadRequest",
    );
  });

  it("validates credentials without saving them", async () => {
    await api("post", `${jobs()}/${world.jobId}/validateCredentials`).send({ useSavedCredentials: true }).expect(204);
    const bad = await api("post", `${jobs()}/${world.jobId}/validateCredentials`).send({ credentials: [{ key: "SecretToken", value: "wrong-token-123" }] });
    expectGraphError(bad, 400, "SystemForCrossDomainIdentityManagementCredentialValidationFailure");
    expect(JSON.stringify(bad.body)).not.toContain("wrong-token-123");
    await api("post", `${jobs()}/${world.jobId}/validateCredentials`).send({ useSavedCredentials: true }).expect(204);
    expectGraphError(await api("post", `${jobs()}/${world.jobId}/validateCredentials`).send({ credentials: "x" }), 400, "BadRequest");
    const unreachable = await api("post", `${jobs()}/${world.jobId}/validateCredentials`).send({ credentials: [{ key: "BaseAddress", value: "http://127.0.0.1:1/scim" }] });
    expectGraphError(unreachable, 400, "SystemForCrossDomainIdentityManagementServiceUnreachable");
  });

  it("sets secrets; without a BaseAddress the job is NotConfigured; bad bodies are 400", async () => {
    const base = world.target.baseUrl;
    await api("put", `/v1.0/servicePrincipals/${sp()}/synchronization/secrets`).send({ value: [{ key: "BaseAddress", value: "" }] }).expect(204);
    expect(world.engine.status(world.jobId).code).toBe("Paused");
    await api("post", `${jobs()}/${world.jobId}/start`).expect(204);
    expect(world.engine.status(world.jobId).code).toBe("NotConfigured");
    await api("put", `/v1.0/servicePrincipals/${sp()}/synchronization/secrets`).send({ value: [{ key: "BaseAddress", value: base }] }).expect(204);
    expect(world.engine.status(world.jobId).code).not.toBe("NotConfigured");
    expectGraphError(await api("put", `/v1.0/servicePrincipals/${sp()}/synchronization/secrets`).send({ value: [{ key: 1 }] }), 400, "BadRequest");
    expectGraphError(await api("put", `/v1.0/servicePrincipals/nope/synchronization/secrets`).send({ value: [] }), 404, "ResourceNotFound");
    const malformed = await api("put", `/v1.0/servicePrincipals/${sp()}/synchronization/secrets`).set("content-type", "application/json").send("{not json");
    expectGraphError(malformed, 400, "BadRequest");
    await api("post", `${jobs()}/${world.jobId}/pause`).expect(204);
  });
});

describe("Graph API: provisioning logs", () => {
  it("filters by job, cycle, action, status and time, pages with @odata.nextLink", async () => {
    const outcome = await world.engine.runCycle(world.jobId);
    const all = await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: `jobId eq '${world.jobId}' and cycleId eq '${outcome.cycleId}'` }).expect(200);
    expect(all.body.value.length).toBeGreaterThan(10);
    const creates = await api("get", "/v1.0/auditLogs/provisioning")
      .query({ $filter: `cycleId eq '${outcome.cycleId}' and provisioningAction eq 'create' and provisioningStatusInfo/status eq 'success'` })
      .expect(200);
    expect(creates.body.value.every((r: { provisioningAction: string }) => r.provisioningAction === "create")).toBe(true);
    const began = new Date(outcome.beganAt - 1000).toISOString();
    const later = new Date(outcome.endedAt + 1000).toISOString();
    const timed = await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: `activityDateTime ge ${began} and activityDateTime le ${later}` }).expect(200);
    expect(timed.body.value.length).toBeGreaterThanOrEqual(all.body.value.length);
    const none = await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: `activityDateTime gt ${later}` }).expect(200);
    expect(none.body.value).toEqual([]);

    const seen = new Set<string>();
    let page = await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: `cycleId eq '${outcome.cycleId}'`, $top: 5 }).expect(200);
    for (;;) {
      expect(page.body.value.length).toBeLessThanOrEqual(5);
      for (const r of page.body.value) seen.add(r.id);
      const next = page.body["@odata.nextLink"] as string | undefined;
      if (!next) break;
      const url = new URL(next);
      page = await api("get", url.pathname + url.search).expect(200);
    }
    expect(seen.size).toBe(all.body.value.length);
  });

  it("never shows the target's token or the API token in any answer", async () => {
    const secrets = [world.target.tokens[0]!, world.engine.apiToken];
    const bodies = await Promise.all(
      [
        "/v1.0/servicePrincipals",
        `/v1.0/servicePrincipals/${sp()}`,
        jobs(),
        `${jobs()}/${world.jobId}`,
        "/v1.0/auditLogs/provisioning?$top=1000",
        "/_engine/jobs",
        `/_engine/jobs/${world.jobId}/mappings`,
        `/_engine/jobs/${world.jobId}/escrows`,
        "/_engine/clock",
      ].map(async (path) => JSON.stringify((await api("get", path).expect(200)).body)),
    );
    for (const body of bodies) for (const secret of secrets) expect(body).not.toContain(secret);
  });

  it("answers malformed OData with 400 naming the problem and its column", async () => {
    const unterminated = await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: "jobId eq 'abc" });
    expectGraphError(unterminated, 400, "BadRequest");
    expect(unterminated.body.error.message).toMatch(/unterminated string literal \(at column 10\)/);
    const unknown = await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: "colour eq 'red'" });
    expect(unknown.body.error.message).toMatch(/unsupported property 'colour'/);
    expectGraphError(await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: "activityDateTime ge yesterday" }), 400, "BadRequest");
    expectGraphError(await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: "jobId gt 'a'" }), 400, "BadRequest");
    expectGraphError(await api("get", "/v1.0/auditLogs/provisioning").query({ $filter: "jobId eq 'a' and" }), 400, "BadRequest");
    expectGraphError(await api("get", "/v1.0/auditLogs/provisioning").query({ $top: "0" }), 400, "BadRequest");
    expectGraphError(await api("get", "/v1.0/auditLogs/provisioning").query({ $top: "5000" }), 400, "BadRequest");
    expectGraphError(await api("get", "/v1.0/auditLogs/provisioning").query({ $skiptoken: "not-a-token" }), 400, "BadRequest");
  });
});
