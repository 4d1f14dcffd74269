import { DAY, formatDuration } from "../../../common/duration";
import { evaluateExpectation } from "../../expect/evaluate";
import type { Mismatch } from "../../expect/match";
import { resolveTimeRef } from "../../scenario/duration-schema";
import type { AdvanceStep } from "../../scenario/step-schema";
import type { CycleEvent } from "../../world/world";
import { advanceStepwise } from "../clock-steps";
import { StepFailed, type StepContext, type StepOutcome } from "../step-context";
import { describeCycle } from "./cycle-step";

/** How long after its due time a cycle may take to end before `advance: next-cycle` gives up. */
const NEXT_CYCLE_GRACE_MS = DAY;

/** `advance`: move virtual time by, to, to the end of the next cycle, or until an expectation holds. */
export async function runAdvanceStep(advance: AdvanceStep, ctx: StepContext): Promise<StepOutcome> {
  const clock = ctx.world.clock;
  const from = clock.now();
  switch (advance.mode) {
    case "by":
      await clock.advanceTo(from + advance.ms);
      return { detail: `advanced ${formatDuration(advance.ms)}` };
    case "to": {
      const to = resolveTimeRef(advance.to, ctx.start);
      if (to < from) {
        throw new StepFailed(`cannot advance to ${iso(to)}: it is ${formatDuration(from - to)} before now (${iso(from)})`);
      }
      await clock.advanceTo(to);
      return { detail: `advanced ${formatDuration(to - from)} to ${iso(to)}` };
    }
    case "next-cycle":
      return advanceToNextCycle(ctx);
    case "until":
      return advanceUntil(advance.until, advance.within, ctx);
  }
}

async function advanceToNextCycle(ctx: StepContext): Promise<StepOutcome> {
  const { world } = ctx;
  const due = await world.engine.nextCycleAt();
  if (due === undefined) {
    const job = await world.engine.job();
    throw new StepFailed(
      `no cycle is due: the job's status is ${job.status.code} and its schedule ${job.schedule.state}` +
        (job.schedule.state === "Disabled" ? " (start or restart the job first)" : ""),
    );
  }
  const from = world.clock.now();
  const known = (await world.events()).length;
  let cycle: CycleEvent | undefined;
  const { held } = await advanceStepwise(world.clock, Math.max(due, from) + NEXT_CYCLE_GRACE_MS, async () => {
    const fresh = (await world.events()).slice(known);
    cycle = fresh.find((e): e is CycleEvent => e.type === "cycle");
    return cycle !== undefined;
  });
  if (!held || !cycle) {
    throw new StepFailed(
      `the cycle due at ${iso(due)} did not run to its end within ${formatDuration(NEXT_CYCLE_GRACE_MS)} of virtual time`,
    );
  }
  return { detail: `advanced ${formatDuration(world.clock.now() - from)}; ${describeCycle(cycle)}` };
}

async function advanceUntil(until: Parameters<typeof evaluateExpectation>[0], within: number, ctx: StepContext): Promise<StepOutcome> {
  const clock = ctx.world.clock;
  const from = clock.now();
  let last: Mismatch[] = [];
  const { held, checks } = await advanceStepwise(clock, from + within, async () => {
    last = await evaluateExpectation(until, ctx.evalContext());
    return last.length === 0;
  });
  const waited = formatDuration(clock.now() - from);
  if (!held) {
    throw new StepFailed(
      `the expectation did not hold within ${formatDuration(within)} of virtual time (checked at ${checks} clock steps, the last at ${iso(clock.now())})`,
      last,
    );
  }
  return { detail: `held after ${waited} (${checks} clock step${checks === 1 ? "" : "s"} checked)` };
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
