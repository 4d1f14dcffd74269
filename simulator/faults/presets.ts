/** Named presets that expand to rules. */
import { z } from "zod";
import { ConfigError } from "../../common/config-error";
import type { RuleInput } from "./types";

type Options = Record<string, unknown>;

interface Preset {
  summary: string;
  schema: z.ZodType<Options>;
  expand(options: Options): RuleInput[];
}

const duration = z.union([z.string(), z.number()]);

export const PRESETS: Record<string, Preset> = {
  "invalid-credentials": {
    summary: "every request is refused with 401 (or 403): the credentials stopped working",
    schema: z.object({ status: z.union([z.literal(401), z.literal(403)]).default(401), id: z.string().optional() }).strict(),
    expand: (o) => [{ ...(o.id ? { id: o.id as string } : {}), match: {}, action: { type: "auth", status: o.status } }],
  },
  "expire-token-after": {
    summary: "tokens stop working at a given time (`at`: ISO date-time or a duration from now)",
    schema: z.object({ at: duration, tokens: z.array(z.string()).optional(), id: z.string().optional() }).strict(),
    expand: (o) => [
      {
        ...(o.id ? { id: o.id as string } : {}),
        match: {},
        window: { from: o.at as string },
        action: { type: "auth", status: 401, detail: "the access token expired", ...(o.tokens ? { tokens: o.tokens } : {}) },
      },
    ],
  },
  "flaky-5xx": {
    summary: "a share of requests fails with 500 or 503",
    schema: z.object({ probability: z.number().min(0).max(1).default(0.2), status: z.number().int().min(500).max(599).default(503), id: z.string().optional() }).strict(),
    expand: (o) => [{ ...(o.id ? { id: o.id as string } : {}), match: {}, probability: o.probability as number, action: { type: "error", status: o.status } }],
  },
  throttled: {
    summary: "requests get 429 with Retry-After (all, or a share with `probability`)",
    schema: z.object({ retryAfter: duration.default("30s"), probability: z.number().min(0).max(1).optional(), format: z.enum(["seconds", "date"]).default("seconds"), id: z.string().optional() }).strict(),
    expand: (o) => [
      {
        ...(o.id ? { id: o.id as string } : {}),
        match: {},
        ...(o.probability !== undefined ? { probability: o.probability as number } : {}),
        action: { type: "throttle", retryAfter: o.retryAfter, format: o.format },
      },
    ],
  },
  "object-errors": {
    summary: "a share of creates is rejected with 400 (invalidValue) or 409 (uniqueness)",
    schema: z.object({ share: z.number().min(0).max(1).default(0.1), status: z.union([z.literal(400), z.literal(409)]).default(400), resource: z.enum(["Users", "Groups"]).optional(), id: z.string().optional() }).strict(),
    expand: (o) => [
      {
        ...(o.id ? { id: o.id as string } : {}),
        match: { operation: "create", ...(o.resource ? { resource: o.resource as "Users" } : {}) },
        probability: o.share as number,
        action: o.status === 409 ? { type: "error", status: 409, scimType: "uniqueness", detail: "the object already exists (injected fault)" } : { type: "error", status: 400, scimType: "invalidValue", detail: "the object was rejected (injected fault)" },
      },
    ],
  },
  outage: {
    summary: "every request fails with 503 (or a dropped connection), optionally within a window",
    schema: z.object({ mode: z.enum(["503", "drop"]).default("503"), from: duration.optional(), to: duration.optional(), retryAfter: duration.optional(), id: z.string().optional() }).strict(),
    expand: (o) => [
      {
        ...(o.id ? { id: o.id as string } : {}),
        match: {},
        ...(o.from !== undefined || o.to !== undefined ? { window: { ...(o.from !== undefined ? { from: o.from as string } : {}), ...(o.to !== undefined ? { to: o.to as string } : {}) } } : {}),
        action: { type: "outage", mode: o.mode, ...(o.retryAfter !== undefined ? { retryAfter: o.retryAfter } : {}) },
      },
    ],
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** Expands `{preset, ...options}`; an unknown preset lists the valid ones. */
export function expandPreset(input: Record<string, unknown>, field = "preset"): RuleInput[] {
  const { preset, ...options } = input;
  const definition = typeof preset === "string" && Object.hasOwn(PRESETS, preset) ? PRESETS[preset] : undefined;
  if (!definition) {
    throw ConfigError.single(field, `unknown preset ${JSON.stringify(preset)}`, `use one of ${PRESET_NAMES.join(", ")}`);
  }
  const parsed = definition.schema.safeParse(options);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, undefined, field.replace(/\.?preset$/, ""));
  return definition.expand(parsed.data);
}
