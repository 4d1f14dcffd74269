import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { readFaultsFile } from "../simulator/cli";
import { createTarget, startTarget, type Target } from "../simulator/index";
import { SCHEMA } from "../scim/types";

const ADMIN = "admin-secret-1";
const TOKEN = "scim-token-1";
const open: Target[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
const admin = (t: Target) => {
  const agent = request(t.app);
  const h = { Authorization: `Bearer ${ADMIN}` };
  return {
    get: (p: string) => agent.get(`/_admin${p}`).set(h),
    post: (p: string, body?: unknown) => agent.post(`/_admin${p}`).set(h).send(body as object),
    put: (p: string, body: unknown) => agent.put(`/_admin${p}`).set(h).send(body as object),
    delete: (p: string) => agent.delete(`/_admin${p}`).set(h),
  };
};
const scim = (t: Target) => ({
  get: (p: string) => request(t.app).get(`/scim/v2${p}`).set("Authorization", `Bearer ${TOKEN}`),
  post: (p: string, body: unknown) => request(t.app).post(`/scim/v2${p}`).set("Authorization", `Bearer ${TOKEN}`).send(body as object),
});

describe("admin API", () => {
  it("needs its own token, and serves its OpenAPI document", async () => {
    const t = createTarget({ tokens: [TOKEN], adminToken: ADMIN });
    expect((await request(t.app).get("/_admin/faults")).status).toBe(401);
    expect((await request(t.app).get("/_admin/faults").set("Authorization", `Bearer ${TOKEN}`)).status).toBe(401);
    expect((await request(t.app).get("/_admin/faults").set("X-Admin-Token", ADMIN)).status).toBe(200);
    const doc = await request(t.app).get("/_admin/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/_admin/faults", "/_admin/journal", "/_admin/journal.har", "/_admin/reset", "/_admin/seed", "/_admin/snapshot", "/_admin/target"]));
    expect(doc.body.components.schemas.FaultRule.properties.action.oneOf.length).toBe(11);
    expect((await request(createTarget({ tokens: [TOKEN] }).app).get("/_admin/faults").set("Authorization", `Bearer ${ADMIN}`)).status).toBe(404);
  });

  it("installs, lists and removes rules and presets", async () => {
    const t = createTarget({ tokens: [TOKEN], adminToken: ADMIN });
    const installed = await admin(t).post("/faults", { id: "creates-fail", match: { operation: "create" }, action: { type: "error", status: 500 } });
    expect(installed.status).toBe(201);
    expect(installed.body.ids).toEqual(["creates-fail"]);
    const preset = await admin(t).post("/faults", { preset: "throttled", retryAfter: "5s", probability: 0.5 });
    expect(preset.body.rules[0]).toMatchObject({ probability: 0.5, action: { type: "throttle", retryAfter: "5s" } });
    expect((await scim(t).post("/Users", { schemas: [SCHEMA.user], userName: "x" })).status).toBeGreaterThanOrEqual(429);
    const list = await admin(t).get("/faults");
    expect(list.body.rules.map((r: { id: string }) => r.id)).toEqual([preset.body.ids[0], "creates-fail"]);
    expect((await admin(t).delete("/faults/creates-fail")).status).toBe(204);
    expect((await admin(t).delete("/faults/creates-fail")).status).toBe(404);
    expect((await admin(t).delete("/faults")).status).toBe(204);
    expect((await admin(t).get("/faults")).body.rules).toEqual([]);
  });

  it("answers bad rules with 400 naming the field and what it accepts", async () => {
    const t = createTarget({ tokens: [TOKEN], adminToken: ADMIN });
    const cases: Array<[unknown, RegExp]> = [
      [{ action: { type: "explode" } }, /action\.type: unknown action "explode"\. use one of error, auth, throttle, quota, latency, hang, reset, malformed, commitThenFail, duplicateResults, outage/],
      [{ action: { type: "error", status: 200 } }, /action\.status/],
      [{ action: { type: "latency", delay: "soon" } }, /action\.delay: invalid duration "soon"/],
      [{ match: { operation: "fly" }, action: { type: "hang" } }, /match\.operation/],
      [{ match: { method: "GETT" }, action: { type: "hang" } }, /match\.method: is not an HTTP method: use one of GET, POST/],
      [{ action: { status: 500 } }, /action\.type: is required: the kind of fault, e\.g\. error, auth/],
      [{ match: { filter: "userName eq" }, action: { type: "hang" } }, /match\.filter: the filter ends early/],
      [{ probability: 2, action: { type: "hang" } }, /probability/],
      [{ window: { from: "whenever" }, action: { type: "hang" } }, /window\.from: "whenever" is neither a date-time nor a duration/],
      [{ action: { type: "hang" }, bogus: 1 }, /bogus|Unrecognized/],
      [{ preset: "chaos" }, /preset: unknown preset "chaos"\. use one of invalid-credentials, expire-token-after, flaky-5xx, throttled, object-errors, outage/],
      [{ preset: "flaky-5xx", probability: 7 }, /probability/],
    ];
    for (const [rule, message] of cases) {
      const res = await admin(t).post("/faults", rule);
      expect(res.status, JSON.stringify(rule)).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.problems[0].field).toBeTruthy();
    }
    const malformed = await request(t.app).post("/_admin/faults").set("Authorization", `Bearer ${ADMIN}`).set("Content-Type", "application/json").send("{nope");
    expect(malformed.status).toBe(400);
    expect((await admin(t).get("/faults")).body.rules).toEqual([]);
  });

  it("queries the journal with secrets redacted, exports HAR 1.2 and clears it", async () => {
    const t = await startTarget({ tokens: [TOKEN], adminToken: ADMIN, seed: "j" });
    open.push(t);
    t.faults.use({ match: { operation: "create", filter: 'userName eq "boom"' }, action: { type: "error", status: 500 }, id: "boom" });
    const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/scim+json" };
    await fetch(`${t.baseUrl}/Users`, { method: "POST", headers, body: JSON.stringify({ schemas: [SCHEMA.user], userName: "ok", password: "hunter2-secret" }) });
    await fetch(`${t.baseUrl}/Users`, { method: "POST", headers, body: JSON.stringify({ schemas: [SCHEMA.user], userName: "boom" }) });
    await fetch(`${t.baseUrl}/Users?filter=${encodeURIComponent('userName eq "ok"')}`, { headers });
    const adminHeaders = { Authorization: `Bearer ${ADMIN}` };
    const all = await (await fetch(`${t.adminUrl}/_admin/journal`, { headers: adminHeaders })).json();
    expect(all.entries).toHaveLength(3);
    const text = JSON.stringify(all);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("hunter2-secret");
    expect(all.entries[0].requestHeaders.authorization).toBe("Bearer [REDACTED]");
    expect(all.entries[1]).toMatchObject({ method: "POST", path: "/scim/v2/Users", status: 500, faults: ["boom"] });
    const failed = await (await fetch(`${t.adminUrl}/_admin/journal?status=500`, { headers: adminHeaders })).json();
    expect(failed.entries.map((e: { requestBody: { userName: string } }) => e.requestBody.userName)).toEqual(["boom"]);
    const gets = await (await fetch(`${t.adminUrl}/_admin/journal?method=get&path=/Users&limit=1`, { headers: adminHeaders })).json();
    expect(gets.entries).toHaveLength(1);
    expect(gets.entries[0].query).toEqual({ filter: 'userName eq "ok"' });
    const future = await (await fetch(`${t.adminUrl}/_admin/journal?since=2999-01-01T00:00:00Z`, { headers: adminHeaders })).json();
    expect(future.entries).toEqual([]);
    expect((await fetch(`${t.adminUrl}/_admin/journal?limit=-1`, { headers: adminHeaders })).status).toBe(400);

    const har = await (await fetch(`${t.adminUrl}/_admin/journal.har`, { headers: adminHeaders })).json();
    expectValidHar(har);
    expect(har.log.entries).toHaveLength(3);
    expect(har.log.entries[1].response.status).toBe(500);
    expect(har.log.entries[1].comment).toBe("faults: boom");
    expect(har.log.entries[2].request.queryString).toEqual([{ name: "filter", value: 'userName eq "ok"' }]);
    expect(JSON.stringify(har)).not.toContain(TOKEN);

    expect((await fetch(`${t.adminUrl}/_admin/journal`, { method: "DELETE", headers: adminHeaders })).status).toBe(204);
    expect(t.journal.find()).toEqual([]);
  });

  it("resets, seeds, snapshots and takes the target down and up", async () => {
    const t = await startTarget({ tokens: [TOKEN], adminToken: ADMIN, seedUsers: 2, seed: "adm" });
    open.push(t);
    const adminHeaders = { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" };
    const post = (p: string, body?: unknown) => fetch(`${t.adminUrl}/_admin${p}`, { method: "POST", headers: adminHeaders, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    expect(await (await post("/seed", { users: 3, groups: 1, seed: "more" })).json()).toMatchObject({ users: 3, groups: 1, totalUsers: 5, totalGroups: 1 });
    expect((await post("/seed", { users: -1 })).status).toBe(400);
    const snapshot = await (await fetch(`${t.adminUrl}/_admin/snapshot`, { headers: adminHeaders })).json();
    expect(snapshot.users).toHaveLength(5);
    t.faults.use({ action: { type: "hang" } });
    expect((await post("/reset")).status).toBe(204);
    expect(t.store.countUsers()).toBe(2);
    expect(t.faults.list()).toEqual([]);
    const put = await fetch(`${t.adminUrl}/_admin/snapshot`, { method: "PUT", headers: adminHeaders, body: JSON.stringify(snapshot) });
    expect(put.status).toBe(204);
    expect(t.store.countUsers()).toBe(5);
    expect((await fetch(`${t.adminUrl}/_admin/snapshot`, { method: "PUT", headers: adminHeaders, body: JSON.stringify({ users: 1 }) })).status).toBe(400);

    const down = await post("/target", { state: "down" });
    expect(await down.json()).toEqual({ state: "down" });
    await expect(fetch(`${t.baseUrl}/Users`, { headers: { Authorization: `Bearer ${TOKEN}` } })).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
    expect(await (await post("/target", { state: "up" })).json()).toEqual({ state: "up" });
    const users = await (await fetch(`${t.baseUrl}/Users`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    expect(users.totalResults).toBe(5);
    await post("/target", { state: "down", keepData: false });
    await post("/target", { state: "up" });
    expect(t.store.countUsers()).toBe(0);
    expect((await post("/target", { state: "sideways" })).status).toBe(400);
  });
});

describe("TypeScript API", () => {
  it("target.faults and target.journal behave like the admin API", async () => {
    const t = createTarget({ tokens: [TOKEN] });
    const [rule] = t.faults.use({ match: { resource: "Groups" }, action: { type: "error", status: 503 } });
    expect(rule).toMatchObject({ id: "rule-1", matched: 0, fired: 0, retired: false });
    expect((await scim(t).get("/Groups")).status).toBe(503);
    expect((await scim(t).get("/Users")).status).toBe(200);
    expect(t.faults.list()[0]).toMatchObject({ matched: 1, fired: 1 });
    expect(t.journal.find({ status: 503 }).map((e) => e.path)).toEqual(["/scim/v2/Groups"]);
    expect(t.journal.toHar().log.entries).toHaveLength(2);
    expect(t.faults.remove("rule-1")).toBe(true);
    expect(() => t.faults.use({ action: { type: "nope" } } as never)).toThrow(/unknown action "nope"/);
    t.faults.use({ action: { type: "hang" } });
    t.reset();
    expect(t.faults.list()).toEqual([]);
    expect(t.journal.find()).toEqual([]);
  });

  it("keeps only journalSize entries, and none with journalSize 0", async () => {
    const t = createTarget({ tokens: [TOKEN], journalSize: 3 });
    for (let i = 0; i < 5; i++) await scim(t).get(`/Users?count=${i}`);
    expect(t.journal.find().map((e) => e.query.count)).toEqual(["2", "3", "4"]);
    const off = createTarget({ tokens: [TOKEN], journalSize: 0 });
    await scim(off).get("/Users");
    expect(off.journal.find()).toEqual([]);
  });
});

describe("--faults FILE.yaml", () => {
  it("reads rules and presets, and names the file and field of a bad one", () => {
    const dir = mkdtempSync(join(tmpdir(), "scimlab-faults-"));
    const good = join(dir, "good.yaml");
    writeFileSync(good, "faults:\n  - preset: object-errors\n    share: 0.25\n  - match: { operation: query }\n    action: { type: latency, delay: 250ms }\n");
    expect(readFaultsFile(good)).toHaveLength(2);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "- action: { type: throttle, retryAfter: later }\n");
    expect(() => readFaultsFile(bad)).toThrow(new RegExp(`${bad.replace(/[.]/g, "\\.")}: \\[0\\]\\.action\\.retryAfter: invalid duration "later"`));
    const notList = join(dir, "not-list.yaml");
    writeFileSync(notList, "hello: world\n");
    expect(() => readFaultsFile(notList)).toThrow(/expected a list of fault rules/);
    expect(() => readFaultsFile(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: \(file\): cannot be read \(ENOENT\)/);
  });
});

/** The HAR 1.2 shape (http://www.softwareishard.com/blog/har-12-spec/), field by field. */
function expectValidHar(har: { log: Record<string, unknown> }): void {
  expect(har.log.version).toBe("1.2");
  expect(har.log.creator).toEqual({ name: expect.any(String), version: expect.any(String) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking an untyped JSON document
  const entries = har.log.entries as Array<Record<string, any>>;
  expect(Array.isArray(entries)).toBe(true);
  const nameValues = (list: unknown) => {
    expect(Array.isArray(list)).toBe(true);
    for (const nv of list as Array<Record<string, unknown>>) expect(nv).toEqual({ name: expect.any(String), value: expect.any(String) });
  };
  for (const e of entries) {
    expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
    expect(e.startedDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    expect(typeof e.time).toBe("number");
    expect(e.request).toMatchObject({ method: expect.any(String), url: expect.stringMatching(/^http:\/\//), httpVersion: expect.any(String), headersSize: expect.any(Number), bodySize: expect.any(Number) });
    nameValues(e.request.headers);
    nameValues(e.request.queryString);
    nameValues(e.request.cookies);
    if (e.request.postData) expect(e.request.postData).toEqual({ mimeType: expect.any(String), text: expect.any(String) });
    expect(e.response).toMatchObject({ status: expect.any(Number), statusText: expect.any(String), httpVersion: expect.any(String), redirectURL: expect.any(String), headersSize: expect.any(Number), bodySize: expect.any(Number) });
    nameValues(e.response.headers);
    nameValues(e.response.cookies);
    expect(e.response.content).toMatchObject({ size: expect.any(Number), mimeType: expect.any(String) });
    expect(e.cache).toEqual({});
    expect(e.timings).toMatchObject({ send: expect.any(Number), wait: expect.any(Number), receive: expect.any(Number) });
    for (const t of Object.values(e.timings) as number[]) expect(t === -1 || t >= 0).toBe(true);
  }
}
