import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SCHEMA } from "../../scim/types";
import { compileMapping } from "./compile-mapping";
import { defaultGroupMapping, defaultUserMapping } from "./default-mappings";
import { readMapped, toScimResource } from "./scim-resource";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const users = compileMapping(defaultUserMapping);
const groups = compileMapping(defaultGroupMapping);
const ada = {
  id: "u1", userPrincipalName: "ada@contoso.example", mail: "ada@contoso.example", mailNickname: "ada",
  givenName: "Ada", surname: "Lovelace", displayName: "Ada Lovelace", accountEnabled: true, department: "Math",
  jobTitle: null, employeeId: "7", managerId: "boss", softDeleted: false, mobile: "+44 1",
};

describe("toScimResource", () => {
  it("builds the body Entra POSTs: schemas, nested name, typed multi-valued, extension under its URN, no nulls", () => {
    expect(toScimResource(users.map(ada, "create"), "User")).toEqual({
      schemas: [SCHEMA.user, ENTERPRISE],
      userName: "ada@contoso.example",
      active: true,
      displayName: "Ada Lovelace",
      emails: [{ type: "work", value: "ada@contoso.example", primary: true }],
      name: { givenName: "Ada", familyName: "Lovelace", formatted: "Ada Lovelace" },
      phoneNumbers: [{ type: "mobile", value: "+44 1" }],
      externalId: "ada",
      [ENTERPRISE]: { employeeNumber: "7", department: "Math" },
    });
  });

  it("leaves the enterprise schema out when no enterprise attribute has a value", () => {
    const body = toScimResource(users.map({ ...ada, department: null, employeeId: null }, "create"), "User");
    expect(body.schemas).toEqual([SCHEMA.user]);
    expect(body).not.toHaveProperty(ENTERPRISE);
  });

  it("adds resolved references only when given", () => {
    const mapped = groups.map({ id: "g", displayName: "G", memberIds: ["s1", "s2"] }, "create");
    expect(toScimResource(mapped, "Group")).toEqual({ schemas: [SCHEMA.group], displayName: "G", externalId: "g" });
    expect(toScimResource(mapped, "Group", { references: { members: ["t1", "t2"] } }).members).toEqual([{ value: "t1" }, { value: "t2" }]);
    const withManager = toScimResource(users.map(ada, "create"), "User", { references: { [`${ENTERPRISE}:manager`]: ["t-boss"] } });
    expect(withManager[ENTERPRISE]).toMatchObject({ manager: { value: "t-boss" } });
  });

  it("puts several sub-attributes of one element together, and keeps an explicit primary", () => {
    const body = toScimResource({
      attributes: {
        'emails[type eq "work"].value': "a@x.y",
        'emails[type eq "work"].primary': false,
        'emails[type eq "other"].value': "b@x.y",
        'roles[primary eq "True"].value': "Admin",
      },
      references: {},
    }, "User");
    expect(body.emails).toEqual([{ type: "work", value: "a@x.y", primary: false }, { type: "other", value: "b@x.y" }]);
    expect(body.roles).toEqual([{ primary: true, value: "Admin" }]);
  });
});

describe("readMapped", () => {
  it("reads target values back, any case, absent as null", () => {
    const resource = {
      schemas: [SCHEMA.user, ENTERPRISE],
      id: "t1",
      UserName: "ADA@contoso.example",
      active: "False",
      name: { GivenName: "Ada" },
      emails: [{ type: "Work", value: "ada@contoso.example" }],
      [ENTERPRISE.toLowerCase()]: { department: "Math", manager: { value: "t-boss" } },
    };
    expect(readMapped(resource, ["userName", "active", "name.givenName", "name.familyName", 'emails[type eq "work"].value', `${ENTERPRISE}:department`], [`${ENTERPRISE}:manager`])).toEqual({
      attributes: {
        userName: "ADA@contoso.example",
        active: "False",
        "name.givenName": "Ada",
        "name.familyName": null,
        'emails[type eq "work"].value': "ada@contoso.example",
        [`${ENTERPRISE}:department`]: "Math",
      },
      references: { [`${ENTERPRISE}:manager`]: ["t-boss"] },
    });
  });

  it("reads group members as ids", () => {
    expect(readMapped({ schemas: [SCHEMA.group], members: [{ value: "a" }, { value: "b", display: "B" }] }, [], ["members"]).references).toEqual({ members: ["a", "b"] });
  });
});

describe("round trip: map -> toScimResource -> readMapped", () => {
  const text = fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null });
  const sourceUser = fc.record({
    id: fc.uuid(), userPrincipalName: fc.constantFrom("a@x.example", "b.c@y.example"), mail: text, mailNickname: fc.string({ minLength: 1 }),
    givenName: text, surname: text, displayName: fc.string({ minLength: 1 }), accountEnabled: fc.boolean(), department: text,
    jobTitle: text, employeeId: text, managerId: fc.option(fc.uuid(), { nil: null }), softDeleted: fc.boolean(), city: text, mobile: text,
  });

  it("gives the mapped user values back (nulls stay null)", () => {
    fc.assert(fc.property(sourceUser, (user) => {
      const mapped = users.map(user, "create");
      const resolved = { [`${ENTERPRISE}:manager`]: mapped.references[`${ENTERPRISE}:manager`]! };
      const body = JSON.parse(JSON.stringify(toScimResource(mapped, "User", { references: resolved }))) as object;
      expect(readMapped(body, users.attributeTargets, users.referenceTargets)).toEqual(mapped);
    }), { numRuns: 200 });
  });

  it("gives the mapped group values back", () => {
    fc.assert(fc.property(fc.record({ id: fc.uuid(), displayName: fc.string({ minLength: 1 }), memberIds: fc.array(fc.uuid()) }), (group) => {
      const mapped = groups.map(group, "create");
      const body = toScimResource(mapped, "Group", { references: mapped.references });
      expect(readMapped(body, groups.attributeTargets, groups.referenceTargets)).toEqual(mapped);
    }), { numRuns: 100 });
  });
});
