import { evaluateExpectation } from "../../expect/evaluate";
import type { Expectation } from "../../scenario/expectation-schema";
import { StepFailed, type StepContext, type StepOutcome } from "../step-context";

/** `expect`: every kind named must hold now. */
export async function runExpectStep(expectation: Expectation, ctx: StepContext): Promise<StepOutcome> {
  const mismatches = await evaluateExpectation(expectation, ctx.evalContext());
  if (mismatches.length > 0) {
    throw new StepFailed(`${mismatches.length} expectation${mismatches.length === 1 ? "" : "s"} did not hold`, mismatches);
  }
  return {};
}
