import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { createTarget, type Target } from "../simulator/index";
import { SCHEMA } from "../scim/types";

const TOKEN = "bulk-token";
let target: Target;
const post = (path: string, body: unknown) => request(target.app).post(`/scim/v2${path}`).set("Authorization", `Bearer ${TOKEN}`).send(body as object);
const get = (path: string) => request(target.app).get(`/scim/v2${path}`).set("Authorization", `Bearer ${TOKEN}`);
const bulk = (operations: unknown[], extra: Record<string, unknown> = {}) => post("/Bulk", { schemas: [SCHEMA.bulkRequest], Operations: operations, ...extra });

beforeEach(() => {
  target = createTarget({ tokens: [TOKEN], limits: { maxOperations: 5, maxPayloadSize: 4096 } });
});

describe("Bulk", () => {
  it("creates resources and resolves bulkId references, forward ones included", async () => {
    const res = await bulk([
      { method: "POST", path: "/Groups", bulkId: "g", data: { schemas: [SCHEMA.group], displayName: "Team", members: [{ value: "bulkId:u1" }, { value: "bulkId:u2" }] } },
      { method: "POST", path: "/Users", bulkId: "u1", data: { schemas: [SCHEMA.user], userName: "one" } },
      { method: "POST", path: "/Users", bulkId: "u2", data: { schemas: [SCHEMA.user], userName: "two" } },
      { method: "PATCH", path: "/Users/bulkId:u1", data: { schemas: [SCHEMA.patchOp], Operations: [{ op: "replace", path: "title", value: "Lead" }] } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual([SCHEMA.bulkResponse]);
    const statuses = Object.fromEntries(res.body.Operations.map((o: { bulkId?: string; method: string; status: string }) => [o.bulkId ?? o.method, o.status]));
    expect(statuses).toEqual({ u1: "201", u2: "201", g: "201", PATCH: "200" });
    const group = target.store.listGroups()[0]!;
    const members = (group.members as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual(target.store.listUsers().map((u) => u.id).sort());
    expect(target.store.findUserByUserName("one")?.title).toBe("Lead");
    for (const op of res.body.Operations) expect(op.location).toMatch(/\/scim\/v2\/(Users|Groups)\//);
  });

  it("reports failed operations and stops after failOnErrors", async () => {
    const res = await bulk(
      [
        { method: "POST", path: "/Users", bulkId: "a", data: { schemas: [SCHEMA.user], userName: "dup" } },
        { method: "POST", path: "/Users", bulkId: "b", data: { schemas: [SCHEMA.user], userName: "DUP" } },
        { method: "DELETE", path: "/Users/missing" },
        { method: "POST", path: "/Users", bulkId: "c", data: { schemas: [SCHEMA.user], userName: "never" } },
      ],
      { failOnErrors: 2 },
    );
    expect(res.body.Operations.map((o: { status: string }) => o.status)).toEqual(["201", "409", "404"]);
    expect(res.body.Operations[1].response).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect(target.store.countUsers()).toBe(1);
  });

  it("fails references to operations that failed, and circular ones", async () => {
    const res = await bulk([
      { method: "POST", path: "/Users", bulkId: "bad", data: { schemas: [SCHEMA.user] } },
      { method: "POST", path: "/Groups", bulkId: "g", data: { schemas: [SCHEMA.group], displayName: "G", members: [{ value: "bulkId:bad" }] } },
      { method: "POST", path: "/Groups", bulkId: "x", data: { schemas: [SCHEMA.group], displayName: "X", members: [{ value: "bulkId:y" }] } },
      { method: "POST", path: "/Groups", bulkId: "y", data: { schemas: [SCHEMA.group], displayName: "Y", members: [{ value: "bulkId:x" }] } },
    ]);
    expect(res.body.Operations.map((o: { status: string }) => o.status)).toEqual(["400", "409", "409", "409"]);
    expect(target.store.countGroups()).toBe(0);
  });

  it("enforces maxOperations and maxPayloadSize with 413", async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ method: "DELETE", path: `/Users/${i}` }));
    const tooMany = await bulk(six);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ schemas: [SCHEMA.error], status: "413" });
    const tooBig = await bulk([{ method: "POST", path: "/Users", bulkId: "a", data: { schemas: [SCHEMA.user], userName: "x".repeat(5000) } }]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.detail).toMatch(/maxPayloadSize is 4096/);
    expect((await bulk([{ method: "GET", path: "/Users" }])).body.scimType).toBe("invalidSyntax");
  });
});

describe("ETags", () => {
  it("sends ETag and meta.version, honours If-Match (412) and If-None-Match (304)", async () => {
    const created = await post("/Users", { schemas: [SCHEMA.user], userName: "e" });
    const id = created.body.id;
    const etag = created.headers.etag as string;
    expect(etag).toBe(created.body.meta.version);
    const notModified = await get(`/Users/${id}`).set("If-None-Match", etag);
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    const patch = (ifMatch: string) =>
      request(target.app)
        .patch(`/scim/v2/Users/${id}`)
        .set("Authorization", `Bearer ${TOKEN}`)
        .set("If-Match", ifMatch)
        .send({ schemas: [SCHEMA.patchOp], Operations: [{ op: "replace", path: "title", value: "t" }] });
    const ok = await patch(etag);
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).not.toBe(etag);
    const stale = await patch(etag);
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ schemas: [SCHEMA.error], status: "412" });
    expect((await patch("*")).status).toBe(200);
    expect((await get(`/Users/${id}`).set("If-None-Match", etag)).status).toBe(200);
    const del = await request(target.app).delete(`/scim/v2/Users/${id}`).set("Authorization", `Bearer ${TOKEN}`).set("If-Match", 'W/"1"');
    expect(del.status).toBe(412);
    expect(target.store.countUsers()).toBe(1);
  });
});
