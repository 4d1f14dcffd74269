import { describe, expect, it } from "vitest";
import { compileClause, compileScoping } from "./scoping";
import { sourceAttributeReader } from "./source-attributes";
import type { ScopingClause, ScopingOperator } from "./types";

function clause(operator: ScopingOperator, value?: string, attribute = "department") {
  const spec: ScopingClause = value === undefined ? { attribute, operator } : { attribute, operator, value };
  return compileClause(spec, sourceAttributeReader("User", attribute)!);
}

describe("scoping clauses", () => {
  it.each([
    ["EQUALS", "Sales", "Sales", true],
    ["EQUALS", "Sales", "sales", false],
    ["NOT EQUALS", "Sales", "HR", true],
    ["NOT EQUALS", "Sales", "Sales", false],
    ["Includes", "ale", "Sales", true],
    ["Includes", "ALE", "Sales", false],
    ["STARTS_WITH", "Sa", "Sales", true],
    ["STARTS_WITH", "les", "Sales", false],
    ["ENDS_WITH", "les", "Sales", true],
    ["ENDS_WITH", "Sa", "Sales", false],
    ["REGEX MATCH", "^S.l", "Sales", true],
    ["REGEX MATCH", "^s", "Sales", false],
    ["NOT REGEX MATCH", "^H", "Sales", true],
    ["NOT REGEX MATCH", "^S", "Sales", false],
    ["Greater_Than", "10", "11", true],
    ["Greater_Than", "10", "10", false],
    ["Greater_Than_OR_EQUALS", "10", "10", true],
    ["Greater_Than_OR_EQUALS", "10", "9", false],
    ["Less_Than", "10", "9", true],
    ["Less_Than", "10", "10", false],
    ["Less_Than_OR_EQUALS", "10", "10", true],
    ["Less_Than_OR_EQUALS", "10", "11", false],
    ["Greater_Than", "10", "eleven", false],
    ["IS NULL", undefined, null, true],
    ["IS NULL", undefined, "", true],
    ["IS NULL", undefined, "x", false],
    ["IS NOT NULL", undefined, "x", true],
    ["IS NOT NULL", undefined, null, false],
  ] as const)("%s %j on %j is %s", (operator, value, actual, expected) => {
    expect(clause(operator, value)({ department: actual })).toBe(expected);
  });

  it("is false for null or empty values except IS NULL (and NOT REGEX MATCH on null)", () => {
    for (const operator of ["EQUALS", "NOT EQUALS", "Includes", "STARTS_WITH", "ENDS_WITH", "REGEX MATCH", "NOT REGEX MATCH", "Greater_Than", "Less_Than"] as const) {
      expect(clause(operator, "1")({ department: null }), operator).toBe(false);
      expect(clause(operator, "1")({ department: "" }), operator).toBe(false);
    }
  });

  it("IS TRUE and IS FALSE read booleans (and their strings)", () => {
    expect(clause("IS TRUE", undefined, "accountEnabled")({ accountEnabled: true })).toBe(true);
    expect(clause("IS TRUE", undefined, "accountEnabled")({ accountEnabled: "False" })).toBe(false);
    expect(clause("IS FALSE", undefined, "accountEnabled")({ accountEnabled: false })).toBe(true);
    expect(clause("IS FALSE", undefined, "accountEnabled")({})).toBe(false);
  });

  it("rejects missing values, bad regexes and non-numbers", () => {
    expect(() => clause("EQUALS")).toThrow("EQUALS compares with a value");
    expect(() => clause("REGEX MATCH", "(")).toThrow("not a valid regular expression");
    expect(() => clause("Less_Than", "ten")).toThrow('Less_Than compares whole numbers; "ten" is not one');
  });

  it("ANDs clauses in a group and ORs the groups", () => {
    const filter = compileScoping(
      [[{ attribute: "department", operator: "EQUALS", value: "Sales" }, { attribute: "jobTitle", operator: "IS NOT NULL" }], [{ attribute: "department", operator: "EQUALS", value: "HR" }]],
      (c) => compileClause(c, sourceAttributeReader("User", c.attribute)!),
    );
    expect(filter({ department: "Sales", jobTitle: "Rep" })).toBe(true);
    expect(filter({ department: "Sales" })).toBe(false);
    expect(filter({ department: "HR" })).toBe(true);
    expect(compileScoping([], () => () => false)({})).toBe(true);
  });
});
