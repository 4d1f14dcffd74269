import { describe, expect, it } from "vitest";
import { compileExpression } from "./compile-expression";
import { ExpressionEvaluationError } from "./expression-error";

const run = (text: string, source: object = {}) => compileExpression(text).evaluate(source);

describe("logic functions", () => {
  it("Coalesce returns the first value that is not null, else the default", () => {
    expect(run("Coalesce([mail], [userPrincipalName])", { mail: null, userPrincipalName: "j@x.y" })).toBe("j@x.y");
    expect(run('Coalesce([a], [b], "none")', {})).toBe("none");
    expect(run("Coalesce([a], [b])", {})).toBeNull();
    expect(run('Coalesce([a], "d")', { a: "" })).toBe(""); // empty is a value, not NULL
  });

  it("IIF chooses on the condition", () => {
    const expression = 'IIF([country]="USA", [country], [department])';
    expect(run(expression, { country: "USA", department: "Sales" })).toBe("USA");
    expect(run(expression, { country: "FR", department: "Sales" })).toBe("Sales");
    expect(run('IIF([country]="USA", IIF([state]="CA", "True", "False"), "False")', { country: "USA", state: "CA" })).toBe("True");
    expect(run('IIF(CBool([a]), "yes", "no")', { a: "0" })).toBe("no");
  });

  it("IIF gives no value when an attribute in its condition is null or empty (documented limitation)", () => {
    expect(run('IIF([country]="", "Other", [country])', {})).toBeNull();
    expect(run('IIF(IsNullOrEmpty([country]), "Other", [country])', { country: "" })).toBeNull();
    expect(run('IIF(IsPresent([country]), [country], "Other")', {})).toBeNull();
    // The workaround Microsoft recommends works:
    expect(run('Switch([country], [country], "", "Other")', {})).toBe("Other");
    expect(run('Switch([country], [country], "", "Other")', { country: "NL" })).toBe("NL");
  });

  it("IIF refuses a condition that is neither true nor false", () => {
    expect(() => run('IIF([a], "y", "n")', { a: "maybe" })).toThrow(ExpressionEvaluationError);
  });

  it("Switch compares case-sensitively, falls back to the default, and treats null as empty", () => {
    const active = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';
    expect(run(active, { IsSoftDeleted: false })).toBe("True");
    expect(run(active, { IsSoftDeleted: true })).toBe("False");
    expect(run(active, {})).toBeNull();
    const tz = 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney", "QLD", "Australia/Brisbane")';
    expect(run(tz, { state: "QLD" })).toBe("Australia/Brisbane");
    expect(run(tz, { state: "qld" })).toBe("Australia/Sydney");
    expect(run('Switch([statusFlag], "Default Value", "true", "1", "", "0")', {})).toBe("0");
    expect(run('Switch(ToLower([f]), "0", "true", "1", "false", "0")', { f: "TRUE" })).toBe("1");
  });

  it("Not flips True and treats anything else as False", () => {
    expect(run("Not([a])", { a: true })).toBe(false);
    expect(run("Not([a])", { a: "False" })).toBe(true);
    expect(run("Not([a])", { a: "TRUE" })).toBe(false);
    expect(run("Not([a])", {})).toBe(true);
  });

  it("CBool converts numbers, booleans and comparisons", () => {
    expect(run("CBool([a] = [b])", { a: "x", b: "x" })).toBe(true);
    expect(run("CBool([a])", { a: "5" })).toBe(true);
    expect(run("CBool([a])", { a: 0 })).toBe(false);
    expect(run("CBool([a])", {})).toBe(false);
    expect(() => run("CBool([a])", { a: "abc" })).toThrow(/CBool: "abc" is not a boolean or a number/);
  });

  it("IsNull, IsNullOrEmpty, IsPresent and IsString", () => {
    expect(run("IsNull([a])", {})).toBe(true);
    expect(run("IsNull([a])", { a: "" })).toBe(false);
    expect(run("IsNullOrEmpty([a])", { a: "" })).toBe(true);
    expect(run("IsNullOrEmpty([a])", { a: "x" })).toBe(false);
    expect(run("IsPresent([a])", { a: "x" })).toBe(true);
    expect(run("IsPresent([a])", { a: "" })).toBe(false);
    expect(run("IsString([a])", { a: "x" })).toBe(true);
    expect(run("IsString([a])", { a: true })).toBe(false);
    expect(run('Switch(IsPresent([m1]), [m2], "True", [m1])', { m1: "boss" })).toBe("boss");
  });
});
