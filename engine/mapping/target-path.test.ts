import { describe, expect, it } from "vitest";
import { parseTargetPath } from "./target-path";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("parseTargetPath", () => {
  it("understands the paths the Entra portal uses", () => {
    expect(parseTargetPath("active", "User")).toMatchObject({ schema: null, attribute: "active", type: "boolean" });
    expect(parseTargetPath("name.givenName", "User")).toMatchObject({ attribute: "name", sub: "givenName", type: "string" });
    expect(parseTargetPath('emails[type eq "work"].value', "User")).toMatchObject({
      attribute: "emails", filter: { attribute: "type", value: "work" }, sub: "value", multiValued: true,
    });
    expect(parseTargetPath('roles[primary eq "True"].value', "User")).toMatchObject({ filter: { attribute: "primary", value: true } });
    expect(parseTargetPath(`${ENTERPRISE}:department`, "User")).toMatchObject({ schema: ENTERPRISE, attribute: "department" });
    expect(parseTargetPath(`${ENTERPRISE}:manager`, "User")).toMatchObject({ complex: true, multiValued: false });
    expect(parseTargetPath("members", "Group")).toMatchObject({ complex: true, multiValued: true });
    expect(parseTargetPath("externalid", "User")).toMatchObject({ attribute: "externalId", caseExact: true });
    expect(parseTargetPath("urn:ietf:params:scim:schemas:core:2.0:User:userName", "User")).toMatchObject({ schema: null, attribute: "userName" });
  });

  it("takes custom extension attributes as written", () => {
    expect(parseTargetPath("urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:tag", "User")).toMatchObject({
      schema: "urn:ietf:params:scim:schemas:extension:Contoso:2.0:User", attribute: "tag", type: "unknown",
    });
  });

  it.each([
    ["", "User", "the target attribute is empty"],
    ["userNmae", "User", 'a SCIM User has no attribute "userNmae"'],
    ["name.first", "User", '"name" has no sub-attribute "first"'],
    ["userName.x", "User", '"userName" has no sub-attributes'],
    ['userName[type eq "x"].value', "User", '"userName" is not multi-valued'],
    ['emails[kind eq "work"].value', "User", '"emails" has no sub-attribute "kind" to filter on'],
    ['emails[type eq "work"]', "User", "selects an element of \"emails\" but no sub-attribute"],
    ['emails[type co "w"].value', "User", 'must have the form [type eq "work"]'],
    ['emails[type eq "w".value', "User", "without its ']'"],
    ["id", "User", '"id" is read-only'],
    ["groups", "User", '"groups" is read-only'],
    [`${ENTERPRISE}:costCentre`, "User", `no attribute "costCentre" in ${ENTERPRISE}`],
    ["userName", "Group", 'a SCIM Group has no attribute "userName"'],
    ["a b", "User", "is not an attribute path"],
    [ENTERPRISE, "User", "is a schema URN, not an attribute"],
  ] as const)("rejects %j for a %s", (path, type, message) => {
    expect(() => parseTargetPath(path, type)).toThrow(message);
  });
});
