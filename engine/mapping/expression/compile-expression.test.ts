import { describe, expect, it } from "vitest";
import { compileExpression } from "./compile-expression";
import { ExpressionError } from "./expression-error";

function errorOf(text: string, options?: Parameters<typeof compileExpression>[1]): ExpressionError {
  try {
    compileExpression(text, options);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${text} not to compile`);
}

describe("compileExpression", () => {
  it("reads attributes case-insensitively by default and lists what it reads", () => {
    const compiled = compileExpression('Join(" ", [GivenName], [surname], [givenname])');
    expect(compiled.attributes).toEqual(["GivenName", "surname", "givenname"]);
    expect(compiled.evaluate({ givenName: "Ada", Surname: "Lovelace" })).toBe("Ada Lovelace Ada");
  });

  it("matches function names case-insensitively", () => {
    expect(compileExpression('toupper(switch([x], "d", "a", "b"))').evaluate({ x: "a" })).toBe("B");
  });

  it("evaluates a bare attribute, a literal and comparisons", () => {
    expect(compileExpression("[mail]").evaluate({ mail: "a@b.c" })).toBe("a@b.c");
    expect(compileExpression("[mail]").evaluate({})).toBeNull();
    expect(compileExpression('"x"').evaluate({})).toBe("x");
    expect(compileExpression("[n] > 9").evaluate({ n: "10" })).toBe(true); // numeric, not "10" < "9"
    expect(compileExpression('[s] < "b"').evaluate({ s: "a" })).toBe(true);
    expect(compileExpression('[s] = "A"').evaluate({ s: "a" })).toBe(false); // case-sensitive
    expect(compileExpression('[flag] = "True"').evaluate({ flag: true })).toBe(true);
    expect(compileExpression("[a] <> [b]").evaluate({ a: "1", b: "1.0" })).toBe(false);
    expect(compileExpression("[a] >= 2").evaluate({ a: 2 })).toBe(true);
    expect(compileExpression("[a] <= 1").evaluate({ a: 2 })).toBe(false);
  });

  it("uses the given attribute resolver and rejects unknown attributes at their column", () => {
    const attribute = (name: string) => (name === "known" ? () => "k" : undefined);
    expect(compileExpression("Append([known], [known])", { attribute }).evaluate({})).toBe("kk");
    const error = errorOf('Append([known], [mial])', { attribute });
    expect(error.reason).toBe("unknown source attribute [mial]");
    expect(error.column).toBe(17);
  });

  it.each([
    ['Foo([x])', 1, "unknown function Foo"],
    ['Append([x])', 1, "Append takes 2 arguments (source, suffix), got 1"],
    ['Append([x], "a", "b")', 1, "Append takes 2 arguments (source, suffix), got 3"],
    ['Join(",")', 1, "Join takes at least 2 arguments (separator, source, …), got 1"],
    ['ToLower([x], "en", "y")', 1, "ToLower takes 1 to 2 arguments (source, culture), got 3"],
    ['Append(, "x")', 8, "Append: source is required"],
    ['Not(Left(, 2))', 10, "Left: String is required"],
    ['Now()', 1, "Now is not supported by scimlab: it would read the wall clock"],
    ['Append([x], vbFoo)', 13, '"vbFoo" is neither a function call'],
    ['Append(IgnoreFlowIfNullOrEmpty([x]), "a")', 8, "IgnoreFlowIfNullOrEmpty must be the whole expression"],
    ["IgnoreFlowIfNullOrEmpty()", 1, "IgnoreFlowIfNullOrEmpty takes 1 argument"],
    ['Switch([x], "d", "k")', 1, "Switch takes at least 4 arguments"],
    ['Switch([x], "d", "k", "v", "k2")', 28, "the last key has no value"],
    ['Left([x], "three")', 11, "Left: NumChars must be a whole number"],
    ['Mid([x], 0, 2)', 10, "Mid: start counts from 1"],
    ['Mid([x], 1, -2)', 13, "Mid: length must not be negative"],
    ['Word([x], 1.5, " ")', 11, "Word: WordNumber must be a whole number"],
    ['ToLower([x], "not a culture!")', 14, "is not a culture name"],
    ['InStr([x], "a", 1, vbSometimes)', 20, '"vbSometimes" is neither'],
    ['InStr([x], "a", 1, "other")', 20, "InStr: compareType is vbBinaryCompare or vbTextCompare"],
    ['Replace([x], , "(unclosed", , "y", , )', 16, "regexPattern is not a valid regular expression"],
    ['Replace([x], , "(?<a>x)", "b", "y", , )', 27, 'regexPattern has no group named "b"'],
    ['Replace([x], "a", , , , , )', 1, "Replace needs oldValue with replacementValue or template"],
  ])("rejects %j at column %i", (text, column, reason) => {
    const error = errorOf(text);
    expect(error.reason).toContain(reason);
    expect(error.column).toBe(column);
  });

  it("flags IgnoreFlowIfNullOrEmpty and evaluates what it wraps", () => {
    const compiled = compileExpression("IgnoreFlowIfNullOrEmpty([department])");
    expect(compiled.ignoreFlowIfNullOrEmpty).toBe(true);
    expect(compiled.evaluate({ department: "R&D" })).toBe("R&D");
    expect(compileExpression("[department]").ignoreFlowIfNullOrEmpty).toBe(false);
  });
});
