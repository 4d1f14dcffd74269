import { z } from "zod";
import { SelectorSchema } from "./directory-step-schema";
import { MatcherSchema } from "./matcher";
import { oneOf, strictObject } from "./strict-object";

/**
 * Steps that act on the engine (`api`, `restart`, `cycle`) and on the target (`target`, `fault`).
 * Fault rule and preset bodies are passed through: the simulator validates them and answers with
 * a message of its own; here only the envelope is checked.
 */

export const CycleStepSchema = oneOf(["initial", "incremental", "now"], "cycle: one of").meta({
  description:
    "Run a cycle now and wait for its end. `initial` and `incremental` also check which kind of cycle ran; `now` accepts either.",
});

export const RestartStepSchema = oneOf(["graceful", "crash", "kill"], "restart: one of").meta({
  description:
    "Restart the engine: graceful (stop, then start), crash (the engine object is abandoned without cleanup), " +
    "kill (SIGKILL of the engine process; the scenario then runs the engine as a child process).",
});

export const RESET_SCOPE_FLAGS = [
  "None",
  "ConnectorDataStore",
  "Escrows",
  "Watermark",
  "QuarantineState",
  "Full",
  "ForceDeletes",
] as const;
export type ResetScopeFlag = (typeof RESET_SCOPE_FLAGS)[number];

const ResetScopeSchema = z
  .union([z.string(), z.array(oneOf(RESET_SCOPE_FLAGS, "a resetScope flag:"))], {
    error: `expected resetScope as a list or a comma-separated string of ${RESET_SCOPE_FLAGS.join(", ")}`,
  })
  .transform((value, ctx): ResetScopeFlag[] => {
    const flags = typeof value === "string" ? value.split(",").map((f) => f.trim()).filter(Boolean) : value;
    for (const flag of flags) {
      if (!(RESET_SCOPE_FLAGS as readonly string[]).includes(flag)) {
        ctx.addIssue({ code: "custom", message: `unknown resetScope flag ${JSON.stringify(flag)}; accepted: ${RESET_SCOPE_FLAGS.join(", ")}` });
        return z.NEVER;
      }
    }
    return flags as ResetScopeFlag[];
  });

const SCOPING_OPERATORS = [
  "EQUALS",
  "NOT EQUALS",
  "IS TRUE",
  "IS FALSE",
  "IS NULL",
  "IS NOT NULL",
  "REGEX MATCH",
  "NOT REGEX MATCH",
  "Greater_Than",
  "Greater_Than_OR_EQUALS",
  "Less_Than",
  "Less_Than_OR_EQUALS",
  "Includes",
  "STARTS_WITH",
  "ENDS_WITH",
] as const;

export const ScopingFilterSchema = z
  .array(
    z.array(
      strictObject(
        { attribute: z.string().min(1), operator: oneOf(SCOPING_OPERATORS, "a scoping operator:"), value: z.string().optional() },
        "a scoping clause",
      ),
    ),
  )
  .meta({ description: "Clauses in a group are AND-ed, groups are OR-ed (as in the Entra portal)." });

const AttributeMappingSchema = strictObject(
  {
    target: z.string().min(1),
    source: z.string().optional(),
    constant: z.string().optional(),
    expression: z.string().optional(),
    defaultValue: z.string().optional(),
    flow: oneOf(["Always", "ObjectAddOnly"]).optional(),
    matchingPriority: z.number().int().min(1).optional(),
    reference: z.boolean().optional(),
  },
  "an attribute mapping",
).refine((m) => [m.source, m.constant, m.expression].filter((v) => v !== undefined).length === 1, {
  error: "an attribute mapping needs exactly one of source, constant, expression",
});

export const ObjectMappingSchema = strictObject(
  {
    sourceObject: oneOf(["User", "Group"]),
    targetObject: oneOf(["User", "Group"]),
    enabled: z.boolean().optional(),
    attributes: z.array(AttributeMappingSchema).min(1),
    scoping: ScopingFilterSchema.optional(),
  },
  "an object mapping",
);

