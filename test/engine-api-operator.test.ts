import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../common/virtual-clock";
import { defaultUserMapping } from "../engine/mapping/index";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld;
let api: (method: "get" | "post" | "put" | "delete" | "patch", path: string) => request.Test;

beforeAll(async () => {
  world = await startEngineWorld({ users: 6, groups: 1, seed: "api-operator" });
  const app = world.engine.app;
  api = (method, path) => request(app)[method](path).set("authorization", `Bearer ${world.engine.apiToken}`);
});
afterAll(async () => {
  await world.close();
});

function expectError(res: request.Response, status: number, pattern?: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBeTruthy();
  if (pattern) expect(res.body.error.message).toMatch(pattern);
}

describe("operator API: jobs", () => {
  it("creates, lists, reads, reconfigures and deletes jobs", async () => {
    const created = await api("post", "/_engine/jobs").send({ displayName: "Second app", interval: "2h", dialect: "entra-2020" }).expect(201);
    const jobId = created.body.job.id as string;
    expect(created.body.job.schedule).toMatchObject({ interval: "PT2H", state: "Disabled" });
    expect(created.body.servicePrincipalId).not.toBe(world.servicePrincipalId);
    expect((await api("get", "/_engine/jobs").expect(200)).body.value.map((j: { job: { id: string } }) => j.job.id)).toContain(jobId);
    expect((await api("get", `/_engine/jobs/${jobId}`).expect(200)).body.job.id).toBe(jobId);
    const patched = await api("patch", `/_engine/jobs/${jobId}`).send({ interval: "PT30M" }).expect(200);
    expect(patched.body.job.schedule.interval).toBe("PT30M");
    await api("delete", `/_engine/jobs/${jobId}`).expect(204);
    expectError(await api("get", `/_engine/jobs/${jobId}`), 404);
  });

  it("rejects bad job options naming the field", async () => {
    expectError(await api("post", "/_engine/jobs").send({ interval: "soon" }), 400, /^interval: invalid duration "soon"/);
    expectError(await api("post", "/_engine/jobs").send({ dialect: "entra-2030" }), 400, /dialect/);
    expectError(await api("post", "/_engine/jobs").send({ client: { concurrency: 0 } }), 400, /client\.concurrency/);
    expectError(await api("patch", `/_engine/jobs/${world.jobId}`).send({ escrow: { retryOffsets: ["6h", "never"] } }), 400, /escrow\.retryOffsets\[1\]/);
    expectError(await api("patch", "/_engine/jobs/nope").send({ interval: "1h" }), 404);
    expectError(await api("post", "/_engine/jobs").send([1, 2]), 400);
  });

  it("edits mappings and scoping filters; a change clears the watermark; bad mappings are 400 naming the field", async () => {
    await world.engine.runCycle(world.jobId);
    expect(world.engine.jobs.job(world.jobId).watermark).not.toBeNull();
    const mappings = (await api("get", `/_engine/jobs/${world.jobId}/mappings`).expect(200)).body;
    expect(mappings.user.attributes.length).toBeGreaterThan(3);
    const user = { ...defaultUserMapping, attributes: defaultUserMapping.attributes.filter((a) => a.target !== "title") };
    await api("put", `/_engine/jobs/${world.jobId}/mappings`).send({ user }).expect(200);
    expect(world.engine.jobs.job(world.jobId).watermark).toBeNull();
    expect((await world.engine.runCycle(world.jobId)).kind).toBe("initial");

    const broken = { ...defaultUserMapping, attributes: [{ target: "userName" }] };
    expectError(await api("put", `/_engine/jobs/${world.jobId}/mappings`).send({ user: broken }), 400, /mappings\.user\.attributes\[0\]/);
    const badExpression = { ...defaultUserMapping, attributes: [...user.attributes, { target: "nickName", expression: 'Join(" ", [givenName]' }] };
    const expressionError = await api("put", `/_engine/jobs/${world.jobId}/mappings`).send({ user: badExpression });
    expectError(expressionError, 400, /mappings\.user\.attributes\[\d+\]\.expression.*column \d+/);
    expectError(await api("put", `/_engine/jobs/${world.jobId}/mappings`).send({ users: user }), 400, /unknown field/);
    expectError(await api("put", `/_engine/jobs/${world.jobId}/mappings`).send({}), 400);

    const scoping = [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]];
    const res = await api("put", `/_engine/jobs/${world.jobId}/scoping`).send({ user: scoping }).expect(200);
    expect(res.body.user).toEqual(scoping);
    expect(world.engine.jobs.job(world.jobId).config.mappings.user.scoping).toEqual(scoping);
    expectError(await api("put", `/_engine/jobs/${world.jobId}/scoping`).send({ users: scoping }), 400, /unknown field/);
  });

  it("runs a cycle now and reads escrows", async () => {
    const res = await api("post", `/_engine/jobs/${world.jobId}/cycles`).expect(200);
    expect(res.body.outcome.result).toBe("completed");
    expect(res.body.execution.state).toMatch(/Succeeded|EntryLevelErrors/);
    expect((await api("get", `/_engine/jobs/${world.jobId}/escrows`).expect(200)).body.value).toEqual([]);
    expectError(await api("post", "/_engine/jobs/nope/cycles"), 404);
    expectError(await api("get", "/_engine/jobs/nope/escrows"), 404);
  });
});

