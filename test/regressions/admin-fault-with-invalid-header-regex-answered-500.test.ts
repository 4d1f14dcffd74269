/**
 * Found while probing the admin API (issue 9): a fault rule whose header condition was an
 * invalid regular expression (`"/(/"`) threw a SyntaxError out of the rule compiler: 500
 * "internal" instead of 400 naming the field.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { createTarget } from "../../simulator/index";

describe("a fault rule with an invalid header regex answered 500", () => {
  it("answers 400 naming match.header.<name> and installs nothing", async () => {
    const t = createTarget({ adminToken: "admin-token" });
    const res = await request(t.app)
      .post("/_admin/faults")
      .set("Authorization", "Bearer admin-token")
      .send({ match: { header: { "x-test": "/(/" } }, action: { type: "error", status: 500 } });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].field).toBe("match.header.x-test");
    expect(res.body.message).toMatch(/not a valid regular expression/);
    expect(t.faults.size).toBe(0);
  });

  it("throws a ConfigError from the TypeScript API too", () => {
    const t = createTarget();
    expect(() => t.faults.use({ match: { header: { "x-test": "/[/" } }, action: { type: "error", status: 500 } })).toThrow(ConfigError);
  });
});
