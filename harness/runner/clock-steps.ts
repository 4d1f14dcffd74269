import { ClockError } from "../../common/virtual-clock";
import type { WorldClock } from "../world/world";

/** Clock steps at one instant before the runner assumes a timer keeps rescheduling itself. */
const SAME_INSTANT_LIMIT = 10_000;

/**
 * Advances the world's clock one clock step at a time (to the next due timer, anywhere in the
 * world) until `done` answers true or `deadline` is reached; `done` is asked before the first step
 * and after each. Returns whether `done` held, and how many times it was asked.
 */
export async function advanceStepwise(
  clock: WorldClock,
  deadline: number,
  done: () => Promise<boolean>,
): Promise<{ held: boolean; checks: number }> {
  let checks = 0;
  let sameInstant = 0;
  let lastInstant = clock.now();
  for (;;) {
    checks++;
    if (await done()) return { held: true, checks };
    const now = clock.now();
    if (now >= deadline) return { held: false, checks };
    const next = await clock.nextDueAt();
    const to = next === undefined || next > deadline ? deadline : Math.max(next, now);
    if (to === lastInstant) {
      if (++sameInstant > SAME_INSTANT_LIMIT) {
        throw new ClockError("CLOCK_RUNAWAY", `more than ${SAME_INSTANT_LIMIT} clock steps at ${new Date(to).toISOString()}`);
      }
    } else {
      sameInstant = 0;
      lastInstant = to;
    }
    await clock.advanceTo(to);
  }
}
