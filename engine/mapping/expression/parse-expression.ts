import type { ComparisonOperator, ExpressionNode } from "./ast";
import { ExpressionError } from "./expression-error";

/**
 * Parses Entra's attribute-mapping expression syntax (VBA-like): `[attribute]`, `"string"` with
 * `\"` and `\\` escapes, numbers, `Function(arg, , arg)` with empty arguments, and one comparison
 * (`=`, `<>`, `>`, `>=`, `<`, `<=`) as IIF conditions use. Purely syntactic: which functions exist
 * and how many arguments they take is checked by `compileExpression`.
 */
export function parseExpression(text: string): ExpressionNode {
  return new Parser(text).parseAll();
}

const OPERATORS: ComparisonOperator[] = ["<>", "<=", ">=", "=", "<", ">"];

/**
 * Deepest nesting of function calls accepted. Real mappings nest a handful of calls; the parser
 * and the compiled evaluator recurse once per level, so thousands of levels overflowed the stack
 * (a RangeError instead of an ExpressionError with its column, issue 9 fuzz).
 */
export const MAX_CALL_NESTING = 64;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  parseAll(): ExpressionNode {
    this.skipSpace();
    if (this.atEnd()) this.fail("the expression is empty", 0);
    const node = this.parseComparison();
    this.skipSpace();
    if (!this.atEnd()) this.fail(`unexpected ${this.describe(this.pos)} after the end of the expression`, this.pos);
    return node;
  }

  private parseComparison(): ExpressionNode {
    const left = this.parseOperand();
    this.skipSpace();
    const operator = OPERATORS.find((op) => this.text.startsWith(op, this.pos));
    if (!operator) return left;
    const column = this.pos + 1;
    this.pos += operator.length;
    const right = this.parseOperand();
    return { kind: "compare", operator, left, right, column };
  }

  private parseOperand(): ExpressionNode {
    this.skipSpace();
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === undefined) this.fail("the expression ends where an attribute, a string, a number or a function was expected", start);
    if (c === "[") return this.parseAttribute();
    if (c === '"') return this.parseString();
    if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(this.text[this.pos + 1] ?? ""))) return this.parseNumber();
    if (/[A-Za-z_]/.test(c)) return this.parseIdentifier();
    if (OPERATORS.some((op) => this.text.startsWith(op, start))) {
      this.fail(`a comparison needs a value on each side; found ${this.describe(start)}`, start);
    }
    return this.fail(`unexpected ${this.describe(start)}; expected an attribute like [mail], a "string", a number or a function`, start);
  }

  private parseAttribute(): ExpressionNode {
    const open = this.pos;
    const close = this.text.indexOf("]", open + 1);
    const newline = this.text.indexOf("\n", open + 1);
    if (close < 0 || (newline >= 0 && newline < close)) this.fail("the attribute name has no closing ]", open);
    const name = this.text.slice(open + 1, close).trim();
    if (name === "") this.fail("the attribute name between [ and ] is empty", open);
    this.pos = close + 1;
    return { kind: "attribute", name, column: open + 1 };
  }

  private parseString(): ExpressionNode {
    const open = this.pos;
    let value = "";
    for (let i = open + 1; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === "\\") {
        const next = this.text[i + 1];
        // Only \" and \\ are escapes; any other backslash stays as written (regex patterns need it).
        if (next === '"' || next === "\\") {
          value += next;
          i++;
        } else value += c;
      } else if (c === '"') {
        this.pos = i + 1;
        return { kind: "string", value, column: open + 1 };
      } else value += c;
    }
    return this.fail('the string has no closing quote (write \\" for a quote inside a string)', open);
  }

  private parseNumber(): ExpressionNode {
    const match = /^-?[0-9]+(\.[0-9]+)?/.exec(this.text.slice(this.pos))!;
    const column = this.pos + 1;
    this.pos += match[0].length;
    return { kind: "number", value: Number(match[0]), column };
  }

  private parseIdentifier(): ExpressionNode {
    const start = this.pos;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(start))![0];
    this.pos += name.length;
    this.skipSpace();
    if (this.text[this.pos] !== "(") return { kind: "constant", name, column: start + 1 };
    const open = this.pos;
    if (++this.depth > MAX_CALL_NESTING) this.fail(`functions nest deeper than ${MAX_CALL_NESTING} levels`, start);
    this.pos++;
    const args: ExpressionNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos++;
      this.depth--;
      return { kind: "call", name, args, column: start + 1 };
    }
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      args.push(c === "," || c === ")" ? { kind: "missing", column: this.pos + 1 } : this.parseComparison());
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
      } else if (next === ")") {
        this.pos++;
        this.depth--;
        return { kind: "call", name, args, column: start + 1 };
      } else if (next === undefined) {
        this.fail(`${name}( opened at column ${open + 1} is not closed; expected , or )`, this.pos);
      } else {
        this.fail(`unexpected ${this.describe(this.pos)} in the arguments of ${name}; expected , or )`, this.pos);
      }
    }
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private describe(offset: number): string {
    const c = this.text[offset];
    return c === undefined ? "end of the expression" : `'${c}'`;
  }

  private fail(reason: string, offset: number): never {
    throw new ExpressionError(reason, this.text, offset + 1);
  }
}
