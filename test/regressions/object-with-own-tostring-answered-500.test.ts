/**
 * Found by the hostile-input fuzz (issue 9): `Number(x)` and `String(x)` of a JSON object call
 * the object's own `toString`/`valueOf`; a body carrying `{"toString": ""}` there made them
 * throw a TypeError: 500 on `POST /Bulk` (`failOnErrors`), on `POST /.search` (`count`,
 * `startIndex`) and on the admin API's `POST /_admin/seed` (`seed`).
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTarget } from "../../simulator/index";
import { AUTH, expectScimError, SEARCH, TOKEN } from "./regression-helpers";

const EVIL = { toString: "" };

describe("an object with its own toString answered 500", () => {
  it("Bulk failOnErrors: 400 invalidValue", async () => {
    const t = createTarget({ tokens: [TOKEN] });
    const res = await request(t.app).post("/scim/v2/Bulk").set(AUTH).send({ schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [], failOnErrors: EVIL });
    expectScimError(res, 400, "invalidValue");
  });

  it("search count and startIndex: 400 invalidValue", async () => {
    const t = createTarget({ tokens: [TOKEN] });
    for (const field of ["count", "startIndex"]) {
      const res = await request(t.app).post("/scim/v2/.search").set(AUTH).send({ schemas: [SEARCH], [field]: EVIL });
      expectScimError(res, 400, "invalidValue");
    }
  });

  it("admin seed: 400 naming the field", async () => {
    const t = createTarget({ adminToken: "admin-token" });
    const res = await request(t.app).post("/_admin/seed").set("Authorization", "Bearer admin-token").send({ users: 1, seed: EVIL });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].field).toBe("seed");
  });
});
