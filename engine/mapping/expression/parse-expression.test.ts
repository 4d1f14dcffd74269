import { describe, expect, it } from "vitest";
import { ExpressionError } from "./expression-error";
import { parseExpression } from "./parse-expression";

function errorOf(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${text} not to parse`);
}

describe("parseExpression", () => {
  it("parses attributes, strings with escapes, numbers and nested calls", () => {
    expect(parseExpression('Join(" ", [givenName], Left("a\\"b\\\\c", -3))')).toEqual({
      kind: "call",
      name: "Join",
      column: 1,
      args: [
        { kind: "string", value: " ", column: 6 },
        { kind: "attribute", name: "givenName", column: 11 },
        {
          kind: "call",
          name: "Left",
          column: 24,
          args: [
            { kind: "string", value: 'a"b\\c', column: 29 },
            { kind: "number", value: -3, column: 40 },
          ],
        },
      ],
    });
  });

  it("keeps backslashes that escape nothing, as regex patterns need", () => {
    expect(parseExpression('"\\d+\\@x"')).toMatchObject({ kind: "string", value: "\\d+\\@x" });
  });

  it("parses empty arguments, including trailing ones", () => {
    const node = parseExpression('Replace([mail], "@x", , ,"", ,)');
    expect(node.kind === "call" && node.args.map((a) => a.kind)).toEqual([
      "attribute", "string", "missing", "missing", "string", "missing", "missing",
    ]);
    expect(parseExpression("Guid()")).toMatchObject({ kind: "call", args: [] });
  });

  it("parses a comparison and a bare attribute or literal as a whole expression", () => {
    expect(parseExpression('[country] <> "USA"')).toMatchObject({
      kind: "compare", operator: "<>", column: 11, left: { kind: "attribute" }, right: { kind: "string", value: "USA" },
    });
    expect(parseExpression("[mail]")).toEqual({ kind: "attribute", name: "mail", column: 1 });
    expect(parseExpression("  42 ")).toEqual({ kind: "number", value: 42, column: 3 });
  });

  it("accepts expressions written over several lines", () => {
    expect(parseExpression('Join(\n  "@",\n  [a]\n)')).toMatchObject({ kind: "call", args: [{ kind: "string" }, { kind: "attribute" }] });
  });

  it.each([
    ["", 1, "the expression is empty"],
    ['Append([mail], "x"', 19, "Append( opened at column 7 is not closed"],
    ['Append([mail] "x")', 15, "unexpected '\"' in the arguments of Append"],
    ['"unterminated', 1, "the string has no closing quote"],
    ["Left([mail, 3)", 6, "the attribute name has no closing ]"],
    ["Left([ ], 3)", 6, "the attribute name between [ and ] is empty"],
    ["[a] [b]", 5, "unexpected '[' after the end of the expression"],
    ["Join(\"\", @)", 10, "unexpected '@'"],
    ['[a] = ', 7, "the expression ends where an attribute"],
    ['= "x"', 1, "a comparison needs a value on each side"],
  ])("points at the column of %j", (text, column, reason) => {
    const error = errorOf(text);
    expect(error.column).toBe(column);
    expect(error.reason).toContain(reason);
    expect(error.message).toContain(`at column ${column}`);
  });

  it("shows the offending line with a caret under the column", () => {
    expect(errorOf('Append([mail] "x")').display).toBe('Append([mail] "x")\n              ^');
    const multiLine = errorOf('Join("@",\n  [a] [b])');
    expect(multiLine.line).toBe(2);
    expect(multiLine.display).toBe("  [a] [b])\n      ^");
  });
});
