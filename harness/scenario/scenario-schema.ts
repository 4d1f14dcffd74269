import { z } from "zod";
import { DurationSchema } from "./duration-schema";
import { TARGET_PROFILES } from "./engine-step-schemas";
import { JobNotificationsSchema } from "./notification-schema";
import { StepSchema, type Step, type StepInput } from "./step-schema";
import { oneOf, strictObject } from "./strict-object";

/** The scenario file's header: everything but the steps, which are validated one by one. */
export const ScenarioHeaderSchema = strictObject(
  {
    $schema: z.string().optional(),
    name: z.string({ error: "expected a name: a sentence saying what the scenario proves" }).min(1),
    description: z.string().optional(),
    proves: z.array(z.string().min(1)).default([]).meta({ description: "The rules of the provisioning model this scenario proves." }),
    tags: z.array(z.string().min(1)).default([]).meta({ description: "Tags to select scenarios with `scimlab run --tag`." }),
    seed: z
      .union([z.number().int(), z.string().min(1)], { error: "expected a seed: a whole number or a string" })
      .optional()
      .meta({ description: "Seed of every random choice in the world (directory, faults). Same seed, same run. @default 1" }),
    start: z
      .string()
      .refine((s) => Number.isFinite(Date.parse(s)), { error: "expected an ISO 8601 timestamp like 2026-01-05T09:00:00Z" })
      .optional()
      .meta({ description: "Virtual time at the start. @default 2026-01-05T09:00:00Z (a Monday morning)" }),
    engine: oneOf(["inprocess", "process"], "engine: one of")
      .optional()
      .meta({ description: "Run the engine in this process or as a child process. @default inprocess, or process when a step restarts with kill" }),
    portable: z
      .boolean()
      .default(false)
      .meta({
        description:
          "The scenario can run against a real endpoint through the proxy (scimlab run --target): no target steps, no users or groups on the target before the start, fault filters on create or replace only.",
      }),
    directory: strictObject(
      {
        users: z.number().int().min(0).default(0),
        groups: z.number().int().min(0).default(0),
        assigned: z.boolean().default(true).meta({ description: "Generated users and groups are assigned to the app (in scope)." }),
        file: z.string().optional().meta({ description: "A directory export (JSON) to load, relative to the scenario file." }),
      },
      "directory",
    )
      .prefault({})
      .meta({ description: "The seeded source directory." }),
    target: strictObject(
      {
        profile: oneOf(TARGET_PROFILES, "profile: one of").default("entra"),
        users: z.number().int().min(0).default(0).meta({ description: "Users already on the target before the first cycle." }),
        groups: z.number().int().min(0).default(0),
        auth: oneOf(["bearer", "oauth"], "auth: one of")
          .default("bearer")
          .meta({ description: "How the engine authenticates: a bearer token, or OAuth client credentials (the target issues expiring tokens)." }),
        tokenTtl: DurationSchema.optional().meta({ description: "With auth: oauth, how long an issued token is valid. @default 1h" }),
      },
      "target",
    )
      .prefault({})
      .meta({ description: "The simulated SCIM target." }),
    job: strictObject(
      {
        interval: DurationSchema.default(40 * 60_000),
        policy: z
          .union(
            [
              oneOf(["entra-2019", "entra-current"], "policy: one of"),
              strictObject(
                {
                  minFailures: z.number().int().min(0).optional(),
                  proportion: z.number().min(0).max(1).optional(),
                  combinator: oneOf(["and", "or"]).optional(),
                  totalCap: z.number().int().min(0).nullable().optional(),
                  excludeReferenceFailures: z.boolean().optional(),
                },
                "a threshold policy",
              ),
            ],
            { error: "expected a policy preset (entra-2019, entra-current) or {minFailures, proportion, combinator, totalCap, excludeReferenceFailures}" },
          )
          .default("entra-2019"),
        dialect: oneOf(["entra-2017", "entra-2020"], "dialect: one of").optional(),
        scope: oneOf(["assigned", "all"], "scope: one of").default("assigned"),
        deleteThreshold: z.number().int().min(0).optional(),
        notifications: JobNotificationsSchema.optional(),
        options: z
          .record(z.string(), z.unknown())
          .optional()
          .meta({ description: "Further engine settings, passed to the engine as they are (it validates them)." }),
      },
      "job",
    )
      .prefault({})
      .meta({ description: "The provisioning job." }),
  },
  "a scenario",
);

export type ScenarioHeader = z.output<typeof ScenarioHeaderSchema>;

/** The whole file (used for the JSON Schema and the TypeScript input type). */
export const ScenarioSchema = ScenarioHeaderSchema.extend({
  steps: z.array(StepSchema).min(1).meta({ description: "What happens, in order." }),
}).meta({ title: "scimlab scenario", description: "A scimlab scenario: a world, then steps on a virtual clock." });

/** What `defineScenario` accepts and a YAML file holds. */
export type ScenarioInput = Omit<z.input<typeof ScenarioHeaderSchema>, "$schema"> & { $schema?: string; steps: StepInput[] };

/** A validated scenario, with defaults filled in and durations in milliseconds. */
export interface Scenario extends Omit<ScenarioHeader, "engine" | "$schema"> {
  /** Resolved: `process` when a step restarts with kill and the file did not say. */
  engine: "inprocess" | "process";
  steps: Step[];
  /** Where it came from (a file path, or `defineScenario`). */
  file: string | undefined;
}
