import type { CycleEvent } from "../../world/world";
import { StepFailed, type StepContext, type StepOutcome } from "../step-context";

/** `cycle`: run a cycle now and wait for its end; `initial`/`incremental` also check which ran. */
export async function runCycleStep(kind: "initial" | "incremental" | "now", ctx: StepContext): Promise<StepOutcome> {
  const cycle = await ctx.world.engine.runCycle();
  const detail = describeCycle(cycle);
  if (kind !== "now" && cycle.initial !== (kind === "initial")) {
    throw new StepFailed(
      `expected an ${kind} cycle, the engine ran an ${cycle.initial ? "initial" : "incremental"} one (${detail})` +
        (kind === "initial" ? "; a restart with resetScope Watermark makes the next cycle initial" : ""),
    );
  }
  return { detail };
}

export function describeCycle(cycle: CycleEvent): string {
  return (
    `cycle ${cycle.cycleId}: ${cycle.initial ? "initial" : "incremental"}, ${cycle.outcome}, ` +
    `${cycle.exported} exported, ${cycle.escrowed} escrowed` +
    (cycle.error ? ` (${cycle.error})` : "")
  );
}
