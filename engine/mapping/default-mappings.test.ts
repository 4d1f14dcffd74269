import { describe, expect, it } from "vitest";
import type { SourceGroup, SourceUser } from "../directory/types";
import { compileMapping } from "./compile-mapping";
import { defaultGroupMapping, defaultUserMapping } from "./default-mappings";
import { entraMappingCatalog } from "./mapping-catalog";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const user: SourceUser = {
  id: "5b6c1b2e-0000-4000-8000-000000000001",
  userPrincipalName: "zoe.hart@contoso.example",
  mail: "zoe.hart@contoso.example",
  mailNickname: "zoe.hart",
  givenName: "Zoë",
  surname: "Hart",
  displayName: "Zoë Hart",
  accountEnabled: true,
  department: "Cardiology",
  jobTitle: "Surgeon",
  employeeId: "1000042",
  managerId: "5b6c1b2e-0000-4000-8000-000000000000",
  softDeleted: false,
};

describe("default Entra mappings", () => {
  const users = compileMapping(defaultUserMapping);
  const groups = compileMapping(defaultGroupMapping);

  it("map a directory user as the SCIM 2.0 gallery app does", () => {
    expect(users.map(user, "create")).toEqual({
      attributes: {
        userName: "zoe.hart@contoso.example",
        active: true,
        displayName: "Zoë Hart",
        title: "Surgeon",
        'emails[type eq "work"].value': "zoe.hart@contoso.example",
        preferredLanguage: null,
        "name.givenName": "Zoë",
        "name.familyName": "Hart",
        "name.formatted": "Zoë Hart",
        'addresses[type eq "work"].formatted': null,
        'addresses[type eq "work"].streetAddress': null,
        'addresses[type eq "work"].locality': null,
        'addresses[type eq "work"].region': null,
        'addresses[type eq "work"].postalCode': null,
        'addresses[type eq "work"].country': null,
        'phoneNumbers[type eq "work"].value': null,
        'phoneNumbers[type eq "mobile"].value': null,
        'phoneNumbers[type eq "fax"].value': null,
        externalId: "zoe.hart",
        [`${ENTERPRISE}:employeeNumber`]: "1000042",
        [`${ENTERPRISE}:department`]: "Cardiology",
      },
      references: { [`${ENTERPRISE}:manager`]: [user.managerId] },
    });
    expect(users.matching(user)).toEqual({ target: "userName", value: "zoe.hart@contoso.example" });
  });

  it("set active false for soft-deleted, disabled and explicitly soft-deleted (out of scope) users", () => {
    expect(users.map({ ...user, softDeleted: true }, "update").attributes.active).toBe(false);
    expect(users.map({ ...user, accountEnabled: false }, "update").attributes.active).toBe(false);
    expect(users.map({ ...user, IsSoftDeleted: true }, "update").attributes.active).toBe(false);
    expect(users.map({ ...user, isSoftDeleted: false, accountEnabled: false }, "update").attributes.active).toBe(true);
  });

  it("map a group by displayName with its object id and member references", () => {
    const group: SourceGroup = { id: "g1", displayName: "Surgeons", mailNickname: "surgeons", description: null, memberIds: ["a", "b"], softDeleted: false };
    expect(groups.map(group, "create")).toEqual({
      attributes: { displayName: "Surgeons", externalId: "g1" },
      references: { members: ["a", "b"] },
    });
    expect(groups.matching(group)).toEqual({ target: "displayName", value: "Surgeons" });
  });

  it("read only the directory's attributes", () => {
    expect(users.sourceAttributes).toContain("IsSoftDeleted");
    expect(groups.sourceAttributes).toEqual(["displayName", "objectId", "members"]);
  });
});

describe("entraMappingCatalog", () => {
  it("hands out copies of the defaults and compiles with field names", () => {
    const first = entraMappingCatalog.defaults();
    first.user.attributes.pop();
    expect(entraMappingCatalog.defaults().user).toEqual(defaultUserMapping);
    expect(() => entraMappingCatalog.compile({ ...first.group, attributes: [] }, "mappings.group")).toThrow(
      "mappings.group.attributes: map at least one attribute",
    );
  });
});
