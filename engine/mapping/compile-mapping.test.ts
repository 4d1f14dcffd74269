import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { compileMapping } from "./compile-mapping";
import { MappingEvaluationError } from "./mapping-error";
import type { AttributeMapping, ObjectMapping } from "./types";

const userMapping = (attributes: AttributeMapping[], extra: Partial<ObjectMapping> = {}): ObjectMapping => ({
  sourceObject: "User",
  targetObject: "User",
  attributes: [{ target: "userName", source: "userPrincipalName", matchingPriority: 1 }, ...attributes],
  ...extra,
});

function problemsOf(mapping: unknown, options?: { field?: string; file?: string }): string[] {
  try {
    compileMapping(mapping as ObjectMapping, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.problem}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const ada = { id: "u1", userPrincipalName: "ada@contoso.example", givenName: "Ada", surname: "Lovelace", department: null, accountEnabled: true };

describe("compileMapping", () => {
  it("maps source attributes, constants and expressions", () => {
    const compiled = compileMapping(userMapping([
      { target: "displayName", expression: 'Join(" ", [givenName], [surname])' },
      { target: "title", constant: "Engineer" },
      { target: "active", source: "accountEnabled" },
    ]));
    expect(compiled.map(ada, "create")).toEqual({
      attributes: { userName: "ada@contoso.example", displayName: "Ada Lovelace", title: "Engineer", active: true },
      references: {},
    });
    expect(compiled.attributeTargets).toEqual(["userName", "displayName", "title", "active"]);
    expect(compiled.sourceAttributes).toEqual(["userPrincipalName", "givenName", "surname", "accountEnabled"]);
  });

  it("applies ObjectAddOnly mappings on create only", () => {
    const compiled = compileMapping(userMapping([{ target: "nickName", source: "mailNickname", flow: "ObjectAddOnly" }]));
    expect(compiled.map({ ...ada, mailNickname: "ada" }, "create").attributes).toHaveProperty("nickName", "ada");
    expect(compiled.map({ ...ada, mailNickname: "ada" }, "update").attributes).not.toHaveProperty("nickName");
  });

  it("uses defaultValue when the source value is null or empty, and keeps nulls otherwise", () => {
    const compiled = compileMapping(userMapping([
      { target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", source: "department", defaultValue: "Unassigned" },
      { target: "title", source: "jobTitle" },
    ]));
    const dept = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
    expect(compiled.map(ada, "update").attributes[dept]).toBe("Unassigned");
    expect(compiled.map({ ...ada, department: "" }, "update").attributes[dept]).toBe("Unassigned");
    expect(compiled.map({ ...ada, department: "R&D" }, "update").attributes[dept]).toBe("R&D");
    expect(compiled.map(ada, "update").attributes).toHaveProperty("title", null);
  });

  it("drops IgnoreFlowIfNullOrEmpty attributes whose value is empty", () => {
    const compiled = compileMapping(userMapping([{ target: "title", expression: "IgnoreFlowIfNullOrEmpty([jobTitle])" }]));
    expect(compiled.map(ada, "update").attributes).not.toHaveProperty("title");
    expect(compiled.map({ ...ada, jobTitle: "CEO" }, "update").attributes.title).toBe("CEO");
  });

  it("converts values to the target type and fails an object whose value does not fit", () => {
    const compiled = compileMapping(userMapping([{ target: "active", expression: "[department]" }]));
    expect(compiled.map({ ...ada, department: "TRUE" }, "create").attributes.active).toBe(true);
    expect(() => compiled.map({ ...ada, department: "Sales" }, "create")).toThrow(MappingEvaluationError);
    expect(() => compiled.map({ ...ada, department: "Sales" }, "create")).toThrow('active: expects True or False, got "Sales"');
  });

  it("reports an expression failing on one object as a MappingEvaluationError naming the target", () => {
    const compiled = compileMapping(userMapping([{ target: "title", expression: "Left([jobTitle], [department])" }]));
    expect(() => compiled.map({ ...ada, jobTitle: "x", department: "many" }, "create")).toThrow(/^title: Left: NumChars must be a whole number/);
  });

  it("collects reference source ids and finds the matching value", () => {
    const compiled = compileMapping(userMapping([{ target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", source: "manager", reference: true }]));
    expect(compiled.map({ ...ada, managerId: "boss" }, "create").references).toEqual({
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": ["boss"],
    });
    expect(compiled.map({ ...ada, managerId: null }, "create").references["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"]).toEqual([]);
    expect(compiled.matching(ada)).toEqual({ target: "userName", value: "ada@contoso.example" });
    expect(compiled.matching({})).toEqual({ target: "userName", value: null });
    expect(compiled.referenceTargets).toEqual(["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"]);
  });

  it("orders matching attributes by priority", () => {
    const compiled = compileMapping({
      sourceObject: "User", targetObject: "User",
      attributes: [{ target: "externalId", source: "mailNickname", matchingPriority: 2 }, { target: "userName", source: "userPrincipalName", matchingPriority: 1 }],
    });
    expect(compiled.matchingTargets).toEqual(["userName", "externalId"]);
    expect(compiled.matching(ada).target).toBe("userName");
  });

  it("evaluates scoping filters", () => {
    const compiled = compileMapping(userMapping([], { scoping: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]] }));
    expect(compiled.inScope({ ...ada, department: "Sales" })).toBe(true);
    expect(compiled.inScope(ada)).toBe(false);
    expect(compileMapping(userMapping([])).inScope(ada)).toBe(true);
    expect(compileMapping(userMapping([], { enabled: false })).enabled).toBe(false);
  });

  it("names every problem by field", () => {
    const mapping = {
      sourceObject: "User",
      targetObject: "User",
      attributes: [
        { target: "userName", source: "userPrincipalName" },
        { target: "displayName", source: "displayName", constant: "x" },
        { target: "title" },
        { target: "nickName", source: "mial" },
        { target: "name.formatted", expression: 'Join(" ", [givenName], Foo([surname]))' },
        { target: "userNmae", source: "mail" },
        { target: "displayname", constant: "dup" },
        { target: "name", source: "displayName" },
        { target: "emails[type eq \"work\"].value", expression: "[mail]", reference: true },
      ],
      scoping: [[{ attribute: "departmnt", operator: "EQUALS", value: "x" }, { attribute: "department", operator: "Less_Than", value: "ten" }]],
    };
    expect(problemsOf(mapping, { field: "mappings.user" })).toEqual([
      "mappings.user.attributes[1]: give only one of source, constant or expression (found source and constant)",
      "mappings.user.attributes[2]: give one of source, constant or expression",
      'mappings.user.attributes[3].source: unknown User attribute "mial"; did you mean mail? (see docs/mappings.md for the list)',
      "mappings.user.attributes[4].expression: unknown function Foo at column 24\nJoin(\" \", [givenName], Foo([surname]))\n                       ^",
      'mappings.user.attributes[5].target: a SCIM User has no attribute "userNmae"',
      'mappings.user.attributes[6].target: "displayname" is already mapped by attributes[1]',
      'mappings.user.attributes[7].target: "name" is complex: map one of its sub-attributes, or set reference: true for manager or members',
      "mappings.user.attributes[8].reference: a reference maps a source attribute (manager, members), not a constant or an expression",
      'mappings.user.attributes[8].reference: "emails[type eq "work"].value" is not a reference attribute (such as manager or members)',
      "mappings.user.attributes: no matching attribute: set matchingPriority 1 on the attribute that identifies objects on the target (userName for users, displayName for groups)",
      'mappings.user.scoping[0][0].attribute: unknown User attribute "departmnt"; did you mean department? (see docs/mappings.md for the list)',
      'mappings.user.scoping[0][1].value: Less_Than compares whole numbers; "ten" is not one',
    ]);
  });

  it("rejects duplicate priorities, reference matching and shape errors", () => {
    expect(problemsOf(userMapping([{ target: "externalId", source: "mailNickname", matchingPriority: 1 }]))).toEqual([
      "attributes[1].matchingPriority: priority 1 is already used by attributes[0]",
    ]);
    expect(problemsOf({ sourceObject: "User", targetObject: "User", attributes: [
      { target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", source: "manager", reference: true, matchingPriority: 1 },
    ] })).toEqual(["attributes[0].matchingPriority: a reference attribute cannot be used for matching"]);
    expect(problemsOf({ sourceObject: "Device", targetObject: "User", attributes: [], extra: 1 }, { file: "job.yaml" })).toEqual([
      'sourceObject: expected "User" or "Group"',
      "attributes: map at least one attribute",
      '(root): Unrecognized key: "extra"',
    ]);
    expect(problemsOf(userMapping([{ target: "title", source: "jobTitle", flow: "Sometimes" as never, matchingPriority: 0 }]))).toEqual([
      'attributes[1].flow: expected "Always" or "ObjectAddOnly"',
      "attributes[1].matchingPriority: expected a whole number from 1",
    ]);
    expect(problemsOf(userMapping([], { scoping: [[{ attribute: "department", operator: "LIKE" as never }]] }))[0]).toMatch(
      /^scoping\[0\]\[0\]\.operator: expected one of EQUALS, NOT EQUALS/,
    );
  });
});
