import type { ClockPeer, VirtualClock } from "../../common/virtual-clock";
import type { WorldClock } from "./world";

/**
 * The {@link WorldClock} of a world built on the harness's VirtualClock. `peers` returns the clock
 * peers attached to it (an engine in a child process, see `VirtualClock.attachPeer`), whose timers
 * count when the runner looks for the next clock step.
 */
export function worldClockOf(clock: VirtualClock, peers: () => readonly ClockPeer[] = () => []): WorldClock {
  return {
    now: () => clock.now(),
    advanceTo: (t) => clock.advanceTo(t),
    nextDueAt: async () => {
      // Peers attached to the clock are counted by the clock itself; `peers` adds any that are not.
      let next = await clock.nextDueAt();
      for (const peer of peers()) {
        const at = await peer.nextTimerAt();
        if (at !== undefined && (next === undefined || at < next)) next = at;
      }
      return next;
    },
  };
}
