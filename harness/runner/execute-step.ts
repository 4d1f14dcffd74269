import type { Step } from "../scenario/step-schema";
import type { StepContext, StepOutcome } from "./step-context";
import { runAdvanceStep } from "./steps/advance-step";
import { runApiStep } from "./steps/api-step";
import { runCycleStep } from "./steps/cycle-step";
import { runDirectoryStep } from "./steps/directory-step";
import { runExpectStep } from "./steps/expect-step";
import { runFaultStep } from "./steps/fault-step";
import { runRestartStep } from "./steps/restart-step";
import { runTargetStep } from "./steps/target-step";

/** Runs one step; throws StepFailed when it does not hold, or the world's own error. */
export function executeStep(step: Step, ctx: StepContext): Promise<StepOutcome> {
  switch (step.kind) {
    case "cycle":
      return runCycleStep(step.cycle, ctx);
    case "advance":
      return runAdvanceStep(step.advance, ctx);
    case "fault":
      return runFaultStep(step.fault, ctx);
    case "directory":
      return runDirectoryStep(step.directory, ctx);
    case "target":
      return runTargetStep(step.target, ctx);
    case "api":
      return runApiStep(step.api, ctx);
    case "restart":
      return runRestartStep(step.restart, ctx);
    case "expect":
      return runExpectStep(step.expect, ctx);
  }
}