const SubjectSchema = z.union(
  [strictObject({ user: SelectorSchema }, "a subject"), strictObject({ group: SelectorSchema }, "a subject")],
  { error: "expected {user: selector} or {group: selector}" },
);

/**
 * `validateCredentials`: the connection test (`POST …/jobs/{id}/validateCredentials`). Without
 * `token` or `credentials` it tests the saved credentials (`useSavedCredentials`); with them, those
 * values over the saved ones, which the engine does not keep. `expect` is the answer wanted: `ok`
 * (the default), or `{error: code}` with the Graph error code (a string or a matcher).
 */
const ValidateCredentialsSchema = strictObject(
  {
    token: z.string().min(1).optional().meta({ description: "A bearer token to test instead of the saved one (the SecretToken credential)." }),
    credentials: z
      .record(z.string().min(1), z.string())
      .optional()
      .meta({ description: "Credentials to test, as synchronization secrets (e.g. Oauth2ClientSecret), over the saved ones." }),
    expect: z
      .union([z.literal("ok"), strictObject({ error: z.union([z.string().min(1), MatcherSchema]) }, "the answer expected")], {
        error: "expected ok, or {error: code} with the error code the engine answers (a string or a matcher like {match: Credential})",
      })
      .default("ok")
      .meta({ description: "ok (the target accepts them), or {error: code}. @default ok" }),
  },
  "validateCredentials",
);

export type ValidateCredentials = z.output<typeof ValidateCredentialsSchema>;

export const ApiStepSchema = z
  .union(
    [
      oneOf(["start", "pause", "restart", "quarantine"], "api:"),
      strictObject(
        { restart: strictObject({ resetScope: ResetScopeSchema.optional() }, "restart criteria").nullable() },
        "an api call",
      ),
      strictObject({ provisionOnDemand: SubjectSchema }, "an api call"),
      strictObject({ validateCredentials: ValidateCredentialsSchema }, "an api call"),
      strictObject({ mapping: ObjectMappingSchema }, "an api call"),
      strictObject(
        { scoping: strictObject({ object: oneOf(["User", "Group"]), filter: ScopingFilterSchema }, "scoping") },
        "an api call",
      ),
    ],
    {
      error:
        "expected an api call: start, pause, restart, quarantine, {restart: {resetScope}}, {provisionOnDemand: {user}}, " +
        "{validateCredentials: {token?, credentials?, expect?}}, {mapping: …} or {scoping: {object, filter}}",
    },
  )
  .transform((value): ApiStep => {
    if (typeof value === "string") {
      return value === "restart" ? { call: "restart", resetScope: [] } : { call: value };
    }
    if ("restart" in value) return { call: "restart", resetScope: value.restart?.resetScope ?? [] };
    if ("provisionOnDemand" in value) return { call: "provisionOnDemand", subject: value.provisionOnDemand };
    if ("validateCredentials" in value) return { call: "validateCredentials", ...value.validateCredentials };
    if ("mapping" in value) return { call: "mapping", mapping: value.mapping };
    return { call: "scoping", object: value.scoping.object, filter: value.scoping.filter };
  })
  .meta({
    description:
      "Call the engine's API: start, pause, restart (resetScope), provisionOnDemand, validateCredentials, quarantine on demand, " +
      "change a mapping or scoping. Mail a call causes at once is delivered before the step ends.",
  });

export type ApiStep =
  | { call: "start" | "pause" | "quarantine" }
  | { call: "restart"; resetScope: ResetScopeFlag[] }
  | { call: "provisionOnDemand"; subject: { user: z.output<typeof SelectorSchema> } | { group: z.output<typeof SelectorSchema> } }
  | ({ call: "validateCredentials" } & ValidateCredentials)
  | { call: "mapping"; mapping: z.output<typeof ObjectMappingSchema> }
  | { call: "scoping"; object: "User" | "Group"; filter: z.output<typeof ScopingFilterSchema> };

export const TARGET_PROFILES = ["rfc", "entra", "microsoft-reference", "okta"] as const;
export type TargetProfile = (typeof TARGET_PROFILES)[number];

