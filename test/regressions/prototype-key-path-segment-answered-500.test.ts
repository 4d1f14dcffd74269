/**
 * Found by the hostile-input fuzz (issue 9): lookups in object literals keyed by client input
 * found Object.prototype's members. `GET /scim/v2/__proto__` or `/constructor` took them for a
 * resource type and answered 500 (and `POST` there went on into the create path); a preset named
 * `constructor` answered 500 on the admin API; `parseDuration("1 constructor")` returned NaN.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../../common/duration";
import { createTarget } from "../../simulator/index";
import { SCHEMA } from "../../scim/types";
import { AUTH, expectScimError, TOKEN } from "./regression-helpers";

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

describe("a path segment named after an Object.prototype member answered 500", () => {
  it("answers 404 on GET and POST /scim/v2/<name> and stores nothing", async () => {
    const t = createTarget({ tokens: [TOKEN], seedUsers: 2, seedGroups: 1, seed: "proto" });
    for (const name of NAMES) {
      expectScimError(await request(t.app).get(`/scim/v2/${name}`).set(AUTH), 404);
      expectScimError(await request(t.app).post(`/scim/v2/${name}`).set(AUTH).send({ schemas: [SCHEMA.group], displayName: `g-${name}` }), 404);
      expectScimError(await request(t.app).get(`/scim/v2/${name}/x`).set(AUTH), 404);
    }
    expect(t.store.countGroups()).toBe(1);
    expect(t.store.countUsers()).toBe(2);
  });

  it("fault rules do not take such a segment for a resource", async () => {
    const t = createTarget({ tokens: [TOKEN], faults: [{ match: { resource: "Users" }, action: { type: "error", status: 503 } }] });
    expectScimError(await request(t.app).get("/scim/v2/constructor").set(AUTH), 404);
  });

  it("a preset named constructor is an unknown preset (400 listing the valid ones)", async () => {
    const t = createTarget({ tokens: [TOKEN], adminToken: "admin-token" });
    for (const preset of ["constructor", "__proto__", "toString"]) {
      const res = await request(t.app).post("/_admin/faults").set("Authorization", "Bearer admin-token").send({ preset });
      expect(res.status, res.text).toBe(400);
      expect(res.body.message).toMatch(/unknown preset .*use one of invalid-credentials/);
    }
  });

  it("parseDuration refuses units named after Object.prototype members and infinite amounts", () => {
    for (const text of ["1 constructor", "2 toString", "3 __proto__", `${"9".repeat(400)}d`, `P${"9".repeat(400)}D`]) {
      expect(() => parseDuration(text), text).toThrow(/invalid duration/);
    }
    expect(parseDuration("1h30m")).toBe(5_400_000);
  });
});
