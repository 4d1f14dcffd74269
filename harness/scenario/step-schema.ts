import { z } from "zod";
import { parseDuration } from "../../common/duration";
import { DurationSchema, TimeRefSchema, type TimeRef } from "./duration-schema";
import { DirectoryStepSchema, type DirectoryOp } from "./directory-step-schema";
import {
  ApiStepSchema,
  CycleStepSchema,
  FaultStepSchema,
  RestartStepSchema,
  TargetStepSchema,
  type ApiStep,
  type FaultStep,
  type TargetStep,
} from "./engine-step-schemas";
import { ExpectationSchema, type Expectation } from "./expectation-schema";
import { strictObject } from "./strict-object";

const ADVANCE_FORMS = 'a duration like "40m" or "1d", next-cycle, {until: expectation, within: duration} or {to: time}';

/** `advance`: move virtual time; scheduled cycles run as they fall due. */
export const AdvanceStepSchema = z
  .union(
    [
      z
        .union([z.string(), z.number()])
        .transform((value, ctx): AdvanceStep => {
          if (value === "next-cycle") return { mode: "next-cycle" };
          try {
            return { mode: "by", ms: parseDuration(value) };
          } catch {
            ctx.addIssue({ code: "custom", message: `invalid advance ${JSON.stringify(value)}: expected ${ADVANCE_FORMS}` });
            return z.NEVER;
          }
        })
        .meta({ examples: ["40m", "1d", "next-cycle"] }),
      strictObject({ until: ExpectationSchema, within: DurationSchema }, "advance until").transform(
        (value): AdvanceStep => ({ mode: "until", until: value.until, within: value.within }),
      ),
      strictObject({ to: TimeRefSchema }, "advance to").transform((value): AdvanceStep => ({ mode: "to", to: value.to })),
    ],
    { error: `expected ${ADVANCE_FORMS}` },
  )
  .meta({
    description:
      "Move virtual time: by a duration; to the end of the next cycle (next-cycle); until an expectation holds " +
      "(checked at every clock step, failing after `within`); or to a time.",
  });

export type AdvanceStep =
  | { mode: "by"; ms: number }
  | { mode: "next-cycle" }
  | { mode: "until"; until: Expectation; within: number }
  | { mode: "to"; to: TimeRef };

/** Every step kind and the schema of its value. */
export const STEP_SCHEMAS = {
  cycle: CycleStepSchema,
  advance: AdvanceStepSchema,
  fault: FaultStepSchema,
  directory: DirectoryStepSchema,
  target: TargetStepSchema,
  api: ApiStepSchema,
  restart: RestartStepSchema,
  expect: ExpectationSchema,
} as const;

export type StepKind = keyof typeof STEP_SCHEMAS;
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

/** A validated step: its kind, its parsed value, and where it came from. */
export type Step = { index: number; line: number | undefined; note: string | undefined; source: unknown } & (
  | { kind: "cycle"; cycle: "initial" | "incremental" | "now" }
  | { kind: "advance"; advance: AdvanceStep }
  | { kind: "fault"; fault: FaultStep }
  | { kind: "directory"; directory: DirectoryOp[] }
  | { kind: "target"; target: TargetStep }
  | { kind: "api"; api: ApiStep }
  | { kind: "restart"; restart: "graceful" | "crash" | "kill" }
  | { kind: "expect"; expect: Expectation }
);

const NoteSchema = z.string().optional().meta({ description: "A note shown with the step in reports." });

/** One step as written (for the JSON Schema and the TypeScript input type). */
export const StepSchema = z
  .union(
    STEP_KINDS.map((kind) => z.strictObject({ [kind]: STEP_SCHEMAS[kind], note: NoteSchema })) as unknown as [
      z.ZodType,
      z.ZodType,
      ...z.ZodType[],
    ],
  )
  .meta({ id: "Step", description: `One step: ${STEP_KINDS.join(", ")}.` });

export type StepInput =
  | { cycle: z.input<typeof CycleStepSchema>; note?: string }
  | { advance: z.input<typeof AdvanceStepSchema>; note?: string }
  | { fault: z.input<typeof FaultStepSchema>; note?: string }
  | { directory: z.input<typeof DirectoryStepSchema>; note?: string }
  | { target: z.input<typeof TargetStepSchema>; note?: string }
  | { api: z.input<typeof ApiStepSchema>; note?: string }
  | { restart: z.input<typeof RestartStepSchema>; note?: string }
  | { expect: z.input<typeof ExpectationSchema>; note?: string };
