import type { Mismatch } from "../expect/match";
import type { Failure, TimelineEvent } from "../result/result-schema";
import type { Step } from "../scenario/step-schema";
import { describeEvent, offset } from "../../common/timeline/describe-event";
import type { JournalEntry } from "../world/world";
import { StepFailed } from "./step-context";
import { stepTitle } from "./step-title";

/** How many of the last timeline events and journal entries a failure shows. */
export const TAIL = 8;

export interface FailureInput {
  step: Step | undefined;
  /** What was going on when there is no step (setting up or disposing of the world). */
  phase?: string;
  file: string | undefined;
  error: unknown;
  /** Virtual time of the failure and the scenario's start. */
  now: number;
  start: number;
  timeline: readonly TimelineEvent[];
  journal: readonly JournalEntry[];
}

/**
 * The failure of a scenario, with a message that says where (step number, line, file, virtual
 * time), what was expected against what the world holds, and what happened last.
 */
export function buildFailure(input: FailureInput): Failure {
  const { step, error } = input;
  const mismatches: Mismatch[] = error instanceof StepFailed ? error.mismatches : [];
  const timelineTail = input.timeline.filter((e) => e.at <= input.now - input.start).slice(-TAIL);
  const journalTail = input.journal.slice(-TAIL).map((e) => journalLine(e, input.start));
  const lines: string[] = [];
  if (step) {
    lines.push(`step ${step.index + 1}${step.line !== undefined ? ` (line ${step.line})` : ""}: ${stepTitle(step)}`);
    if (step.note) lines.push(`  note: ${step.note}`);
  } else {
    lines.push(input.phase ?? "setting up the world");
  }
  const where = input.file ? `${input.file}${step?.line !== undefined ? `:${step.line}` : ""}, ` : "";
  lines.push(`  at ${where}virtual time ${offset(input.now - input.start)} (${new Date(input.now).toISOString()})`);
  lines.push(`  ${errorText(error)}`);
  for (const m of mismatches) {
    lines.push(`  ✗ ${m.path}: ${m.problem}`);
    lines.push(`      expected: ${compact(m.expected)}`);
    lines.push(`      actual:   ${compact(m.actual)}`);
  }
  if (timelineTail.length > 0) {
    lines.push("  last timeline events:");
    for (const e of timelineTail) lines.push(`    ${offset(e.at).padEnd(12)} ${describeEvent(e)}`);
  }
  if (journalTail.length > 0) {
    lines.push("  last journal entries:");
    for (const j of journalTail) lines.push(`    ${j}`);
  }
  const isStepFailure = error instanceof StepFailed;
  return {
    message: lines.join("\n"),
    stepIndex: step?.index ?? null,
    line: step?.line ?? null,
    mismatches: mismatches.map((m) => ({ ...m, expected: plain(m.expected), actual: plain(m.actual) })),
    error: isStepFailure
      ? null
      : {
          name: error instanceof Error ? error.name : "Error",
          message: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? (error.stack ?? null) : null,
        },
    timelineTail,
    journalTail,
  };
}

export function journalLine(e: JournalEntry, start: number): string {
  const rule = e.rule ? ` [fault ${e.rule}]` : "";
  return `${offset(e.at - start).padEnd(12)} ${e.method} ${e.path} ${e.status === 0 ? "no answer" : e.status}${rule}`;
}

function errorText(error: unknown): string {
  if (error instanceof StepFailed) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}${codeOf(error)}`;
  return String(error);
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? ` (${code})` : "";
}

function compact(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > 400 ? `${text.slice(0, 399)}…` : text;
}

/** JSON-safe copy (matchers in their file form, no undefined). */
function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
