/**
 * Found by the engine fuzz (issue 9): an attribute-mapping expression of 5,000 nested calls
 * (`ToLower(ToLower(…[mail]…))`) overflowed the parser's stack: a RangeError instead of an
 * ExpressionError naming the column.
 */
import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionError } from "../../engine/mapping/index";

describe("a deeply nested expression overflowed the stack", () => {
  it("refuses 5,000 nested calls with an ExpressionError at a column", () => {
    const text = "ToLower(".repeat(5000) + "[mail]" + ")".repeat(5000);
    expect(() => compileExpression(text)).toThrow(ExpressionError);
    expect(() => compileExpression(text)).toThrow(/nest deeper than 64 levels.*column/);
  });

  it("still compiles 64 levels", () => {
    const text = "ToLower(".repeat(64) + "[mail]" + ")".repeat(64);
    expect(compileExpression(text).evaluate({ mail: "ADA@X" })).toBe("ada@x");
  });
});
