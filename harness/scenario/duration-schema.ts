import { z } from "zod";
import { parseDuration } from "../../common/duration";

const DURATION_FORMS = 'a duration like "40m", "1h30m", "4w", "2 days", ISO 8601 "PT40M", or a number of milliseconds';

/** A duration written like prose or ISO 8601, parsed once here into milliseconds. */
export const DurationSchema = z
  .union([z.string(), z.number()], { error: `expected ${DURATION_FORMS}` })
  .transform((value, ctx) => {
    try {
      return parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  })
  .meta({ description: `${DURATION_FORMS[0]!.toUpperCase()}${DURATION_FORMS.slice(1)}.`, examples: ["40m", "1d", "PT40M"] });

/**
 * A point in virtual time: an ISO 8601 timestamp (`2026-01-06T09:00:00Z`) or a duration counted
 * from the scenario's start (`1d`, `28 days`).
 */
export const TimeRefSchema = z
  .union([z.string(), z.number()], { error: "expected an ISO 8601 timestamp or a duration from the scenario's start" })
  .transform((value, ctx): TimeRef => {
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
      const at = Date.parse(value);
      if (Number.isFinite(at)) return { absolute: at };
      ctx.addIssue({ code: "custom", message: `invalid timestamp ${JSON.stringify(value)}: use ISO 8601 like 2026-01-06T09:00:00Z` });
      return z.NEVER;
    }
    try {
      return { fromStart: parseDuration(value) };
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `${(error as Error).message}, or an ISO 8601 timestamp` });
      return z.NEVER;
    }
  })
  .meta({
    description: "An ISO 8601 timestamp, or a duration counted from the scenario's start.",
    examples: ["2026-01-06T09:00:00Z", "1d", "28 days"],
  });

export type TimeRef = { absolute: number } | { fromStart: number };

/** Resolves a time reference against the scenario's virtual start. */
export function resolveTimeRef(ref: TimeRef, start: number): number {
  return "absolute" in ref ? ref.absolute : start + ref.fromStart;
}
