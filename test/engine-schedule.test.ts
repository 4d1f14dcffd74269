import { afterEach, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import { Engine } from "../engine/engine";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
let reopened: Engine | undefined;
afterEach(async () => {
  await reopened?.close();
  reopened = undefined;
  await world?.close();
  world = undefined;
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

describe("the scheduler on a virtual clock", () => {
  it("runs a cycle every interval, and a restarted engine keeps the schedule it had", async () => {
    const clock = new VirtualClock({ start: T0 });
    world = await startEngineWorld({ users: 4, seed: "schedule", clock, job: { start: true, interval: "40m" } });
    const { engine, jobId, target } = world;
    await engine.start();
    await clock.advanceBy(4 * HOUR + 10 * MINUTE);
    const cycles = engine.store.cycles.recent(jobId, 100).reverse();
    expect(cycles.map((c) => (c.beganAt - T0) / MINUTE)).toEqual([0, 40, 80, 120, 160, 200, 240]);
    expect(cycles.map((c) => c.kind)).toEqual(["initial", ...Array(6).fill("incremental")]);
    expect(target.store.countUsers()).toBe(4);
    expect(engine.jobs.job(jobId).nextRunAt).toBe(T0 + 280 * MINUTE);

    // Stop the engine 10 minutes after the last cycle, start a new one on the same file.
    await engine.close();
    reopened = new Engine({ file: engine.file, clock, seed: "schedule" });
    await reopened.start();
    await clock.advanceBy(29 * MINUTE);
    expect(reopened.store.cycles.recent(jobId, 100)).toHaveLength(7);
    await clock.advanceBy(MINUTE);
    const after = reopened.store.cycles.recent(jobId, 100);
    expect(after).toHaveLength(8);
    expect(after[0]!.beganAt).toBe(T0 + 280 * MINUTE);
    expect(reopened.status(jobId).code).toBe("Active");
  });

  it("a paused job runs no cycles; start runs one at once", async () => {
    const clock = new VirtualClock({ start: T0 });
    world = await startEngineWorld({ users: 2, seed: "pause", clock, job: { start: true, interval: "40m" } });
    const { engine, jobId } = world;
    await engine.start();
    await clock.advanceBy(MINUTE);
    engine.pauseJob(jobId);
    await clock.advanceBy(5 * HOUR);
    expect(engine.store.cycles.recent(jobId, 100)).toHaveLength(1);
    expect(engine.status(jobId).code).toBe("Paused");
    engine.startJob(jobId);
    await clock.advanceBy(0);
    expect(engine.store.cycles.recent(jobId, 100)).toHaveLength(2);
    expect(engine.status(jobId).code).toBe("Active");
  });
});
