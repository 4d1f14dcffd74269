import { formatDuration } from "../../common/duration";
import { DEFAULT_TIME_TOLERANCE_MS, Matcher, toRegExp, type Expected, type MatcherSpec } from "../scenario/matcher";

/** One way the world differs from an expectation. */
export interface Mismatch {
  /** Where: `job.quarantine.reason`, `mail[0].count`, … */
  path: string;
  /** What the scenario expected, as written (matchers print in their file form). */
  expected: unknown;
  /** What the world holds. */
  actual: unknown;
  /** The difference in words. */
  problem: string;
}

/** The times matchers are relative to. */
export interface MatchTimes {
  now: number;
  start: number;
}

/**
 * Compares an actual value with an expected one: exact values, `null` (also matches a missing
 * field), partial objects (only the keys named), arrays (same length, element by element) and
 * matchers. Appends every difference to `out`; returns whether there was none.
 */
export function matchValue(expected: Expected, actual: unknown, path: string, times: MatchTimes, out: Mismatch[]): boolean {
  const before = out.length;
  if (expected instanceof Matcher) {
    const problem = checkMatcher(expected.spec, actual, times);
    if (problem) out.push({ path, expected: expected.toJSON(), actual, problem });
  } else if (expected === null) {
    if (actual !== null && actual !== undefined) out.push({ path, expected: null, actual, problem: "expected null" });
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push({ path, expected: toPlain(expected), actual, problem: `expected a list, got ${typeOf(actual)}` });
    } else if (actual.length !== expected.length) {
      out.push({ path, expected: toPlain(expected), actual, problem: `expected ${expected.length} items, got ${actual.length}` });
    } else {
      expected.forEach((item, i) => matchValue(item, actual[i], `${path}[${i}]`, times, out));
    }
  } else if (typeof expected === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) {
      out.push({ path, expected: toPlain(expected), actual, problem: `expected an object, got ${typeOf(actual)}` });
    } else {
      for (const [key, value] of Object.entries(expected)) {
        if (value === undefined) continue;
        matchValue(value, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key, times, out);
      }
    }
  } else if (!Object.is(expected, actual)) {
    const hint = actual === undefined ? " (absent)" : typeof actual !== typeof expected ? ` (a ${typeOf(actual)})` : "";
    out.push({ path, expected, actual, problem: `expected ${show(expected)}, got ${show(actual)}${hint}` });
  }
  return out.length === before;
}

/** Whether `actual` matches, without collecting the differences. */
export function matches(expected: Expected, actual: unknown, times: MatchTimes): boolean {
  return matchValue(expected, actual, "", times, []);
}

/** Returns a description of the first failed condition, or undefined when every one holds. */
function checkMatcher(spec: MatcherSpec, actual: unknown, times: MatchTimes): string | undefined {
  for (const op of ["gte", "lte", "gt", "lt"] as const) {
    const bound = spec[op];
    if (bound === undefined) continue;
    const problem = compare(op, bound, actual);
    if (problem) return problem;
  }
  if (spec.match !== undefined) {
    if (typeof actual !== "string" && typeof actual !== "number") return `expected text matching ${spec.match}, got ${show(actual)}`;
    if (!toRegExp(spec.match).test(String(actual))) return `expected text matching ${spec.match}, got ${show(actual)}`;
  }
  const tolerance = spec.tolerance ?? DEFAULT_TIME_TOLERANCE_MS;
  const relative: Array<[string, number | undefined, () => number]> = [
    ["in", spec.in, () => times.now + spec.in!],
    ["ago", spec.ago, () => times.now - spec.ago!],
    ["at", spec.at, () => times.start + spec.at!],
  ];
  for (const [name, offset, target] of relative) {
    if (offset === undefined) continue;
    const want = target();
    const got = toTime(actual);
    const label = `${name} ${formatDuration(offset)}`;
    if (got === undefined) return `expected a timestamp (${label} = ${iso(want)}), got ${show(actual)}`;
    if (Math.abs(got - want) > tolerance) {
      const off = got - want;
      return `expected ${iso(want)} (${label}, ±${formatDuration(tolerance)}), got ${iso(got)} (${formatDuration(Math.abs(off))} ${off > 0 ? "later" : "earlier"})`;
    }
  }
  if (spec.length !== undefined) {
    if (!Array.isArray(actual) && typeof actual !== "string") return `expected something with a length, got ${show(actual)}`;
    const inner: Mismatch[] = [];
    if (!matchValue(spec.length, actual.length, "length", times, inner)) return `length: ${inner[0]!.problem}`;
  }
  if (spec.includes !== undefined) {
    if (typeof actual === "string" && typeof spec.includes === "string") {
      if (!actual.includes(spec.includes)) return `expected text containing ${show(spec.includes)}, got ${show(actual)}`;
    } else if (!Array.isArray(actual)) {
      return `expected a list including ${show(toPlain(spec.includes))}, got ${show(actual)}`;
    } else if (!actual.some((item) => matches(spec.includes!, item, times))) {
      return `expected a list including ${show(toPlain(spec.includes))}; none of its ${actual.length} items matches`;
    }
  }
  if (spec.oneOf !== undefined && !spec.oneOf.some((option) => matches(option, actual, times))) {
    return `expected one of ${spec.oneOf.map((o) => show(toPlain(o))).join(", ")}, got ${show(actual)}`;
  }
  return undefined;
}

const SYMBOL = { gte: "≥", lte: "≤", gt: ">", lt: "<" } as const;

function compare(op: keyof typeof SYMBOL, bound: number | string, actual: unknown): string | undefined {
  let a: number | undefined;
  let b: number | undefined;
  if (typeof bound === "number" && typeof actual === "number") {
    a = actual;
    b = bound;
  } else {
    a = toTime(actual);
    b = toTime(bound);
  }
  if (a === undefined || b === undefined) return `expected ${SYMBOL[op]} ${show(bound)}, got ${show(actual)} (not comparable)`;
  const ok = op === "gte" ? a >= b : op === "lte" ? a <= b : op === "gt" ? a > b : a < b;
  return ok ? undefined : `expected ${SYMBOL[op]} ${show(bound)}, got ${show(actual)}`;
}

/** ISO 8601 strings and epoch numbers are times. */
function toTime(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

/** Expected values with matchers in their file form (for messages and reports). */
export function toPlain(expected: Expected): unknown {
  return JSON.parse(JSON.stringify(expected)) as unknown;
}

export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "list";
  return typeof value;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
