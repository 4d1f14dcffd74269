/**
 * Fault rules are data: `{id?, match, action, times?, after?, probability?, window?, once?}`.
 * The shapes are zod schemas, so a bad rule is refused with the field and what it accepts, and
 * the admin API's OpenAPI document is generated from the same source.
 */
import { z } from "zod";
import { DurationError, parseDuration } from "../../common/duration";

/** A duration in prose or ISO 8601 ("250ms", "30s", "PT5M") or milliseconds. */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof DurationError ? error.message : String(error) });
    return z.NEVER;
  }
});

export const OPERATIONS = ["create", "read", "query", "replace", "update", "delete", "bulk", "token", "discovery"] as const;
export type Operation = (typeof OPERATIONS)[number];
export const RESOURCES = ["Users", "Groups", "Bulk", "Search", "ServiceProviderConfig", "ResourceTypes", "Schemas", "Token", "Me"] as const;
export type ResourceName = (typeof RESOURCES)[number];

/** A misspelt method would match nothing and the rule would silently never fire. */
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const httpMethod = z.string().refine((m) => HTTP_METHODS.includes(m.toUpperCase()), { error: `is not an HTTP method: use one of ${HTTP_METHODS.join(", ")}` });

export const matchSchema = z
  .object({
    method: z.union([httpMethod, z.array(httpMethod)]).optional().describe("HTTP method(s), any case"),
    resource: z.union([z.enum(RESOURCES), z.array(z.enum(RESOURCES))]).optional(),
    operation: z.union([z.enum(OPERATIONS), z.array(z.enum(OPERATIONS))]).optional(),
    id: z.string().optional().describe("resource id in the path"),
    path: z.string().optional().describe("glob on the path below the base path: * within a segment, ** across"),
    filter: z.string().optional().describe('SCIM filter on the request body (create, replace) or the stored resource (read, update, delete), e.g. userName sw "bad-"'),
    header: z.record(z.string(), z.string()).optional().describe("header name -> exact value, or /regex/"),
    nth: z.number().int().positive().optional().describe("fire only on the n-th matching request"),
  })
  .strict();


export const windowSchema = z
  .object({
    from: z.union([z.string(), z.number()]).optional().describe("ISO date-time, or a duration from now (\"5m\")"),
    to: z.union([z.string(), z.number()]).optional().describe("ISO date-time, or a duration from now"),
  })
  .strict();

export type Match = z.infer<typeof matchSchema>;
export type WindowInput = z.infer<typeof windowSchema>;

/** A rule as written; the action is checked against the action registry. */
export const ruleInputSchema = z
  .object({
    id: z.string().min(1).max(100).optional(),
    match: matchSchema.default({}),
    action: z
      .object({ type: z.string({ error: "is required: the kind of fault, e.g. error, auth, throttle, latency, hang, reset, malformed (docs/simulator.md lists them all)" }) })
      .passthrough(),
    times: z.number().int().positive().optional().describe("fire N times, then retire"),
    after: z.number().int().nonnegative().optional().describe("let the first N matching requests through"),
    probability: z.number().min(0).max(1).optional().describe("0..1, drawn from the target's seeded generator"),
    window: windowSchema.optional(),
    once: z.boolean().optional().describe("same as times: 1"),
  })
  .strict();

export type RuleInput = z.input<typeof ruleInputSchema>;
