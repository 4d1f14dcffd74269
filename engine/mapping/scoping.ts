import type { AttributeReader } from "./expression/compile-expression";
import { isNullOrEmpty, toBoolean, toText } from "./expression/values";
import type { ScopingClause, ScopingOperator } from "./types";

/**
 * Scoping filters as Entra evaluates them: clauses in a group are AND-ed, groups are OR-ed, no
 * groups means everything is in scope. Following "Scoping users or groups to be provisioned with
 * scoping filters": comparisons are case-sensitive, numeric operators take whole numbers on both
 * sides, and every clause except IS NULL / IS NOT NULL is false when the attribute is null or empty.
 */
export type ClausePredicate = (source: object) => boolean;

export const SCOPING_OPERATORS: readonly ScopingOperator[] = [
  "EQUALS", "NOT EQUALS", "IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL", "REGEX MATCH", "NOT REGEX MATCH",
  "Greater_Than", "Greater_Than_OR_EQUALS", "Less_Than", "Less_Than_OR_EQUALS", "Includes", "STARTS_WITH", "ENDS_WITH",
];

const NO_VALUE: ReadonlySet<ScopingOperator> = new Set(["IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL"]);
const NUMERIC: ReadonlySet<ScopingOperator> = new Set(["Greater_Than", "Greater_Than_OR_EQUALS", "Less_Than", "Less_Than_OR_EQUALS"]);
const WHOLE_NUMBER = /^\s*-?[0-9]+\s*$/;

/** Compiles one clause; throws an Error naming what is wrong with its value. */
export function compileClause(clause: ScopingClause, read: AttributeReader): ClausePredicate {
  const { operator } = clause;
  const expected = clause.value;
  if (!NO_VALUE.has(operator) && (expected === undefined || expected === "")) {
    throw new Error(`${operator} compares with a value; set "value"`);
  }
  const text = (source: object): string | null => {
    const value = read(source);
    return isNullOrEmpty(value) ? null : toText(value);
  };
  const whenPresent = (test: (value: string) => boolean): ClausePredicate => (source) => {
    const value = text(source);
    return value !== null && test(value);
  };
  const wanted = expected ?? "";
  switch (operator) {
    case "IS NULL":
      return (source) => text(source) === null;
    case "IS NOT NULL":
      return (source) => text(source) !== null;
    case "IS TRUE":
      return (source) => toBoolean(read(source)) === true;
    case "IS FALSE":
      return (source) => toBoolean(read(source)) === false;
    case "EQUALS":
      return whenPresent((value) => value === wanted);
    case "NOT EQUALS":
      return whenPresent((value) => value !== wanted);
    case "Includes":
      return whenPresent((value) => value.includes(wanted));
    case "STARTS_WITH":
      return whenPresent((value) => value.startsWith(wanted));
    case "ENDS_WITH":
      return whenPresent((value) => value.endsWith(wanted));
    case "REGEX MATCH":
    case "NOT REGEX MATCH": {
      const regex = compileRegex(wanted);
      const negate = operator === "NOT REGEX MATCH";
      return whenPresent((value) => regex.test(value) !== negate);
    }
    default: {
      if (!NUMERIC.has(operator)) throw new Error(`unknown operator ${String(operator)}`);
      if (!WHOLE_NUMBER.test(wanted)) throw new Error(`${operator} compares whole numbers; "${wanted}" is not one`);
      const limit = Number(wanted);
      const compare = numericComparison(operator, limit);
      return whenPresent((value) => WHOLE_NUMBER.test(value) && compare(Number(value)));
    }
  }
}

/** Compiles a whole filter: OR over groups of AND-ed clauses. */
export function compileScoping(groups: ScopingClause[][], compileOne: (clause: ScopingClause, g: number, c: number) => ClausePredicate): (source: object) => boolean {
  if (groups.length === 0) return () => true;
  const compiled = groups.map((group, g) => group.map((clause, c) => compileOne(clause, g, c)));
  return (source) => compiled.some((group) => group.every((predicate) => predicate(source)));
}

function compileRegex(pattern: string): RegExp {
  try {
    // .NET's Regex.IsMatch finds a match anywhere; no `u` flag, so `\@` (identity escape) is valid.
    return new RegExp(pattern);
  } catch (error) {
    throw new Error(`not a valid regular expression (${(error as Error).message})`);
  }
}

function numericComparison(operator: ScopingOperator, limit: number): (value: number) => boolean {
  switch (operator) {
    case "Greater_Than": return (value) => value > limit;
    case "Greater_Than_OR_EQUALS": return (value) => value >= limit;
    case "Less_Than": return (value) => value < limit;
    default: return (value) => value <= limit;
  }
}