export const TargetStepSchema = z
  .union(
    [
      oneOf(["down", "up"], "target:"),
      strictObject({ state: oneOf(["down", "up"]), keepData: z.boolean().default(true) }, "a target change"),
      strictObject(
        {
          seed: strictObject(
            {
              users: z.number().int().min(0).default(0),
              groups: z.number().int().min(0).default(0),
              seed: z.union([z.number().int(), z.string()], { error: "expected a seed: a whole number or a string" }).optional(),
            },
            "seed",
          ),
        },
        "a target change",
      ),
      strictObject({ profile: oneOf(TARGET_PROFILES, "a profile:") }, "a target change"),
    ],
    { error: "expected a target change: down, up, {state: down|up, keepData}, {seed: {users, groups}} or {profile}" },
  )
  .transform((value): TargetStep => {
    if (typeof value === "string") return { change: "state", state: value, keepData: true };
    if ("state" in value) return { change: "state", state: value.state, keepData: value.keepData };
    if ("seed" in value) return { change: "seed", users: value.seed.users, groups: value.seed.groups, seed: value.seed.seed };
    return { change: "profile", profile: value.profile };
  })
  .meta({ description: "Change the target: stop or start it (keeping or wiping data), seed it, switch its profile." });

export type TargetStep =
  | { change: "state"; state: "down" | "up"; keepData: boolean }
  | { change: "seed"; users: number; groups: number; seed: number | string | undefined }
  | { change: "profile"; profile: TargetProfile };

const Passthrough = z.record(z.string(), z.unknown());
const FAULT_PRESETS = ["invalid-credentials", "expire-token-after", "flaky-5xx", "throttled", "object-errors", "outage"];

export const FaultStepSchema = z
  .union(
    [
      strictObject(
        {
          remove: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
            error: "expected the id of a fault rule, or a list of ids",
          }),
        },
        "a fault removal",
      ),
      z.literal("reset"),
      strictObject({ reset: z.literal(true) }, "a fault reset"),
      z
        .object({
          preset: z.string().min(1).meta({ examples: FAULT_PRESETS }),
          id: z.string().min(1).optional(),
        })
        .catchall(z.unknown()),
      strictObject(
        {
          id: z.string().min(1).optional(),
          match: Passthrough.optional(),
          action: Passthrough,
          times: z.number().int().min(1).optional(),
          after: z.number().int().min(0).optional(),
          probability: z.number().min(0).max(1).optional(),
          window: strictObject(
            {
              from: z.union([z.string(), z.number()], { error: "expected a time (passed to the simulator)" }).optional(),
              to: z.union([z.string(), z.number()], { error: "expected a time (passed to the simulator)" }).optional(),
            },
            "a fault window",
          ).optional(),
          once: z.boolean().optional(),
        },
        "a fault rule",
      ),
    ],
    {
      error:
        "expected a fault: a rule {id?, match, action, times?, after?, probability?, window?, once?}, a preset {preset, id?, …options}, {remove: id} or reset",
    },
  )
  .transform((value): FaultStep => {
    if (value === "reset" || "reset" in value) return { change: "reset" };
    if ("remove" in value) return { change: "remove", ids: Array.isArray(value.remove) ? value.remove : [value.remove] };
    if ("preset" in value) {
      const { preset, id, ...options } = value as { preset: string; id?: string } & Record<string, unknown>;
      return { change: "add", fault: { preset, id, options } };
    }
    const { id, ...rule } = value;
    return { change: "add", fault: { rule: rule as Record<string, unknown>, id } };
  })
  .meta({ description: "Add a fault rule or preset to the target (bodies are checked by the simulator), remove one by id, or reset all." });

export type FaultInput =
  | { preset: string; id: string | undefined; options: Record<string, unknown> }
  | { rule: Record<string, unknown>; id: string | undefined };

export type FaultStep = { change: "add"; fault: FaultInput } | { change: "remove"; ids: string[] } | { change: "reset" };
