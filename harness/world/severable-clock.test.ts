import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../common/virtual-clock";
import { SeverableClock } from "./severable-clock";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

/** Lets pending promise callbacks run. */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("SeverableClock", () => {
  it("passes time, timers and sleeps through to the world's clock while intact", async () => {
    const world = new VirtualClock({ start: T0 });
    const view = new SeverableClock(world);
    const fired: number[] = [];
    view.setTimer(1_000, () => fired.push(view.now() - T0));
    const slept = view.sleep(2_000).then(() => fired.push(view.now() - T0));
    await world.advanceBy(5_000);
    await slept;
    expect(fired).toEqual([1_000, 2_000]);
    expect(view.now()).toBe(world.now());
  });

  it("drops its pending timers from the world's clock when severed", async () => {
    const world = new VirtualClock({ start: T0 });
    const view = new SeverableClock(world);
    let fired = false;
    view.setTimer(1_000, () => (fired = true));
    expect(world.pendingTimers()).toBe(1);
    view.sever();
    expect(world.pendingTimers()).toBe(0);
    expect(view.pendingTimers).toBe(0);
    await world.advanceBy(5_000);
    expect(fired).toBe(false);
    // A severed view sets no new timer either.
    view.setTimer(10, () => (fired = true));
    expect(world.pendingTimers()).toBe(0);
  });

  it("never resumes a sleep that was pending when it was severed", async () => {
    const world = new VirtualClock({ start: T0 });
    const view = new SeverableClock(world);
    let woke = false;
    void view.sleep(1_000).then(() => (woke = true));
    view.sever();
    await world.advanceBy(5_000);
    await turns();
    expect(woke).toBe(false);
  });

  it("swallows the result of I/O that finishes after the sever, and starts no new I/O", async () => {
    const world = new VirtualClock({ start: T0 });
    const view = new SeverableClock(world);
    let release!: (value: string) => void;
    let continued = false;
    void view.io(() => new Promise<string>((resolve) => (release = resolve))).then(() => (continued = true));
    expect(world.inflightIo()).toHaveLength(1);
    view.sever();
    release("answer");
    await turns();
    expect(continued).toBe(false);
    // The world's clock saw the I/O end: it no longer holds time.
    expect(world.inflightIo()).toHaveLength(0);
    let started = false;
    void view.io(async () => {
      started = true;
      return 1;
    });
    await turns();
    expect(started).toBe(false);
  });

  it("swallows failures after the sever as well", async () => {
    const world = new VirtualClock({ start: T0 });
    const view = new SeverableClock(world);
    let reject!: (error: Error) => void;
    let observed = "";
    void view.io(() => new Promise<void>((_resolve, r) => (reject = r))).then(
      () => (observed = "resolved"),
      () => (observed = "rejected"),
    );
    view.sever();
    reject(new Error("connection reset"));
    await turns();
    expect(observed).toBe("");
  });

  it("keeps sleeps on behalf of a client's I/O known to the world's clock", async () => {
    const world = new VirtualClock({ start: T0 });
    const view = new SeverableClock(world);
    let ioId: string | undefined;
    const io = world.io(async (id) => {
      ioId = id;
      await view.sleep(60_000, { onBehalfOf: id });
      return world.now() - T0;
    });
    await turns();
    expect(world.blockedIo()).toEqual([ioId]);
    // The world is quiet (the I/O waits on the clock), so runUntil moves time to the sleep's end.
    expect(await world.runUntil(io)).toBe(60_000);
  });
});
