/**
 * Found by the hostile-input fuzz (issue 9): JSON.parse accepts any depth, but what walked the
 * parsed body afterwards recursed: an error message's JSON.stringify of a value 100,000 objects
 * deep, the Bulk bulkId reference scan. Both answered 500. Bodies deeper than 64 levels are now
 * refused before parsing, on the SCIM endpoints and on the admin API.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTarget } from "../../simulator/index";
import { SCHEMA } from "../../scim/types";
import { AUTH, expectScimError, TOKEN } from "./regression-helpers";

const deepObject = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
const deepArray = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

describe("a deeply nested JSON body overflowed the stack (500)", () => {
  it("refuses a User whose attribute nests 100,000 objects: 400 invalidSyntax", async () => {
    const t = createTarget({ tokens: [TOKEN] });
    const body = `{"schemas":["${SCHEMA.user}"],"userName":${deepObject(100_000)}}`;
    const res = await request(t.app).post("/scim/v2/Users").set(AUTH).set("Content-Type", "application/scim+json").send(body);
    expectScimError(res, 400, "invalidSyntax");
    expect(res.body.detail).toMatch(/deeper than 64 levels/);
    expect(t.store.countUsers()).toBe(0);
  });

  it("refuses a Bulk operation whose data nests 100,000 arrays", async () => {
    const t = createTarget({ tokens: [TOKEN] });
    const body = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Users","bulkId":"x","data":${deepArray(100_000)}}]}`;
    const res = await request(t.app).post("/scim/v2/Bulk").set(AUTH).set("Content-Type", "application/scim+json").send(body);
    expectScimError(res, 400, "invalidSyntax");
  });

  it("accepts ordinary bodies and strings full of brackets", async () => {
    const t = createTarget({ tokens: [TOKEN] });
    const res = await request(t.app).post("/scim/v2/Users").set(AUTH).send({ schemas: [SCHEMA.user], userName: "[[[[{{{{" + "[".repeat(500) });
    expect(res.status).toBe(201);
  });

  it("the admin API refuses a body deeper than 64 levels with 400, not 500", async () => {
    const t = createTarget({ tokens: [TOKEN], adminToken: "admin-token" });
    const res = await request(t.app)
      .post("/_admin/faults")
      .set("Authorization", "Bearer admin-token")
      .set("Content-Type", "application/json")
      .send(`{"match":{},"action":{"type":"error","status":500,"headers":${deepObject(50_000)}}}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/deeper than 64 levels/);
    expect(t.faults.size).toBe(0);
  });
});
