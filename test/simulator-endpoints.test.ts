import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { createTarget, type Target } from "../simulator/index";
import { SCHEMA } from "../scim/types";

const TOKEN = "test-token-1";
let target: Target;
const api = () => {
  const agent = request(target.app);
  const auth = { Authorization: `Bearer ${TOKEN}` };
  return {
    get: (path: string) => agent.get(`/scim/v2${path}`).set(auth),
    post: (path: string, body?: unknown) => agent.post(`/scim/v2${path}`).set(auth).send(body as object),
    put: (path: string, body: unknown) => agent.put(`/scim/v2${path}`).set(auth).send(body as object),
    patch: (path: string, body: unknown) => agent.patch(`/scim/v2${path}`).set(auth).send(body as object),
    delete: (path: string) => agent.delete(`/scim/v2${path}`).set(auth),
  };
};
const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [SCHEMA.user], userName, ...extra });
const ops = (...operations: unknown[]) => ({ schemas: [SCHEMA.patchOp], Operations: operations });

beforeEach(() => {
  target = createTarget({ tokens: [TOKEN], seed: "endpoints" });
});

function expectScimError(res: request.Response, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/application\/scim\+json/);
  expect(res.body.schemas).toEqual([SCHEMA.error]);
  expect(res.body.status).toBe(String(status));
  if (scimType) expect(res.body.scimType).toBe(scimType);
  else expect(res.body.scimType).toBeUndefined();
  expect(typeof res.body.detail).toBe("string");
}

