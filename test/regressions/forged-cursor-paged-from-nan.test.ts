/**
 * Found by the hostile-input fuzz (issue 9): a cursor is base64url JSON; one forged with
 * `{"t": now, "offset": "x"}` paged from NaN and one with `"offset": -5` from a negative index,
 * both answering 200 with a page, where RFC 9865 says an unusable cursor is 400 invalidCursor.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTarget } from "../../simulator/index";
import { AUTH, expectScimError, TOKEN } from "./regression-helpers";

const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");

describe("a forged cursor paged from NaN", () => {
  it("answers 400 invalidCursor to cursors with non-numeric or negative positions", async () => {
    const t = createTarget({ tokens: [TOKEN], seedUsers: 5, seed: "cursor" });
    const now = t.clock.now();
    for (const payload of [{ t: now, offset: "x" }, { t: now, offset: -5 }, { t: now, afterSeq: "x" }, { t: now, afterSeq: 1.5 }, { t: now }, null, [1]]) {
      const res = await request(t.app).get(`/scim/v2/Users?cursor=${forge(payload)}&count=2`).set(AUTH);
      expectScimError(res, 400, "invalidCursor");
    }
  });

  it("still pages with the cursors it issues", async () => {
    const t = createTarget({ tokens: [TOKEN], seedUsers: 5, seed: "cursor" });
    const first = await request(t.app).get("/scim/v2/Users?cursor=&count=2").set(AUTH);
    expect(first.status).toBe(200);
    const second = await request(t.app).get(`/scim/v2/Users?cursor=${first.body.nextCursor as string}&count=2`).set(AUTH);
    expect(second.status).toBe(200);
    expect(second.body.Resources).toHaveLength(2);
  });
});
