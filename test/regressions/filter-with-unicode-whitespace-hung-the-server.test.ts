/**
 * Found by the hostile-input fuzz (issue 9), the worst one: the filter tokenizer skipped only
 * space, tab, CR and LF, while its word loop stopped at any `\s` (NBSP, U+3000, form feed, ...).
 * A filter holding such a character produced an empty word without advancing, forever: one
 * `GET /Users?filter=a%C2%A0` hung the target's event loop and grew memory until it crashed.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { parseFilter } from "../../scim/filter-parser";
import { createTarget } from "../../simulator/index";
import { AUTH, expectScimError, SEARCH, TOKEN } from "./regression-helpers";

const SPACES = ["\u00a0", "\u3000", "\f", "\v", "\u2028", "\u2029", "\u1680", "\u2003", "\ufeff"];

describe("a filter with unicode whitespace hung the server", () => {
  it("parses such whitespace as whitespace", () => {
    for (const space of SPACES) {
      expect(parseFilter(`userName${space}eq${space}"a"`), JSON.stringify(space)).toEqual({ kind: "compare", path: { name: "userName" }, op: "eq", value: "a" });
    }
  });

  it("answers a GET and a search holding it (200, or 400 invalidFilter)", async () => {
    const t = createTarget({ tokens: [TOKEN], seedUsers: 2, seed: "ws" });
    const found = await request(t.app).get(`/scim/v2/Users?filter=${encodeURIComponent("userName\u00a0pr")}`).set(AUTH);
    expect(found.status).toBe(200);
    expect(found.body.totalResults).toBe(2);
    const dangling = await request(t.app).get(`/scim/v2/Users?filter=${encodeURIComponent("a\u00a0")}`).set(AUTH);
    expectScimError(dangling, 400, "invalidFilter");
    const search = await request(t.app).post("/scim/v2/.search").set(AUTH).send({ schemas: [SEARCH], filter: 'urn:ietf:params:scim:schem"as:x %/T "\u3000"' });
    expectScimError(search, 400, "invalidFilter");
  });
});
