import { z } from "zod";

/**
 * The result model every reporter reads, as zod schemas: the TypeScript types come from them, and
 * so does the JSON Schema published for the `json` reporter's output. Virtual times (`at`, `end`)
 * are milliseconds since the scenario's virtual start; `wallMs` are real milliseconds.
 */

const Offset = z.number().meta({ description: "Virtual milliseconds since the scenario's start." });
const OpenEnd = Offset.nullable().meta({ description: "Virtual end, or null when still open at the scenario's end." });

export const TimelineEventSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("cycle"),
      at: Offset,
      end: Offset,
      cycleId: z.string(),
      initial: z.boolean(),
      outcome: z.enum(["Succeeded", "Failed", "EntryLevelErrors", "Interrupted"]),
      exported: z.number(),
      escrowed: z.number(),
      attempt: z.number().nullable().meta({ description: "The backoff attempt of the quarantine series this cycle ran in." }),
      error: z.string().nullable(),
    }),
    z.object({
      kind: z.literal("quarantine"),
      at: Offset,
      end: OpenEnd,
      reason: z.string(),
      reasons: z.array(z.object({ at: Offset, reason: z.string() })),
    }),
    z.object({ kind: z.literal("backoff"), at: Offset, attempt: z.number(), cycleId: z.string() }),
    z.object({ kind: z.literal("mail"), at: Offset, mailKind: z.string(), to: z.array(z.string()), subject: z.string() }),
    z.object({ kind: z.literal("restart"), at: Offset, mode: z.enum(["graceful", "crash", "kill"]) }),
    z.object({ kind: z.literal("fault"), at: Offset, end: OpenEnd, id: z.string(), label: z.string() }),
    z.object({ kind: z.literal("target-down"), at: Offset, end: OpenEnd, keepData: z.boolean() }),
    z.object({ kind: z.literal("schedule"), at: Offset, state: z.string() }),
    z.object({ kind: z.literal("api"), at: Offset, call: z.string() }),
  ])
  .meta({ id: "TimelineEvent" });

export const MismatchSchema = z
  .object({ path: z.string(), expected: z.unknown(), actual: z.unknown(), problem: z.string() })
  .meta({ id: "Mismatch" });

export const FailureSchema = z
  .object({
    message: z.string().meta({ description: "The whole failure in words, as the console prints it." }),
    stepIndex: z.number().nullable(),
    line: z.number().nullable(),
    mismatches: z.array(MismatchSchema),
    error: z.object({ name: z.string(), message: z.string(), stack: z.string().nullable() }).nullable(),
    timelineTail: z.array(TimelineEventSchema),
    journalTail: z.array(z.string()),
  })
  .meta({ id: "Failure" });

export const StepResultSchema = z
  .object({
    index: z.number(),
    line: z.number().nullable(),
    kind: z.string(),
    title: z.string().meta({ description: "The step in one line, as written." }),
    note: z.string().nullable(),
    status: z.enum(["passed", "failed", "skipped"]),
    at: Offset.nullable(),
    end: Offset.nullable(),
    wallMs: z.number(),
    detail: z.string().nullable().meta({ description: "What happened, e.g. the cycle that ran." }),
    failure: FailureSchema.nullable(),
  })
  .meta({ id: "StepResult" });

export const ScenarioResultSchema = z
  .object({
    id: z.string().meta({ description: "Stable id: the file path relative to the working directory, or the name." }),
    name: z.string(),
    file: z.string().nullable(),
    proves: z.array(z.string()),
    tags: z.array(z.string()),
    seed: z.union([z.number(), z.string()]),
    engine: z.enum(["inprocess", "process"]),
    status: z.enum(["passed", "failed"]),
    virtualStart: z.string().meta({ description: "ISO 8601 virtual start." }),
    virtualMs: z.number().meta({ description: "Virtual time the scenario covered." }),
    wallMs: z.number(),
    steps: z.array(StepResultSchema),
    timeline: z.array(TimelineEventSchema),
    failure: FailureSchema.nullable(),
  })
  .meta({ id: "ScenarioResult" });

export const RunResultSchema = z
  .object({
    $schema: z.string().optional(),
    tool: z.literal("scimlab"),
    startedAt: z.string(),
    wallMs: z.number(),
    status: z.enum(["passed", "failed"]),
    seed: z.union([z.number(), z.string()]).nullable(),
    shard: z.object({ index: z.number(), count: z.number() }).nullable(),
    workers: z.number(),
    counts: z.object({ total: z.number(), passed: z.number(), failed: z.number(), notRun: z.number() }),
    scenarios: z.array(ScenarioResultSchema),
  })
  .meta({ id: "RunResult", title: "scimlab run result" });

type DeepReadonly<T> = T extends (infer U)[] ? ReadonlyArray<DeepReadonly<U>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
export type Mismatch = z.infer<typeof MismatchSchema>;
export type Failure = z.infer<typeof FailureSchema>;
export type StepResult = z.infer<typeof StepResultSchema>;
export type ScenarioResult = z.infer<typeof ScenarioResultSchema>;
export type RunResult = z.infer<typeof RunResultSchema>;

/** What reporters receive: the same model, read-only. */
export type ReadonlyScenarioResult = DeepReadonly<ScenarioResult>;
export type ReadonlyRunResult = DeepReadonly<RunResult>;
export type ReadonlyStepResult = DeepReadonly<StepResult>;
export type ReadonlyTimelineEvent = DeepReadonly<TimelineEvent>;
