/**
 * The OData `$filter` subset Graph's `GET /auditLogs/provisioning` accepts, compiled to a SQL
 * condition over the provisioning-log table. Supported: `eq`, `ne` on ids, action and status;
 * `eq`, `ne`, `ge`, `gt`, `le`, `lt` on `activityDateTime`; `and`, `or`, parentheses.
 *
 * @example jobId eq 'scim.1.2' and provisioningStatusInfo/status eq 'failure' and activityDateTime ge 2026-01-05T00:00:00Z
 */

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at column ${position + 1})`);
    this.name = "FilterSyntaxError";
  }
}

export interface CompiledFilter {
  sql: string;
  params: Array<string | number>;
}

/** A filterable property: its SQL column; `time` ones compare as instants. */
export interface FilterField {
  column: string;
  type: "string" | "time";
}

/** The properties a filter may name (keys lower case) and how to list them in an error. */
export interface FilterFields {
  fields: Record<string, FilterField>;
  names: readonly string[];
}

const FIELDS: Record<string, FilterField> = {
  id: { column: "id", type: "string" },
  jobid: { column: "job_id", type: "string" },
  cycleid: { column: "cycle_id", type: "string" },
  changeid: { column: "change_id", type: "string" },
  provisioningaction: { column: "action", type: "string" },
  "provisioningstatusinfo/status": { column: "status", type: "string" },
  "sourceidentity/id": { column: "source_id", type: "string" },
  "targetidentity/id": { column: "target_id", type: "string" },
  "serviceprincipal/id": { column: "sp_id", type: "string" },
  activitydatetime: { column: "activity_at", type: "time" },
};

const FIELD_NAMES = [
  "id", "jobId", "cycleId", "changeId", "provisioningAction", "provisioningStatusInfo/status",
  "sourceIdentity/id", "targetIdentity/id", "servicePrincipal/id", "activityDateTime",
];

const OPERATORS: Record<string, string> = { eq: "=", ne: "<>", ge: ">=", gt: ">", le: "<=", lt: "<" };

type Token =
  | { kind: "word"; text: string; pos: number }
  | { kind: "string"; text: string; pos: number }
  | { kind: "paren"; text: "(" | ")"; pos: number }
  | { kind: "end"; pos: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: "paren", text: c, pos: i });
      i++;
    } else if (c === "'") {
      const start = i;
      let text = "";
      i++;
      for (;;) {
        if (i >= input.length) throw new FilterSyntaxError("unterminated string literal", start);
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += input[i++];
      }
      tokens.push({ kind: "string", text, pos: start });
    } else {
      const start = i;
      while (i < input.length && !/[\s()']/.test(input[i]!)) i++;
      tokens.push({ kind: "word", text: input.slice(start, i), pos: start });
    }
  }
  tokens.push({ kind: "end", pos: input.length });
  return tokens;
}

/** Compiles a provisioning-log `$filter`; throws {@link FilterSyntaxError} naming the column of the problem. */
export function compileLogFilter(input: string): CompiledFilter {
  return compileODataFilter(input, { fields: FIELDS, names: FIELD_NAMES });
}

/** Compiles `$filter` text over the given properties (the same grammar for every Graph log). */
export function compileODataFilter(input: string, { fields, names }: FilterFields): CompiledFilter {
  const tokens = tokenize(input);
  let at = 0;
  const params: Array<string | number> = [];
  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;

  let depth = 0;

  function expression(): string {
    const terms = [conjunction()];
    while (isWord(peek(), "or")) {
      next();
      terms.push(conjunction());
    }
    return balanced("OR", terms);
  }

  function conjunction(): string {
    const terms = [primary()];
    while (isWord(peek(), "and")) {
      next();
      terms.push(primary());
    }
    return balanced("AND", terms);
  }

  function primary(): string {
    const token = next();
    if (token.kind === "paren" && token.text === "(") {
      // The parser recurses once per level: thousands of '(' overflowed the stack (issue 9 fuzz).
      if (++depth > MAX_NESTING) throw new FilterSyntaxError(`parentheses nest deeper than ${MAX_NESTING} levels`, token.pos);
      const inner = expression();
      const close = next();
      if (close.kind !== "paren" || close.text !== ")") throw new FilterSyntaxError("expected ')'", close.pos);
      depth--;
      return inner;
    }
    if (token.kind !== "word") throw new FilterSyntaxError("expected a property name", token.pos);
    // Object.hasOwn: `constructor` is no property (it found Object and put its source into the SQL: 500).
    const key = token.text.toLowerCase();
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!field) {
      throw new FilterSyntaxError(
        `unsupported property '${token.text}'; filter on ${names.join(", ")}`,
        token.pos,
      );
    }
    const opToken = next();
    const opKey = opToken.kind === "word" ? opToken.text.toLowerCase() : "";
    const op = Object.hasOwn(OPERATORS, opKey) ? OPERATORS[opKey] : undefined;
    if (!op) throw new FilterSyntaxError("expected an operator (eq, ne, ge, gt, le, lt)", opToken.pos);
    const valueToken = next();
    if (field.type === "string") {
      if (op !== "=" && op !== "<>") throw new FilterSyntaxError(`operator '${opToken.kind === "word" ? opToken.text : ""}' needs a date; use eq or ne`, opToken.pos);
      if (valueToken.kind !== "string") throw new FilterSyntaxError("expected a quoted string like 'value'", valueToken.pos);
      params.push(valueToken.text);
      return `${field.column} ${op} ?`;
    }
    const text = valueToken.kind === "word" || valueToken.kind === "string" ? valueToken.text : "";
    const time = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? Date.parse(text) : NaN;
    if (!Number.isFinite(time)) {
      throw new FilterSyntaxError("expected a date-time like 2026-01-05T09:00:00Z", valueToken.pos);
    }
    params.push(time);
    return `${field.column} ${op} ?`;
  }

  if (peek().kind === "end") throw new FilterSyntaxError("empty filter", 0);
  const sql = expression();
  const rest = peek();
  if (rest.kind !== "end") throw new FilterSyntaxError("expected 'and', 'or' or the end of the filter", rest.pos);
  return { sql, params };
}

/** Deepest nesting of parentheses in a `$filter`. */
const MAX_NESTING = 50;

/**
 * `a OR b OR c …` grouped as a balanced tree: SQLite refuses expression trees deeper than 1,000
 * (a left-deep chain of 1,100 `or` terms was a 500), and a balanced one is log2(n) deep.
 */
function balanced(op: "AND" | "OR", terms: string[]): string {
  if (terms.length === 1) return terms[0]!;
  const middle = terms.length >> 1;
  return `(${balanced(op, terms.slice(0, middle))} ${op} ${balanced(op, terms.slice(middle))})`;
}

function isWord(token: Token, word: string): boolean {
  return token.kind === "word" && token.text.toLowerCase() === word;
}