describe("Users", () => {
  it("creates, reads, replaces, patches and deletes with meta maintained", async () => {
    const created = await api().post("/Users", user("bjensen", { name: { givenName: "Barbara" }, emails: [{ value: "b@x.example", type: "work" }] }));
    expect(created.status).toBe(201);
    expect(created.headers["content-type"]).toMatch(/application\/scim\+json/);
    const id = created.body.id;
    expect(created.headers.location).toBe(created.body.meta.location);
    expect(created.body.meta).toMatchObject({ resourceType: "User", version: 'W/"1"' });
    expect(created.headers.etag).toBe('W/"1"');

    const read = await api().get(`/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.userName).toBe("bjensen");

    const replaced = await api().put(`/Users/${id}`, user("bjensen2", { active: false }));
    expect(replaced.status).toBe(200);
    expect(replaced.body.name).toBeUndefined();
    expect(replaced.body.meta.version).toBe('W/"2"');

    const patched = await api().patch(`/Users/${id}`, ops({ op: "replace", path: "active", value: true }));
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(true);
    expect(patched.body.meta.created).toBe(created.body.meta.created);

    expect((await api().delete(`/Users/${id}`)).status).toBe(204);
    expectScimError(await api().get(`/Users/${id}`), 404);
    expect(target.store.countUsers()).toBe(0);
  });

  it("accepts names in any case and stores them canonically, ignoring unknown and readOnly attributes", async () => {
    const res = await api().post("/Users", { schemas: [SCHEMA.user], USERNAME: "a", Emails: [{ Value: "a@x", Primary: true }], id: "mine", meta: { created: "x" }, nonsense: 1, groups: [{ value: "g" }] });
    expect(res.status).toBe(201);
    expect(res.body.userName).toBe("a");
    expect(res.body.emails).toEqual([{ value: "a@x", primary: true }]);
    expect(res.body.id).not.toBe("mine");
    expect(res.body.nonsense).toBeUndefined();
    expect(res.body.groups).toBeUndefined();
  });

  it("applies attributes and excludedAttributes to write responses and reads", async () => {
    const res = await api().post("/Users?attributes=userName", user("a", { title: "t" }));
    expect(Object.keys(res.body).sort()).toEqual(["id", "schemas", "userName"]);
    const read = await api().get(`/Users/${res.body.id}?excludedAttributes=title,meta`);
    expect(read.body.title).toBeUndefined();
    expect(read.body.meta).toBeUndefined();
    expect(read.body.userName).toBe("a");
  });

  it("uses the enterprise extension", async () => {
    const res = await api().post("/Users", { schemas: [SCHEMA.user, SCHEMA.enterpriseUser], userName: "e", [SCHEMA.enterpriseUser]: { Department: "Ops", manager: { value: "m1" } } });
    expect(res.body.schemas).toEqual([SCHEMA.user, SCHEMA.enterpriseUser]);
    expect(res.body[SCHEMA.enterpriseUser]).toEqual({ department: "Ops", manager: { value: "m1" } });
    const found = await api().get(`/Users?filter=${encodeURIComponent(`${SCHEMA.enterpriseUser}:department eq "ops"`)}`);
    expect(found.body.totalResults).toBe(1);
  });
});

describe("errors", () => {
  it("409 uniqueness on userName (case-insensitive) and group displayName", async () => {
    await api().post("/Users", user("Same"));
    expectScimError(await api().post("/Users", user("same")), 409, "uniqueness");
    await api().post("/Groups", { schemas: [SCHEMA.group], displayName: "Ops" });
    expectScimError(await api().post("/Groups", { schemas: [SCHEMA.group], displayName: "OPS" }), 409, "uniqueness");
    const other = await api().post("/Users", user("other"));
    expectScimError(await api().patch(`/Users/${other.body.id}`, ops({ op: "replace", path: "userName", value: "SAME" })), 409, "uniqueness");
  });

  it("409 uniqueness on externalId where the profile keeps it unique (entra)", async () => {
    target.profile = "entra";
    await api().post("/Users", user("a", { externalId: "X1" }));
    expectScimError(await api().post("/Users", user("b", { externalId: "X1" })), 409, "uniqueness");
    target.profile = "rfc";
    expect((await api().post("/Users", user("c", { externalId: "X1" }))).status).toBe(201);
  });

  it("400 mutability for readOnly attributes in PATCH", async () => {
    const u = await api().post("/Users", user("a"));
    expectScimError(await api().patch(`/Users/${u.body.id}`, ops({ op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" })), 400, "mutability");
    expectScimError(await api().patch(`/Users/${u.body.id}`, ops({ op: "add", path: "id", value: "x" })), 400, "mutability");
  });

  it("400 invalidValue, invalidSyntax, invalidFilter, invalidPath, noTarget", async () => {
    expectScimError(await api().post("/Users", { schemas: [SCHEMA.user], active: true }), 400, "invalidValue");
    expectScimError(await api().post("/Users", user("a", { active: "yes" })), 400, "invalidValue");
    const malformed = await request(target.app).post("/scim/v2/Users").set("Authorization", `Bearer ${TOKEN}`).set("Content-Type", "application/scim+json").send('{"userName": tre');
    expectScimError(malformed, 400, "invalidSyntax");
    expectScimError(await api().post("/Users", { userName: "no-schemas" }), 400, "invalidSyntax");
    expectScimError(await api().get(`/Users?filter=${encodeURIComponent('userName eq')}`), 400, "invalidFilter");
    const u = await api().post("/Users", user("a"));
    expectScimError(await api().patch(`/Users/${u.body.id}`, ops({ op: "add", path: "bogus.attr", value: 1 })), 400, "invalidPath");
    expectScimError(await api().patch(`/Users/${u.body.id}`, ops({ op: "remove", path: 'emails[type eq "work"]' })), 400, "noTarget");
  });

  it("404 unknown ids and endpoints, 405 wrong method, 501 /Me, 413 oversize body", async () => {
    expectScimError(await api().get("/Users/nope"), 404);
    expectScimError(await api().patch("/Groups/nope", ops({ op: "add", path: "displayName", value: "x" })), 404);
    expectScimError(await api().get("/Widgets"), 404);
    const wrong = await api().delete("/Users");
    expectScimError(wrong, 405);
    expect(wrong.headers.allow).toBe("GET, POST");
    expectScimError(await api().put("/ServiceProviderConfig", {}), 405);
    expectScimError(await api().get("/Me"), 501);
    const small = createTarget({ tokens: [TOKEN], limits: { maxPayloadSize: 2048 } });
    const big = await request(small.app).post("/scim/v2/Users").set("Authorization", `Bearer ${TOKEN}`).send(user("x", { title: "y".repeat(5000) }));
    expectScimError(big, 413);
  });
});

describe("Groups", () => {
  it("keeps members with value, $ref and display, and gives users their groups", async () => {
    const a = await api().post("/Users", user("a", { displayName: "Alice" }));
    const b = await api().post("/Users", user("b"));
    const g = await api().post("/Groups", { schemas: [SCHEMA.group], displayName: "Ops", members: [{ value: a.body.id }] });
    expect(g.status).toBe(201);
    expect(g.body.members).toEqual([{ value: a.body.id, display: "Alice", type: "User", $ref: `${g.body.meta.location.replace(/\/Groups\/.*/, "")}/Users/${a.body.id}` }]);
    await api().patch(`/Groups/${g.body.id}`, ops({ op: "add", path: "members", value: [{ value: b.body.id }] }));
    const member = await api().get(`/Users/${b.body.id}`);
    expect(member.body.groups).toEqual([expect.objectContaining({ value: g.body.id, display: "Ops" })]);
    const noMembers = await api().get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "ops"')}`);
    expect(noMembers.body.totalResults).toBe(1);
    expect(noMembers.body.Resources[0].members).toBeUndefined();
    await api().delete(`/Users/${a.body.id}`);
    const after = await api().get(`/Groups/${g.body.id}`);
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([b.body.id]);
  });

  it("rejects members that name no resource (rfc)", async () => {
    expectScimError(await api().post("/Groups", { schemas: [SCHEMA.group], displayName: "x", members: [{ value: "ghost" }] }), 400, "invalidValue");
  });
});