describe("operator API: source directory", () => {
  it("creates, updates, soft-deletes, restores and hard-deletes users", async () => {
    const created = await api("post", "/_engine/directory/users").send({ userPrincipalName: "ops.person@contoso.example", displayName: "Ops Person" }).expect(201);
    const id = created.body.id as string;
    expect((await api("get", `/_engine/directory/users/${id}`).expect(200)).body.displayName).toBe("Ops Person");
    expect((await api("patch", `/_engine/directory/users/${id}`).send({ jobTitle: "SRE" }).expect(200)).body.jobTitle).toBe("SRE");
    await api("delete", `/_engine/directory/users/${id}`).expect(204);
    expect(world.engine.directory.getUser(id)?.softDeleted).toBe(true);
    await api("post", `/_engine/directory/users/${id}/restore`).expect(200);
    await api("delete", `/_engine/directory/users/${id}?hard=true`).expect(204);
    expectError(await api("get", `/_engine/directory/users/${id}`), 404);
    expectError(await api("post", "/_engine/directory/users").send({ userPrincipalName: "ops.person@contoso.example" }).then(() => api("post", "/_engine/directory/users").send({ userPrincipalName: "ops.person@contoso.example" })), 409);
    expectError(await api("post", "/_engine/directory/users").send({ displayName: "no upn" }), 400);
    expectError(await api("patch", "/_engine/directory/users/nobody").send({ jobTitle: "x" }), 404);
    const page = await api("get", "/_engine/directory/users").query({ $top: 2, $skip: 1 }).expect(200);
    expect(page.body.value).toHaveLength(2);
    expectError(await api("get", "/_engine/directory/users").query({ $top: "many" }), 400);
  });

  it("manages groups, members and assignments", async () => {
    const group = (await api("post", "/_engine/directory/groups").send({ displayName: "Ops" }).expect(201)).body;
    const user = world.engine.directory.listUsers()[0]!;
    await api("post", `/_engine/directory/groups/${group.id}/members`).send({ userId: user.id }).expect(204);
    expect((await api("get", `/_engine/directory/groups/${group.id}`).expect(200)).body.memberIds).toEqual([user.id]);
    expectError(await api("post", `/_engine/directory/groups/${group.id}/members`).send({ userId: user.id }), 409);
    expectError(await api("post", `/_engine/directory/groups/${group.id}/members`).send({}), 400);
    await api("delete", `/_engine/directory/groups/${group.id}/members/${user.id}`).expect(204);
    expect((await api("patch", `/_engine/directory/groups/${group.id}`).send({ description: "on call" }).expect(200)).body.description).toBe("on call");
    await api("post", "/_engine/directory/assignments").send({ servicePrincipalId: world.servicePrincipalId, principalId: group.id }).expect(201);
    const assigned = (await api("get", `/_engine/directory/assignments/${world.servicePrincipalId}`).expect(200)).body.value;
    expect(assigned.some((a: { principalId: string }) => a.principalId === group.id)).toBe(true);
    await api("delete", `/_engine/directory/assignments/${world.servicePrincipalId}/${group.id}`).expect(204);
    expectError(await api("delete", `/_engine/directory/assignments/${world.servicePrincipalId}/${group.id}`), 404);
    expectError(await api("post", "/_engine/directory/assignments").send({ servicePrincipalId: 1 }), 400);
    await api("delete", `/_engine/directory/groups/${group.id}?hard=true`).expect(204);
    expectError(await api("get", `/_engine/directory/groups/${group.id}`), 404);
    expect((await api("get", "/_engine/directory/groups").expect(200)).body.value.length).toBeGreaterThan(0);
  });

  it("generates, exports and imports directory data", async () => {
    const made = await api("post", "/_engine/directory/generate").send({ users: 3, groups: 0, seed: "extra" }).expect(201);
    expect(made.body).toEqual({ users: 3, groups: 0 });
    expectError(await api("post", "/_engine/directory/generate").send({ users: -1 }), 400);
    const exported = (await api("get", "/_engine/directory/export").expect(200)).body;
    expect(exported.users.length).toBe(world.engine.directory.userCount());
    await api("post", "/_engine/directory/import").send({ users: [{ id: "imported-1", userPrincipalName: "imported@contoso.example" }], groups: [], assignments: [] }).expect(204);
    expect(world.engine.directory.getUser("imported-1")).toBeDefined();
    expectError(await api("post", "/_engine/directory/import").send({ users: [{ id: "x" }] }), 400, /userPrincipalName/);
  });
});

