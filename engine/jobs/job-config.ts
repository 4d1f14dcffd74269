/**
 * Job options as callers write them (durations as prose or ISO 8601, everything optional) become
 * a validated JobConfig in one function, with errors that name the field.
 */
import { z } from "zod";
import { ConfigError } from "../../common/config-error";
import { DurationError, MINUTE, parseDuration } from "../../common/duration";
import { ENTRA_DIALECTS } from "../../scim/dialect";
import type { CompiledMapping, ObjectMapping } from "../mapping/types";
import { DEFAULT_ESCROW_POLICY } from "../escrow/escrow-schedule";
import type { ClientSettings, JobConfig } from "./job-types";
import { validateQuarantineOptions } from "./job-policy";

/** Where mappings come from: the defaults and the compiler (engine/mapping). */
export interface MappingCatalog {
  defaults(): { user: ObjectMapping; group: ObjectMapping };
  /** Validates and compiles; throws ConfigError naming `field` (and the column of a bad expression). */
  compile(mapping: ObjectMapping, field: string): CompiledMapping;
}

export const DEFAULT_INTERVAL_MS = 40 * MINUTE;

export const DEFAULT_CLIENT: ClientSettings = {
  concurrency: 16,
  requestTimeoutMs: 30_000,
  retryAfterCapMs: 60_000,
  maxRetriesOn429: 3,
  maxMembersPerRequest: 100,
};

const duration = z.union([z.string(), z.number()]);

const jobOptionsSchema = z
  .object({
    templateId: z.string().regex(/^[A-Za-z][\w-]{0,39}$/, "use letters, digits, - or _ (up to 40)").optional(),
    interval: duration.optional(),
    dialect: z.enum(ENTRA_DIALECTS as [string, ...string[]]).optional(),
    mappings: z.object({ user: z.unknown().optional(), group: z.unknown().optional() }).strict().optional(),
    client: z
      .object({
        concurrency: z.number().int().min(1).max(512).optional(),
        requestTimeout: duration.optional(),
        retryAfterCap: duration.optional(),
        maxRetriesOn429: z.number().int().min(0).max(20).optional(),
        maxMembersPerRequest: z.number().int().min(1).max(10_000).optional(),
      })
      .strict()
      .optional(),
    escrow: z
      .object({
        retryOffsets: z.array(duration).min(1).optional(),
        repeatEvery: duration.optional(),
        dropAfter: duration.optional(),
      })
      .strict()
      .optional(),
    abortAfterConsecutiveFailures: z.number().int().min(1).optional(),
    settings: z.array(z.object({ name: z.string(), value: z.string() }).strict()).optional(),
    /** Quarantine rules of this job over the engine's (docs/quarantine.md); null removes them. */
    quarantine: z.unknown().optional(),
  })
  .passthrough();

export type JobOptions = z.input<typeof jobOptionsSchema>;

/** Turns job options into a JobConfig and interval; throws ConfigError naming each bad field. */
export function resolveJobConfig(
  input: unknown,
  catalog: MappingCatalog,
  base?: { config: JobConfig; intervalMs: number },
  prefix = "",
): { config: JobConfig; intervalMs: number } {
  const parsed = jobOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, undefined, prefix);
  const o = parsed.data;
  const field = (name: string): string => (prefix ? `${prefix}.${name}` : name);
  const ms = (value: string | number | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    try {
      return parseDuration(value);
    } catch (error) {
      if (error instanceof DurationError) throw ConfigError.single(field(name), error.message);
      throw error;
    }
  };
  const defaults: JobConfig = base?.config ?? {
    templateId: "scim",
    dialect: "entra-2017",
    mappings: catalog.defaults(),
    client: DEFAULT_CLIENT,
    escrow: DEFAULT_ESCROW_POLICY,
    abortAfterConsecutiveFailures: 10,
    settings: [],
  };
  const mappings = {
    user: (o.mappings?.user as ObjectMapping | undefined) ?? defaults.mappings.user,
    group: (o.mappings?.group as ObjectMapping | undefined) ?? defaults.mappings.group,
  };
  catalog.compile(mappings.user, field("mappings.user"));
  catalog.compile(mappings.group, field("mappings.group"));
  const intervalMs = ms(o.interval, "interval", base?.intervalMs ?? DEFAULT_INTERVAL_MS);
  if (intervalMs < 1000) throw ConfigError.single(field("interval"), "must be at least 1 second", 'write it like "40m" or "PT40M"');
  const config: JobConfig = {
    templateId: o.templateId ?? defaults.templateId,
    dialect: (o.dialect as JobConfig["dialect"] | undefined) ?? defaults.dialect,
    mappings,
    client: {
      concurrency: o.client?.concurrency ?? defaults.client.concurrency,
      requestTimeoutMs: ms(o.client?.requestTimeout, "client.requestTimeout", defaults.client.requestTimeoutMs),
      retryAfterCapMs: ms(o.client?.retryAfterCap, "client.retryAfterCap", defaults.client.retryAfterCapMs),
      maxRetriesOn429: o.client?.maxRetriesOn429 ?? defaults.client.maxRetriesOn429,
      maxMembersPerRequest: o.client?.maxMembersPerRequest ?? defaults.client.maxMembersPerRequest,
    },
    escrow: {
      retryOffsetsMs: o.escrow?.retryOffsets
        ? o.escrow.retryOffsets.map((v, i) => ms(v, `escrow.retryOffsets[${i}]`, 0))
        : defaults.escrow.retryOffsetsMs,
      repeatEveryMs: ms(o.escrow?.repeatEvery, "escrow.repeatEvery", defaults.escrow.repeatEveryMs),
      dropAfterMs: ms(o.escrow?.dropAfter, "escrow.dropAfter", defaults.escrow.dropAfterMs),
    },
    abortAfterConsecutiveFailures: o.abortAfterConsecutiveFailures ?? defaults.abortAfterConsecutiveFailures,
    settings: o.settings ?? defaults.settings,
  };
  const quarantine = o.quarantine === undefined ? defaults.quarantine : validateQuarantineOptions(o.quarantine, field("quarantine"));
  if (quarantine !== undefined) config.quarantine = quarantine;
  if (config.escrow.repeatEveryMs <= 0) throw ConfigError.single(field("escrow.repeatEvery"), "must be longer than 0");
  return { config, intervalMs };
}