describe("discovery", () => {
  it("advertises what is implemented", async () => {
    const spc = await api().get("/ServiceProviderConfig");
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
      changePassword: { supported: false },
      pagination: { cursor: true, index: true },
    });
    expect(spc.body.authenticationSchemes[0].type).toBe("oauthbearertoken");
    const types = await api().get("/ResourceTypes");
    expect(types.body.Resources.map((r: { endpoint: string }) => r.endpoint)).toEqual(["/Users", "/Groups"]);
    expect((await api().get("/ResourceTypes/Group")).body.schema).toBe(SCHEMA.group);
    const schemas = await api().get("/Schemas");
    expect(schemas.body.totalResults).toBe(3);
    expect(schemas.text).toContain("User Account");
    expect((await api().get(`/Schemas/${SCHEMA.enterpriseUser}`)).body.attributes.map((a: { name: string }) => a.name)).toContain("manager");
    expectScimError(await api().get("/Schemas/urn:nope"), 404);
  });
});

describe("queries", () => {
  beforeEach(async () => {
    for (const [i, name] of ["delta", "Alpha", "charlie", "bravo", "echo"].entries()) {
      await api().post("/Users", user(name, { title: i % 2 ? "odd" : "even", emails: [{ value: `${name}@x.example`, type: "work" }] }));
    }
  });

  it("filters, sorts and pages with itemsPerPage equal to what is returned", async () => {
    const res = await api().get(`/Users?filter=${encodeURIComponent('title eq "even"')}&sortBy=userName&sortOrder=descending&startIndex=2&count=2`);
    expect(res.body.totalResults).toBe(3);
    expect(res.body.startIndex).toBe(2);
    expect(res.body.itemsPerPage).toBe(2);
    expect(res.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["delta", "charlie"]);
    const tail = await api().get("/Users?startIndex=5&count=10");
    expect(tail.body.itemsPerPage).toBe(1);
    expect(tail.body.totalResults).toBe(5);
    const none = await api().get("/Users?count=0");
    expect(none.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    expectScimError(await api().get("/Users?count=abc"), 400, "invalidValue");
  });

  it("finds by userName through the index, case-insensitively", async () => {
    const res = await api().get(`/Users?filter=${encodeURIComponent('userName eq "ALPHA"')}`);
    expect(res.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["Alpha"]);
    const empty = await api().get(`/Users?filter=${encodeURIComponent('userName eq "5f0e-unknown"')}`);
    expect(empty.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it("searches with POST /.search per type and at the root", async () => {
    await api().post("/Groups", { schemas: [SCHEMA.group], displayName: "alpha team" });
    const body = { schemas: [SCHEMA.searchRequest], filter: 'userName sw "a" or displayName sw "alpha"', attributes: ["userName", "displayName"] };
    const root = await api().post("/.search", body);
    expect(root.status).toBe(200);
    expect(root.body.totalResults).toBe(2);
    const users = await api().post("/Users/.search", { ...body, filter: 'userName sw "a"' });
    expect(users.body.Resources).toEqual([{ schemas: [SCHEMA.user], id: expect.any(String), userName: "Alpha" }]);
    expectScimError(await api().post("/Users/.search", { filter: "x" }), 400, "invalidSyntax");
  });

  it("pages with cursors (RFC 9865) until nextCursor runs out", async () => {
    const seen: string[] = [];
    let cursor = "";
    for (let guard = 0; guard < 10; guard++) {
      const res = await api().get(`/Users?count=2&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(5);
      expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
      seen.push(...res.body.Resources.map((r: { userName: string }) => r.userName));
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
    }
    expect(seen).toEqual(["delta", "Alpha", "charlie", "bravo", "echo"]);
    expectScimError(await api().get("/Users?cursor=garbage"), 400, "invalidCursor");
    expectScimError(await api().get("/Users?cursor=&startIndex=1"), 400, "invalidValue");
  });
});
