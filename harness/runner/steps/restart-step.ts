import type { RestartMode } from "../../world/world";
import type { StepContext, StepOutcome } from "../step-context";

/** `restart`: restart the engine gracefully, after a crash, or after SIGKILL; resolves when it is up. */
export async function runRestartStep(mode: RestartMode, ctx: StepContext): Promise<StepOutcome> {
  ctx.record("restart", { mode });
  await ctx.world.engine.restart(mode);
  return { detail: `engine restarted (${mode})` };
}
