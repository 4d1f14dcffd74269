import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTarget, type ProfileName, type Target } from "../simulator/index";
import { SCHEMA } from "../scim/types";

const TOKEN = "profile-token";
const call = (target: Target) => {
  const auth = { Authorization: `Bearer ${TOKEN}` };
  return {
    post: (path: string, body: unknown) => request(target.app).post(`/scim/v2${path}`).set(auth).send(body as object),
    patch: (path: string, body: unknown) => request(target.app).patch(`/scim/v2${path}`).set(auth).send(body as object),
    get: (path: string) => request(target.app).get(`/scim/v2${path}`).set(auth),
  };
};
const ops = (...operations: unknown[]) => ({ schemas: [SCHEMA.patchOp], Operations: operations });

async function setup(profile: ProfileName) {
  const target = createTarget({ tokens: [TOKEN], profile });
  const api = call(target);
  const user = await api.post("/Users", { schemas: [SCHEMA.user], userName: "u1", active: true, emails: [{ value: "u1@x", type: "work" }] });
  const other = await api.post("/Users", { schemas: [SCHEMA.user], userName: "u2" });
  const group = await api.post("/Groups", { schemas: [SCHEMA.group], displayName: "g", members: [{ value: user.body.id }, { value: other.body.id }] });
  return { target, api, userId: user.body.id as string, otherId: other.body.id as string, groupId: group.body.id as string };
}

describe("rfc profile (strict)", () => {
  it("rejects the Entra 2017 dialect and non-RFC shapes", async () => {
    const { api, userId, groupId } = await setup("rfc");
    expect((await api.patch(`/Users/${userId}`, ops({ op: "Replace", path: "active", value: false }))).body.scimType).toBe("invalidSyntax");
    expect((await api.patch(`/Users/${userId}`, ops({ op: "replace", path: "active", value: "False" }))).body.scimType).toBe("invalidValue");
    expect((await api.patch(`/Groups/${groupId}`, ops({ op: "remove", path: "members", value: [{ value: userId }] }))).body.scimType).toBe("invalidSyntax");
    expect((await api.patch(`/Users/${userId}`, ops({ op: "replace", value: { "name.givenName": "x" } }))).body.scimType).toBe("invalidPath");
    expect((await api.get("/Users?filter=userName%20sw%20u")).body.scimType).toBe("invalidFilter");
    expect((await api.get(`/Users?attributes=${encodeURIComponent('emails[type eq "work"]')}`)).body.scimType).toBe("invalidPath");
    const patched = await api.patch(`/Users/${userId}`, ops({ op: "replace", path: "active", value: false }));
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
  });
});

describe("entra profile", () => {
  it("accepts both dialects and stores the same result", async () => {
    const { api, userId, otherId, groupId } = await setup("entra");
    const old = await api.patch(`/Users/${userId}`, ops({ op: "Replace", path: "active", value: "False" }));
    expect(old.status).toBe(200);
    expect(old.body.active).toBe(false);
    const modern = await api.patch(`/Users/${userId}`, ops({ op: "replace", value: { active: true, "name.givenName": "Ann", [`${SCHEMA.enterpriseUser}:department`]: "Ops" } }));
    expect(modern.body).toMatchObject({ active: true, name: { givenName: "Ann" }, [SCHEMA.enterpriseUser]: { department: "Ops" } });
    await api.patch(`/Groups/${groupId}`, ops({ op: "Remove", path: "members", value: [{ value: userId }] }));
    await api.patch(`/Groups/${groupId}`, ops({ op: "remove", path: `members[value eq "${otherId}"]` }));
    const group = await api.get(`/Groups/${groupId}`);
    expect(group.body.members).toBeUndefined();
    const again = await api.patch(`/Groups/${groupId}`, ops({ op: "remove", path: `members[value eq "${otherId}"]` }));
    expect(again.status).toBe(200);
    const upsert = await api.patch(`/Users/${userId}`, ops({ op: "replace", path: 'emails[type eq "home"].value', value: "h@x" }));
    expect(upsert.body.emails).toContainEqual({ type: "home", value: "h@x" });
  });
});

describe("microsoft-reference profile", () => {
  it("answers PATCH with 204 and accepts what the reference collection sends", async () => {
    const { api, userId, groupId } = await setup("microsoft-reference");
    const res = await api.patch(`/Users/${userId}`, ops({ op: "Replace", path: "userName", value: "renamed" }));
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await api.get(`/Users/${userId}`)).body.userName).toBe("renamed");
    expect((await api.get("/Users?filter=userName%20sw%20ren")).body.totalResults).toBe(1);
    expect((await api.patch(`/Groups/${groupId}`, ops({ op: "add", path: "members", value: "string id 1" }))).status).toBe(204);
    const created = await api.post("/Users", { userName: "no-schemas", active: "True" });
    expect(created.status).toBe(201);
    expect(created.body.active).toBe(true);
  });
});

describe("okta profile", () => {
  it("answers PATCH with the resource and removes missing values without error", async () => {
    const { api, userId, groupId } = await setup("okta");
    const res = await api.patch(`/Users/${userId}`, ops({ op: "replace", value: { active: false } }));
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await api.patch(`/Groups/${groupId}`, ops({ op: "remove", path: 'members[value eq "gone"]' }))).status).toBe(200);
    expect((await api.patch(`/Users/${userId}`, ops({ op: "Replace", path: "active", value: true }))).status).toBe(400);
  });
});

describe("switching profiles", () => {
  it("changes tolerance at runtime, never the stored data", async () => {
    const { target, api, userId } = await setup("rfc");
    const before = target.store.getUser(userId);
    expect((await api.patch(`/Users/${userId}`, ops({ op: "Replace", path: "title", value: "x" }))).status).toBe(400);
    target.profile = "entra";
    expect(target.profile).toBe("entra");
    expect(target.store.getUser(userId)).toEqual(before);
    expect((await api.patch(`/Users/${userId}`, ops({ op: "Replace", path: "title", value: "x" }))).status).toBe(200);
    expect(() => {
      target.profile = "bogus" as ProfileName;
    }).toThrow(/profile/);
  });
});

describe("the enterprise manager", () => {
  it("is set from a bare id in both Entra dialects, and refused as a string under rfc", async () => {
    const manager = `${SCHEMA.enterpriseUser}:manager`;
    const { api, userId, otherId } = await setup("entra");
    const old = await api.patch(`/Users/${userId}`, ops({ op: "Add", path: manager, value: otherId }));
    expect(old.status).toBe(200);
    expect(old.body[SCHEMA.enterpriseUser]).toEqual({ manager: { value: otherId } });
    const modern = await api.patch(`/Users/${otherId}`, ops({ op: "replace", value: { [manager]: userId } }));
    expect(modern.body[SCHEMA.enterpriseUser]).toEqual({ manager: { value: userId } });
    const strict = await setup("rfc");
    const refused = await strict.api.patch(`/Users/${strict.userId}`, ops({ op: "add", path: manager, value: strict.otherId }));
    expect(refused.status).toBe(400);
    expect(refused.body.scimType).toBe("invalidValue");
  });
});
