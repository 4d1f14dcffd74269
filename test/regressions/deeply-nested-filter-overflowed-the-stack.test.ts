/**
 * Found by the hostile-input fuzz (issue 9): a filter of thousands of nested parentheses or
 * `not(...)`, or a chain of thousands of `or` terms, made the recursive parser and the compiled
 * predicate overflow the stack: 500 "internal error" instead of 400 invalidFilter.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTarget } from "../../simulator/index";
import { parseFilter } from "../../scim/filter-parser";
import { AUTH, expectScimError, SEARCH, TOKEN } from "./regression-helpers";

const target = () => createTarget({ tokens: [TOKEN], seed: "nested-filter", seedUsers: 3 });

describe("a deeply nested filter overflowed the stack (500)", () => {
  it("answers 400 invalidFilter for 5,000 nested parentheses in a GET", async () => {
    const filter = "(".repeat(5000) + 'userName eq "a"' + ")".repeat(5000);
    const res = await request(target().app).get(`/scim/v2/Users?filter=${encodeURIComponent(filter)}`).set(AUTH);
    expectScimError(res, 400, "invalidFilter");
    expect(res.body.detail).toMatch(/nests deeper than 50 levels/);
  });

  it("answers 400 invalidFilter for 100,000 nested parentheses or not(...) in a search body", async () => {
    for (const open of ["(", "not("]) {
      const filter = open.repeat(100_000) + 'userName eq "a"' + ")".repeat(100_000);
      const res = await request(target().app).post("/scim/v2/.search").set(AUTH).send({ schemas: [SEARCH], filter });
      expectScimError(res, 400, "invalidFilter");
    }
  });

  it("evaluates a chain of 20,000 or-terms (a balanced tree, not 20,000 frames)", async () => {
    const t = target();
    const someone = t.store.listUsers()[1]!;
    const terms = Array.from({ length: 20_000 }, (_, i) => `userName eq "nobody-${i}"`);
    terms.push(`userName eq "${someone.userName as string}"`);
    const res = await request(t.app).post("/scim/v2/.search").set(AUTH).send({ schemas: [SEARCH], filter: terms.join(" or ") });
    expect(res.status, res.text.slice(0, 200)).toBe(200);
    expect(res.body.Resources.map((r: { id: string }) => r.id)).toEqual([someone.id]);
  });

  it("still parses 50 levels, and keeps and/or precedence in long chains", () => {
    expect(() => parseFilter("(".repeat(50) + 'a eq "x"' + ")".repeat(50))).not.toThrow();
    expect(() => parseFilter("(".repeat(51) + 'a eq "x"' + ")".repeat(51))).toThrow(/deeper than 50/);
    const ast = parseFilter('a eq 1 or b eq 2 and c eq 3 or d eq 4');
    expect(ast.kind).toBe("or");
    const text = JSON.stringify(ast);
    expect(text).toContain('"kind":"and"');
  });
});
