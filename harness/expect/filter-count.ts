import { Matcher, type Expected } from "../scenario/matcher";
import type { MatchTimes } from "./match";
import { matches, matchValue, show, toPlain, type Mismatch } from "./match";

/** `{gte: 1}`: what a filter's count defaults to ("at least one"). */
export const AT_LEAST_ONE = new Matcher({ gte: 1 });

/** Field extractors of a record kind, by the name the scenario uses. */
export type Fields<T> = Record<string, (item: T) => unknown>;

/** Whether `item` matches every field the filter names (fields other than count and since). */
export function matchesFilter<T>(filter: Record<string, unknown>, item: T, fields: Fields<T>, times: MatchTimes): boolean {
  for (const [name, expected] of Object.entries(filter)) {
    if (name === "count" || name === "since" || expected === undefined) continue;
    const read = fields[name];
    if (!read) continue;
    if (!fieldMatches(expected as Expected, read(item), times)) return false;
  }
  return true;
}

/**
 * A plain string matches a list when any element equals it (mail `to`), and matches text
 * case-insensitively for HTTP methods; anything else uses the general matching rules.
 */
function fieldMatches(expected: Expected, actual: unknown, times: MatchTimes): boolean {
  if (Array.isArray(actual) && !Array.isArray(expected)) return actual.some((a) => fieldMatches(expected, a, times));
  if (typeof expected === "string" && typeof actual === "string") return expected.toLowerCase() === actual.toLowerCase();
  return matches(expected, actual, times);
}

/** Counts the items matching `filter` and compares the count; describes the filter in the message. */
export function checkCount<T>(
  filter: Record<string, unknown>,
  items: readonly T[],
  fields: Fields<T>,
  path: string,
  noun: string,
  times: MatchTimes,
  out: Mismatch[],
): void {
  const n = items.filter((item) => matchesFilter(filter, item, fields, times)).length;
  const expected = (filter.count as Expected | undefined) ?? AT_LEAST_ONE;
  if (matchValue(expected, n, `${path}.count`, times, [])) return;
  out.push({
    path: `${path}.count`,
    expected: toPlain(expected),
    actual: n,
    problem: `expected ${describeCount(expected)} ${noun} ${describeFilter(filter)}, got ${n} (of ${items.length} in the window)`,
  });
}

/** `3`, `≥ 1`, `≥ 2 and ≤ 5`: a count expectation in words. */
export function describeCount(expected: Expected): string {
  if (!(expected instanceof Matcher)) return show(toPlain(expected));
  const words: string[] = [];
  const symbols = { gte: "≥", lte: "≤", gt: ">", lt: "<" } as const;
  for (const [op, symbol] of Object.entries(symbols)) {
    const bound = expected.spec[op as keyof typeof symbols];
    if (bound !== undefined) words.push(`${symbol} ${bound}`);
  }
  return words.length > 0 ? words.join(" and ") : show(toPlain(expected));
}

export function describeFilter(filter: Record<string, unknown>): string {
  const parts = Object.entries(filter)
    .filter(([k, v]) => k !== "count" && k !== "since" && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" || typeof v === "number" ? v : show(toPlain(v as Expected))}`);
  return parts.length > 0 ? `with ${parts.join(", ")}` : "in all";
}
