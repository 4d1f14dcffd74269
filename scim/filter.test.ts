import { describe, expect, it } from "vitest";
import { compileFilter } from "./filter-evaluator";
import { parseFilter } from "./filter-parser";
import { GROUP, USER } from "./schemas";
import { ScimError } from "./scim-error";
import { SCHEMA } from "./types";

const users = [
  {
    id: "1",
    userName: "Bjensen@Example.com",
    externalId: "EXT-1",
    active: true,
    name: { givenName: "Barbara", familyName: "Jensen" },
    title: "Tour Guide",
    emails: [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ],
    meta: { created: "2026-01-01T00:00:00Z", lastModified: "2026-01-02T00:00:00Z" },
    [SCHEMA.enterpriseUser]: { department: "Tour Operations", manager: { value: "9" } },
  },
  {
    id: "2",
    userName: "jsmith",
    active: false,
    name: { givenName: "John", familyName: "Smith" },
    emails: [{ value: "john@example.org", type: "home" }],
    meta: { created: "2026-02-01T00:00:00Z", lastModified: "2026-02-01T00:00:00Z" },
  },
];

function ids(filter: string, options: { bareValues?: boolean } = {}): string[] {
  const test = compileFilter(parseFilter(filter, options), USER);
  return users.filter(test).map((u) => u.id);
}

function filterError(filter: string): ScimError {
  try {
    ids(filter);
  } catch (error) {
    return error as ScimError;
  }
  throw new Error(`"${filter}" was accepted`);
}

describe("filter grammar", () => {
  it("compares userName case-insensitively (caseExact false) and externalId exactly", () => {
    expect(ids('userName eq "bjensen@example.com"')).toEqual(["1"]);
    expect(ids('externalId eq "ext-1"')).toEqual([]);
    expect(ids('externalId eq "EXT-1"')).toEqual(["1"]);
  });

  it("treats attribute names and operators case-insensitively", () => {
    expect(ids('USERNAME EQ "jsmith"')).toEqual(["2"]);
    expect(ids('name.FAMILYNAME Sw "jen"')).toEqual(["1"]);
  });

  it.each([
    ['title co "our"', ["1"]],
    ['userName sw "J"', ["2"]],
    ['userName ew ".COM"', ["1"]],
    ['userName ne "jsmith"', ["1"]],
    ['userName gt "c"', ["2"]],
    ['userName ge "jsmith"', ["2"]],
    ['userName lt "c"', ["1"]],
    ['userName le "bjensen@example.com"', ["1"]],
    ["title pr", ["1"]],
    ["active eq true", ["1"]],
    ["active ne true", ["2"]],
    ['meta.created gt "2026-01-15T00:00:00Z"', ["2"]],
    ['meta.lastModified le "2026-01-02T00:00:00.000+00:00"', ["1"]],
    ["title eq null", ["2"]],
  ])("%s", (filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it("gives and precedence over or, and honours grouping and not", () => {
    expect(ids('userName eq "jsmith" or userName sw "b" and active eq false')).toEqual(["2"]);
    expect(ids('(userName eq "jsmith" or userName sw "b") and active eq true')).toEqual(["1"]);
    expect(ids('not (userName eq "jsmith")')).toEqual(["1"]);
    expect(ids('not(active eq true) and not (title pr)')).toEqual(["2"]);
  });

  it("matches any value of a multi-valued attribute", () => {
    expect(ids('emails.value ew ".org"')).toEqual(["1", "2"]);
    expect(ids('emails co "jensen.org"')).toEqual(["1"]);
  });

  it("evaluates value paths, also with a trailing sub-attribute", () => {
    expect(ids('emails[type eq "work" and value co "@example.com"]')).toEqual(["1"]);
    expect(ids('emails[type eq "home"]')).toEqual(["1", "2"]);
    expect(ids('emails[type eq "work"].value eq "bjensen@example.com"')).toEqual(["1"]);
    expect(ids('emails[not (type eq "work")]')).toEqual(["1", "2"]);
  });

  it("resolves extension attributes by URN and by bare name", () => {
    expect(ids(`${SCHEMA.enterpriseUser}:department eq "tour operations"`)).toEqual(["1"]);
    expect(ids(`${SCHEMA.enterpriseUser}:manager.value eq "9"`)).toEqual(["1"]);
    expect(ids('department sw "Tour"')).toEqual(["1"]);
  });

  it("accepts unquoted values only when asked (Microsoft's reference server does)", () => {
    expect(filterError("userName sw O").scimType).toBe("invalidFilter");
    expect(ids("name.familyName eq Jensen and (emails.value co example.com or emails.value co example.org)", { bareValues: true })).toEqual(["1"]);
    expect(ids("meta.created gt 2026-01-15T00:00:00.1234567-00:00", { bareValues: true })).toEqual(["2"]);
  });

  it.each([
    ["", /empty/],
    ['userName eq "x', /unterminated string/],
    ['userName zz "x"', /expected an operator .* at position 10/],
    ['userName eq "x" and', /ends early/],
    ['(userName eq "x"', /expected '\)'/],
    ['nosuch eq "x"', /unknown attribute "nosuch"/],
    ['active gt true', /not defined for the boolean/],
    ['name eq "x"', /complex/],
    ['userName[value eq "x"]', /not a multi-valued complex attribute/],
    ['meta.created gt "yesterday"', /not a dateTime/],
    ['userName eq "x" "y"', /unexpected/],
  ])("rejects %j with invalidFilter", (filter, message) => {
    const error = filterError(filter);
    expect(error).toBeInstanceOf(ScimError);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidFilter");
    expect(error.detail).toMatch(message);
  });

  it("compiles against the Group schema too", () => {
    const test = compileFilter(parseFilter('members[value eq "1"] and displayName eq "ops"'), GROUP);
    expect(test({ displayName: "OPS", members: [{ value: "1" }] })).toBe(true);
    expect(test({ displayName: "OPS", members: [{ value: "2" }] })).toBe(false);
  });
});
