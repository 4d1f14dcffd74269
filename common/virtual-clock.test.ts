import { describe, expect, it } from "vitest";
import { ClockError, VirtualClock } from "./virtual-clock";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { IO_HEADER } from "./clock";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

describe("VirtualClock", () => {
  it("starts at the given time and jumps straight to due timers in order", async () => {
    const clock = new VirtualClock({ start: T0 });
    const fired: Array<[string, number]> = [];
    clock.setTimer(3_000, () => fired.push(["c", clock.now() - T0]));
    clock.setTimer(1_000, () => fired.push(["a", clock.now() - T0]));
    clock.setTimer(1_000, () => fired.push(["b", clock.now() - T0]));
    await clock.advanceBy(2_000);
    expect(fired).toEqual([["a", 1000], ["b", 1000]]);
    expect(clock.now()).toBe(T0 + 2000);
    await clock.advanceBy(5_000);
    expect(fired.map((f) => f[0])).toEqual(["a", "b", "c"]);
  });

  it("never goes backwards", async () => {
    const clock = new VirtualClock({ start: T0 });
    await expect(clock.advanceTo(T0 - 1)).rejects.toMatchObject({ code: "CLOCK_BACKWARDS" });
  });

  it("runs four weeks of a 40-minute schedule without sleeping", async () => {
    const clock = new VirtualClock({ start: T0 });
    let runs = 0;
    const schedule = (): void => {
      clock.setTimer(40 * 60_000, () => {
        runs++;
        schedule();
      });
    };
    schedule();
    const wall = performance.now();
    await clock.advanceBy(28 * 86_400_000);
    expect(runs).toBe(28 * 36);
    expect(performance.now() - wall).toBeLessThan(5_000);
  });

  it("lets promise chains started by a timer finish before the next timer fires", async () => {
    const clock = new VirtualClock({ start: T0 });
    const log: string[] = [];
    clock.setTimer(10, () => {
      void (async () => {
        await Promise.resolve();
        await new Promise((r) => setImmediate(r));
        log.push("work-done");
      })();
    });
    clock.setTimer(20, () => log.push("second"));
    await clock.advanceBy(30);
    expect(log).toEqual(["work-done", "second"]);
  });

  it("sleeps cost virtual time only, and abort rejects them", async () => {
    const clock = new VirtualClock({ start: T0 });
    const woke = clock.runUntil(clock.sleep(86_400_000));
    await woke;
    expect(clock.now()).toBe(T0 + 86_400_000);
    const controller = new AbortController();
    const pending = clock.sleep(1000, { signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(clock.pendingTimers()).toBe(0);
  });

  it("guards against a timer that keeps rescheduling itself at one instant", async () => {
    const clock = new VirtualClock({ start: T0, loopLimit: 50 });
    const again = (): void => {
      clock.setTimer(0, again);
    };
    clock.setTimer(5, again);
    await expect(clock.advanceBy(10)).rejects.toMatchObject({ code: "CLOCK_RUNAWAY" });
  });

  it("reports a deadlock when awaited work can never finish", async () => {
    const clock = new VirtualClock({ start: T0 });
    const never = new Promise<void>(() => undefined);
    await expect(clock.runUntil(never)).rejects.toBeInstanceOf(ClockError);
  });

  it("holds time still during real I/O, but not while the peer sleeps on the clock for it", async () => {
    const clock = new VirtualClock({ start: T0 });
    // A server on the same clock that answers after 5 virtual seconds.
    const server = createServer((req, res) => {
      const onBehalfOf = req.headers[IO_HEADER] as string | undefined;
      void clock.sleep(5_000, { onBehalfOf }).then(() => res.end(String(clock.now() - T0)));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    let timerFiredDuringRequest = false;
    clock.setTimer(1, () => {
      timerFiredDuringRequest = true;
    });
    const request = clock.io(async (id) => {
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: id ? { [IO_HEADER]: id } : {} });
      return res.text();
    });
    const answer = await clock.runUntil(request);
    server.close();
    expect(answer).toBe("5000");
    expect(timerFiredDuringRequest).toBe(true);
  });

  it("does not move while real I/O that nobody sleeps for is in flight", async () => {
    const clock = new VirtualClock({ start: T0 });
    let resolveIo: () => void = () => undefined;
    const io = clock.io(() => new Promise<void>((r) => (resolveIo = r)));
    let fired = false;
    clock.setTimer(1_000, () => (fired = true));
    const advancing = clock.advanceBy(2_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(false);
    expect(clock.now()).toBe(T0);
    resolveIo();
    await io;
    await advancing;
    expect(fired).toBe(true);
  });

  it("keeps a peer clock in step and waits for its I/O", async () => {
    const clock = new VirtualClock({ start: T0 });
    const peer = new VirtualClock({ start: T0, ioPrefix: "peer" });
    const seen: number[] = [];
    peer.setTimer(60_000, () => seen.push(peer.now() - T0));
    clock.attachPeer({
      inflightIo: async () => peer.inflightIo(),
      nextTimerAt: async () => peer.nextTimerAt(),
      advanceTo: async (t) => {
        // A peer fires its own due timers; here it is driven in-process for the test.
        while (peer.nextTimerAt() !== undefined && peer.nextTimerAt()! <= t) await peer.advanceTo(peer.nextTimerAt()!);
        if (t > peer.now()) await peer.advanceTo(t);
      },
    });
    await clock.advanceBy(120_000);
    expect(seen).toEqual([60_000]);
    expect(peer.now()).toBe(T0 + 120_000);
  });
});
