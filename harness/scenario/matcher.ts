import { z } from "zod";
import { formatDuration } from "../../common/duration";
import { DurationSchema } from "./duration-schema";

/**
 * Expected values in expectations: exact values, partial objects, arrays (same length, element by
 * element) and matcher objects. A matcher is an object whose keys are all matcher keys; every
 * condition it holds must be true.
 */
export interface MatcherSpec {
  /** At least (numbers, or timestamps when both sides are ISO 8601). */
  gte?: number | string;
  lte?: number | string;
  gt?: number | string;
  lt?: number | string;
  /** A regular expression (`"^bad-"`, or `"/quarantine/i"` with flags) the value must match. */
  match?: string;
  /** A timestamp this far after now (ms). */
  in?: number;
  /** A timestamp this far before now (ms). */
  ago?: number;
  /** A timestamp this far after the scenario's start (ms). */
  at?: number;
  /** How far a timestamp may be from `in`/`ago`/`at` (ms). @default 60000 */
  tolerance?: number;
  /** The array's or string's length matches this. */
  length?: Expected;
  /** The array holds an element matching this (or the string contains it). */
  includes?: Expected;
  /** The value matches one of these. */
  oneOf?: Expected[];
}

export const DEFAULT_TIME_TOLERANCE_MS = 60_000;

/** A parsed matcher; prints as the form a scenario author writes. */
export class Matcher {
  constructor(readonly spec: MatcherSpec) {}

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.spec)) {
      out[key] = TIME_KEYS.has(key) && typeof value === "number" ? formatDuration(value) : value;
    }
    return out;
  }
}

export type Expected = string | number | boolean | null | Matcher | Expected[] | { [key: string]: Expected };

const TIME_KEYS = new Set(["in", "ago", "at", "tolerance"]);
export const MATCHER_KEYS = ["gte", "lte", "gt", "lt", "match", "in", "ago", "at", "tolerance", "length", "includes", "oneOf"];

const Comparable = z.union([z.number(), z.string()], { error: "expected a number or an ISO 8601 timestamp" });

const RegexSource = z.string().refine(
  (source) => {
    try {
      toRegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { error: "invalid regular expression" },
);

/** `"/x/i"` is a regular expression with flags; any other string is the pattern itself. */
export function toRegExp(source: string): RegExp {
  const withFlags = /^\/(.*)\/([dgimsuy]*)$/s.exec(source);
  return withFlags ? new RegExp(withFlags[1]!, withFlags[2]) : new RegExp(source);
}

export const MatcherSchema: z.ZodType<Matcher, unknown> = z
  .strictObject({
    gte: Comparable.optional(),
    lte: Comparable.optional(),
    gt: Comparable.optional(),
    lt: Comparable.optional(),
    match: RegexSource.optional(),
    in: DurationSchema.optional(),
    ago: DurationSchema.optional(),
    at: DurationSchema.optional(),
    tolerance: DurationSchema.optional(),
    get length() {
      return ExpectedSchema.optional();
    },
    get includes() {
      return ExpectedSchema.optional();
    },
    get oneOf() {
      return z.array(ExpectedSchema).min(1).optional();
    },
  })
  .refine((spec) => Object.keys(spec).some((key) => key !== "tolerance"), {
    error: `a matcher needs one of ${MATCHER_KEYS.filter((k) => k !== "tolerance").join(", ")}`,
  })
  .transform((spec) => new Matcher(stripUndefined(spec) as MatcherSpec))
  .meta({
    id: "Matcher",
    description:
      "Matches when every condition holds: gte/lte/gt/lt (numbers or timestamps), match (regex), " +
      "in/ago (a timestamp relative to now), at (relative to the scenario's start), tolerance (default 1m), " +
      "length, includes, oneOf.",
  });

/** An object whose keys are all matcher keys is meant as a matcher, even when it fails to parse as one. */
export function looksLikeMatcher(value: unknown): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => MATCHER_KEYS.includes(k));
}

const ExpectedObjectBase = z
  .record(
    z.string(),
    z.lazy(() => ExpectedSchema),
  )
  .superRefine((value, ctx) => {
    // The matcher branch of the union failed first; say why rather than accepting it as an object.
    if (!looksLikeMatcher(value)) return;
    const parsed = MatcherSchema.safeParse(value);
    for (const issue of parsed.error?.issues ?? []) {
      ctx.addIssue({ code: "custom", message: issue.message, path: [...issue.path] });
    }
  });

/** A partial object: each key's value must match; keys not named are not compared. */
export const ExpectedObjectSchema: z.ZodType<{ [key: string]: Expected }, unknown> = ExpectedObjectBase.meta({
  id: "ExpectedObject",
  description: "A partial object: every key named must match; keys not named are ignored.",
});

export const ExpectedSchema: z.ZodType<Expected, unknown> = z
  .union(
    [
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      MatcherSchema,
      z.array(z.lazy(() => ExpectedSchema)),
      ExpectedObjectSchema,
    ],
    { error: "expected a value, a partial object, an array or a matcher ({gte}, {lte}, {match}, {in}, …)" },
  )
  .meta({ id: "Expected", description: "An exact value, a partial object, an array, or a matcher." });

/** A count: an exact number or a matcher (`{gte: 1}`). */
export const CountSchema = z
  .union([z.number().int().min(0), MatcherSchema], { error: "expected a count (a whole number) or a matcher like {gte: 1}" })
  .meta({ id: "Count", description: "An exact count, or a matcher like {gte: 1}." });

/** A field that is one of `values`, or a matcher (offers completion in editors). */
export function oneOfOrMatcher<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), MatcherSchema], {
    error: `expected one of ${values.join(", ")}, or a matcher`,
  });
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
