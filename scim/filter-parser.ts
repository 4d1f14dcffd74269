/**
 * The RFC 7644 section 3.4.2.2 filter grammar: attribute expressions with every operator, `pr`,
 * `and` / `or` / `not`, grouping, value paths (`emails[type eq "work"]`) and the common
 * `emails[type eq "work"].value eq "x"` form. Operators and keywords are case-insensitive.
 * Precedence: `not` and grouping bind tightest, then `and`, then `or`.
 */
import { ScimError } from "./scim-error";

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le";
export type CompareValue = string | number | boolean | null;

/** `[urn ":"] name ["." sub]`, names as written (resolution is case-insensitive later). */
export interface AttrPath {
  uri?: string;
  name: string;
  sub?: string;
}

export type FilterNode =
  | { kind: "compare"; path: AttrPath; op: CompareOp; value: CompareValue }
  | { kind: "present"; path: AttrPath }
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; expr: FilterNode }
  | { kind: "valuePath"; path: AttrPath; filter: FilterNode };

export interface FilterParseOptions {
  /**
   * Accept unquoted words as string values (`userName sw O`), as Microsoft's reference server
   * does. RFC 7644 requires strings to be quoted JSON strings.
   * @default false
   */
  bareValues?: boolean;
}

/**
 * Deepest nesting of parentheses, `not(...)` and value filters a filter may use. Real filters
 * nest two or three levels; the parser and the compiled predicate recurse once per level, so
 * `((((…` a megabyte deep would overflow the stack instead of answering 400.
 */
export const MAX_FILTER_NESTING = 50;

const OPS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"]);
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ATTR_NAME = /^[A-Za-z$][\w$-]*$/;

type Token =
  | { t: "("; at: number }
  | { t: ")"; at: number }
  | { t: "["; at: number }
  | { t: "]"; at: number }
  | { t: "string"; v: string; at: number }
  | { t: "word"; v: string; at: number };

const WHITESPACE = /\s/;
const WORD_END = /[\s()[\]"]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    // The same whitespace the word loop below stops at (\s: also NBSP, U+3000, ...); testing fewer
    // characters here left a word of length 0 and a loop that never advanced (issue 9 fuzz).
    if (WHITESPACE.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === "[" || c === "]") {
      tokens.push({ t: c, at: i });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) throw ScimError.invalidFilter(`unterminated string starting at position ${i + 1}`);
      const raw = text.slice(i, j + 1);
      let v: string;
      try {
        v = JSON.parse(raw) as string;
      } catch {
        throw ScimError.invalidFilter(`invalid string ${raw} at position ${i + 1}`);
      }
      tokens.push({ t: "string", v, at: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !WORD_END.test(text[j]!)) j++;
      tokens.push({ t: "word", v: text.slice(i, j), at: i });
      i = j;
    }
  }
  return tokens;
}

/** Parses an attribute path word: `name`, `name.sub`, `urn:...:name.sub`. */
export function parseAttrPath(word: string): AttrPath | undefined {
  let uri: string | undefined;
  let rest = word;
  if (/^urn:/i.test(word)) {
    const cut = word.lastIndexOf(":");
    uri = word.slice(0, cut);
    rest = word.slice(cut + 1);
  }
  const dot = rest.indexOf(".");
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const sub = dot < 0 ? undefined : rest.slice(dot + 1);
  if (!ATTR_NAME.test(name) || (sub !== undefined && !ATTR_NAME.test(sub))) return undefined;
  return { ...(uri ? { uri } : {}), name, ...(sub ? { sub } : {}) };
}

export function formatAttrPath(path: AttrPath): string {
  return `${path.uri ? `${path.uri}:` : ""}${path.name}${path.sub ? `.${path.sub}` : ""}`;
}

