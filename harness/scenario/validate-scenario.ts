import type { z } from "zod";
import { ConfigError, joinPath, type ConfigProblem } from "../../common/config-error";
import { explainIssues } from "./explain-issues";
import { portabilityProblems } from "./portability";
import { ScenarioHeaderSchema, type Scenario } from "./scenario-schema";
import { STEP_KINDS, STEP_SCHEMAS, type Step, type StepKind } from "./step-schema";
import { closest } from "./suggest";

/** Finds the source line of a value in the file, by its path (`["steps", 3, "advance"]`). */
export type LineLocator = (path: readonly PropertyKey[]) => number | undefined;

export interface ValidateOptions {
  /** Named in every message. */
  file?: string;
  locate?: LineLocator;
}

/**
 * Validates a scenario (parsed YAML or a `defineScenario` object) into a {@link Scenario}, or throws
 * a ConfigError listing every problem with the file, the step number, the line, the field and
 * what is accepted. Steps are validated one by one so that a bad step is named by its kind.
 */
export function validateScenario(raw: unknown, options: ValidateOptions = {}): Scenario {
  const problems: ConfigProblem[] = [];
  const report = (path: readonly PropertyKey[], problem: string): void => {
    problems.push({ field: describePath(path, options.locate), problem });
  };

  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    report([], "expected a scenario: a mapping with name, steps and optionally proves, tags, seed, directory, target, job, engine");
    throw new ConfigError(problems, options.file);
  }
  const { steps: rawSteps, ...rawHeader } = raw as Record<string, unknown>;
  const header = ScenarioHeaderSchema.safeParse(rawHeader, { reportInput: true });
  if (!header.success) reportIssues(header.error.issues, [], report);

  const steps: Step[] = [];
  if (!Array.isArray(rawSteps) || rawSteps.length === 0) {
    report(["steps"], "expected steps: a list of at least one step (cycle, advance, fault, directory, target, api, restart, expect)");
  } else {
    rawSteps.forEach((rawStep, index) => {
      const step = parseStep(rawStep, index, options.locate, report);
      if (step) steps.push(step);
    });
  }

  let engine: Scenario["engine"] = header.data?.engine ?? "inprocess";
  if (header.success) {
    const kill = steps.find((s) => s.kind === "restart" && s.restart === "kill");
    if (kill && header.data.engine === "inprocess") {
      report(["steps", kill.index, "restart"], "restart: kill sends SIGKILL to the engine's process, which needs engine: process (or no engine field)");
    }
    if (kill) engine = "process";
    if (header.data.portable) for (const p of portabilityProblems(header.data, steps)) report(p.path, p.problem);
  }

  if (problems.length > 0 || !header.success) throw new ConfigError(problems, options.file);
  const { $schema: _schema, ...rest } = header.data;
  return { ...rest, engine, steps, file: options.file };
}

function parseStep(
  raw: unknown,
  index: number,
  locate: LineLocator | undefined,
  report: (path: readonly PropertyKey[], problem: string) => void,
): Step | undefined {
  const path = ["steps", index];
  const accepted = STEP_KINDS.join(", ");
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    report(path, `expected a step: a mapping with one of ${accepted}`);
    return undefined;
  }
  const record = raw as Record<string, unknown>;
  const kinds = Object.keys(record).filter((k) => k !== "note");
  if (record.note !== undefined && typeof record.note !== "string") report([...path, "note"], "expected a note: text");
  if (kinds.length !== 1) {
    report(
      path,
      kinds.length === 0
        ? `a step needs one of ${accepted}`
        : `a step does one thing; this one has ${kinds.join(", ")}: make one step of each`,
    );
    return undefined;
  }
  const kind = kinds[0]!;
  if (!(STEP_KINDS as string[]).includes(kind)) {
    const guess = closest(kind, STEP_KINDS);
    report([...path, kind], `unknown step ${JSON.stringify(kind)}${guess ? ` (did you mean ${guess}?)` : ""}; accepted: ${accepted}`);
    return undefined;
  }
  const parsed = STEP_SCHEMAS[kind as StepKind].safeParse(record[kind], { reportInput: true });
  if (!parsed.success) {
    reportIssues(parsed.error.issues, [...path, kind], report);
    return undefined;
  }
  const note = typeof record.note === "string" ? record.note : undefined;
  return { kind, [kind]: parsed.data, index, line: locate?.(path), note, source: raw } as Step;
}

function reportIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[],
  report: (path: readonly PropertyKey[], problem: string) => void,
): void {
  for (const issue of explainIssues(issues, prefix)) report(issue.path, polish(issue.message));
}

/** Zod's generic wording, in the words of a scenario file. */
function polish(message: string): string {
  return message
    .replace(/^Invalid input: expected record, received (\w+)$/, "expected a mapping (an object), got $1")
    .replace(/^Invalid input: expected (\w+), received (\w+)$/, "expected $1, got $2")
    .replace(/^Too small: expected number to be >=(\S+)$/, "expected a number of at least $1")
    .replace(/^Too big: expected number to be <=(\S+)$/, "expected a number of at most $1")
    .replace(/^Invalid input: expected int, received number$/, "expected a whole number");
}

/** `steps[3].advance.within (step 4, line 14)`: the dotted field, the step number counted from 1, the line. */
export function describePath(path: readonly PropertyKey[], locate?: LineLocator): string {
  const field = joinPath("", path);
  const notes: string[] = [];
  if (path[0] === "steps" && typeof path[1] === "number") notes.push(`step ${path[1] + 1}`);
  const line = locate?.(path);
  if (line !== undefined) notes.push(`line ${line}`);
  return notes.length > 0 ? `${field} (${notes.join(", ")})` : field;
}
