import { describe, expect, it } from "vitest";
import { silentLogger } from "../../common/logger";
import { VirtualClock } from "../../common/virtual-clock";
import { KeyedTimers } from "./keyed-timers";

describe("KeyedTimers", () => {
  it("one timer per key, re-armed or cancelled, off until started and after stop", async () => {
    const clock = new VirtualClock({ start: 0 });
    const fired: Array<[string, number]> = [];
    const timers = new KeyedTimers(clock, (key) => fired.push([key, clock.now()]), silentLogger(), "test");
    timers.arm("a", 10);
    expect(timers.armedAt("a")).toBeUndefined();
    timers.start();
    timers.arm("a", 10);
    timers.arm("b", 5);
    timers.arm("a", 20);
    timers.arm("b", null);
    await clock.advanceTo(100);
    expect(fired).toEqual([["a", 20]]);
    timers.arm("c", 50); // in the past: fires at once
    timers.arm("d", 200);
    await clock.advanceTo(150);
    expect(fired).toEqual([["a", 20], ["c", 100]]);
    timers.stop();
    await clock.advanceTo(300);
    expect(fired).toHaveLength(2);
  });

  it("a failing callback is logged, not thrown into the clock", async () => {
    const clock = new VirtualClock({ start: 0 });
    const timers = new KeyedTimers(clock, () => { throw new Error("boom"); }, silentLogger(), "test");
    timers.start();
    timers.arm("x", 1);
    await expect(clock.advanceTo(2)).resolves.toBeUndefined();
  });
});