class Parser {
  private pos = 0;
  private nesting = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly options: FilterParseOptions,
  ) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw ScimError.invalidFilter("the filter is empty");
    const node = this.parseOr();
    const extra = this.tokens[this.pos];
    if (extra) throw this.fail(extra, `unexpected ${describe(extra)}`);
    return node;
  }

  private parseOr(): FilterNode {
    const terms = [this.parseAnd()];
    while (this.isWord("or")) {
      this.pos++;
      terms.push(this.parseAnd());
    }
    return balanced("or", terms);
  }

  private parseAnd(): FilterNode {
    const terms = [this.parseUnary()];
    while (this.isWord("and")) {
      this.pos++;
      terms.push(this.parseUnary());
    }
    return balanced("and", terms);
  }

  /** One level deeper (a group, `not(...)`, a value filter); refused past {@link MAX_FILTER_NESTING}. */
  private nested<T>(at: Token, parse: () => T): T {
    if (++this.nesting > MAX_FILTER_NESTING) {
      throw this.fail(at, `the filter nests deeper than ${MAX_FILTER_NESTING} levels`);
    }
    const result = parse();
    this.nesting--;
    return result;
  }

  private parseUnary(): FilterNode {
    const token = this.next("an attribute, 'not' or '('");
    if (token.t === "(") {
      const inner = this.nested(token, () => this.parseOr());
      this.expect(")");
      return inner;
    }
    if (token.t === "word" && token.v.toLowerCase() === "not") {
      this.expect("(");
      const inner = this.nested(token, () => this.parseOr());
      this.expect(")");
      return { kind: "not", expr: inner };
    }
    if (token.t !== "word") throw this.fail(token, `expected an attribute name, found ${describe(token)}`);
    return this.parseAttrExp(token);
  }

  private parseAttrExp(token: Token & { t: "word" }): FilterNode {
    const path = parseAttrPath(token.v);
    if (!path) throw this.fail(token, `"${token.v}" is not an attribute path`);
    if (this.peek()?.t === "[") {
      this.pos++;
      if (path.sub) throw this.fail(token, `a value filter applies to a multi-valued attribute, not "${token.v}"`);
      const inner = this.nested(token, () => this.parseOr());
      this.expect("]");
      const after = this.peek();
      if (after?.t === "word" && after.v.startsWith(".")) {
        // emails[type eq "work"].value eq "x": the sub-attribute is compared inside the filter.
        this.pos++;
        const sub = after.v.slice(1);
        if (!ATTR_NAME.test(sub)) throw this.fail(after, `"${sub}" is not a sub-attribute name`);
        const comparison = this.parseComparison({ name: sub }, after);
        return { kind: "valuePath", path, filter: { kind: "and", left: inner, right: comparison } };
      }
      return { kind: "valuePath", path, filter: inner };
    }
    return this.parseComparison(path, token);
  }

  private parseComparison(path: AttrPath, at: Token): FilterNode {
    const opToken = this.next(`an operator after "${formatAttrPath(path)}"`);
    const op = opToken.t === "word" ? opToken.v.toLowerCase() : "";
    if (op === "pr") return { kind: "present", path };
    if (!OPS.has(op)) {
      throw this.fail(opToken.t === "word" ? opToken : at, `expected an operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr), found ${describe(opToken)}`);
    }
    const valueToken = this.next(`a value after "${op}"`);
    return { kind: "compare", path, op: op as CompareOp, value: this.value(valueToken) };
  }

  private value(token: Token): CompareValue {
    if (token.t === "string") return token.v;
    if (token.t === "word") {
      const lower = token.v.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      if (lower === "null") return null;
      if (NUMBER.test(token.v)) return Number(token.v);
      if (this.options.bareValues) return token.v;
    }
    throw this.fail(token, `expected a value (a quoted string, a number, true, false or null), found ${describe(token)}`);
  }

  private isWord(word: string): boolean {
    const t = this.tokens[this.pos];
    return t?.t === "word" && t.v.toLowerCase() === word;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(what: string): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw ScimError.invalidFilter(`the filter ends early: expected ${what} in ${JSON.stringify(this.text)}`);
    return token;
  }

  private expect(kind: "(" | ")" | "]"): void {
    const token = this.next(`'${kind}'`);
    if (token.t !== kind) throw this.fail(token, `expected '${kind}', found ${describe(token)}`);
  }

  private fail(token: Token, message: string): ScimError {
    return ScimError.invalidFilter(`${message} at position ${token.at + 1} of ${JSON.stringify(this.text)}`);
  }
}

/**
 * `a or b or c or …` as a balanced tree: `and`/`or` are associative, and a chain of thousands of
 * terms built left-deep would make the compiled predicate recurse once per term.
 */
function balanced(kind: "and" | "or", terms: FilterNode[]): FilterNode {
  if (terms.length === 1) return terms[0]!;
  const middle = terms.length >> 1;
  return { kind, left: balanced(kind, terms.slice(0, middle)), right: balanced(kind, terms.slice(middle)) };
}

function describe(token: Token): string {
  if (token.t === "string") return JSON.stringify(token.v);
  if (token.t === "word") return `"${token.v}"`;
  return `'${token.t}'`;
}

/** Parses a filter; throws a 400 `invalidFilter` ScimError that says where and what was expected. */
export function parseFilter(text: string, options: FilterParseOptions = {}): FilterNode {
  return new Parser(tokenize(text), text, options).parse();
}