describe("operator API: clock", () => {
  it("reads the real clock and refuses to move it", async () => {
    const clock = (await api("get", "/_engine/clock").expect(200)).body;
    expect(clock.mode).toBe("real");
    expectError(await api("post", "/_engine/clock").send({ advance: "1h" }), 409, /--clock controlled/);
  });

  it("moves a controlled clock by a duration or to an instant; rejects bad input and going backwards", async () => {
    const clock = new VirtualClock({ start: "2026-01-05T09:00:00Z", ioWallLimitMs: 0 });
    const controlled = await startEngineWorld({ users: 2, seed: "api-clock", clock, job: { start: true } });
    try {
      const app = controlled.engine.createApp({ controlledClock: clock });
      const call = (method: "get" | "post", path: string) => request(app)[method](path).set("authorization", `Bearer ${controlled.engine.apiToken}`);
      await controlled.engine.start();
      const before = (await call("get", "/_engine/clock").expect(200)).body;
      expect(before).toMatchObject({ mode: "controlled", now: "2026-01-05T09:00:00.000Z", nextTimerAt: "2026-01-05T09:00:00.000Z" });
      const after = (await call("post", "/_engine/clock").send({ advance: "1h" }).expect(200)).body;
      expect(after.now).toBe("2026-01-05T10:00:00.000Z");
      expect(after.nextTimerAt).toBe("2026-01-05T10:20:00.000Z");
      expect(controlled.target.store.countUsers()).toBe(2);
      expect(controlled.engine.status(controlled.jobId).lastExecution?.state).toBe("Succeeded");
      await call("post", "/_engine/clock").send({ to: "2026-01-05T12:00:00Z", settle: false }).expect(200);
      expect(clock.now()).toBe(Date.parse("2026-01-05T12:00:00Z"));
      expectError(await call("post", "/_engine/clock").send({ to: "2026-01-01T00:00:00Z" }), 400, /backwards/);
      expectError(await call("post", "/_engine/clock").send({ advance: "a while" }), 400, /advance/);
      expectError(await call("post", "/_engine/clock").send({ advance: "1h", to: "2026-01-06T00:00:00Z" }), 400);
      expectError(await call("post", "/_engine/clock").send({ to: "noon" }), 400);
    } finally {
      await controlled.close();
    }
  });
});
