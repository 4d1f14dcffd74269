/**
 * The engine as a child process (`scimlab engine --clock controlled`), its clock paired with the
 * world's: a scenario with `restart: kill` runs this way by itself, the SIGKILL lands in the middle
 * of a cycle, and the next process resumes it without creating anything twice.
 */
import { describe, expect, it } from "vitest";
import { toScenario } from "../harness/scenario/define-scenario";
import type { ProcessEngine } from "../harness/world/process-engine";
import { passes, slowCreates, withWorld } from "./world-helpers";

describe("built-in world: the engine in a child process", () => {
  it("runs a scenario with restart: kill as a child process; the killed cycle resumes in the next one", async () => {
    const input = slowCreates("kill");
    expect(toScenario(input).engine).toBe("process");
    const result = await passes(input);
    const cycles = result.timeline.filter((e) => e.kind === "cycle");
    expect(cycles.map((c) => c.kind === "cycle" && c.outcome)).toEqual(["Interrupted", "Succeeded"]);
    expect(cycles[0]!.kind === "cycle" && cycles[0]!.end).toBe(50_000);
  }, 60_000);

  it("graceful in a child process: SIGTERM lets the requests in flight finish, the cycle resumes in the next process", async () => {
    const result = await passes({ ...slowCreates("graceful"), engine: "process" });
    const cycles = result.timeline.filter((e) => e.kind === "cycle");
    expect(cycles.map((c) => c.kind === "cycle" && c.outcome)).toEqual(["Interrupted", "Succeeded"]);
    expect(cycles[0]!.kind === "cycle" && cycles[0]!.end).toBe(60_000);
  }, 60_000);

  it("pairs the clocks: the child's scheduled cycles run as the world's time passes, and it is really killed", async () => {
    await withWorld({ name: "paired", engine: "process", directory: { users: 3 } }, async (world) => {
      const host = world.host as ProcessEngine;
      const start = world.clock.now();
      // The job's first cycle is due now, in the child: the world sees that timer.
      expect(await world.clock.nextDueAt()).toBe(start);
      await world.clock.advanceTo(start + 2 * 60 * 60_000);
      const cycles = (await world.events()).filter((e) => e.type === "cycle");
      // At T+0, 40m, 80m and 120m.
      expect(cycles.map((c) => c.at - start)).toEqual([0, 40, 80, 120].map((m) => m * 60_000));
      expect((await world.target.resources()).users).toHaveLength(3);
      const pid = host.pid!;
      await world.engine.restart("kill");
      expect(() => process.kill(pid, 0)).toThrow();
      expect(host.pid).not.toBe(pid);
      // The new process has the schedule from the file: the next cycle at T+160m.
      expect(await world.engine.nextCycleAt()).toBe(start + 160 * 60_000);
      const job = await world.engine.job();
      expect(job.status.code).toBe("Active");
      // The child's log lines are the world's diagnostics, and carry none of its secrets.
      const lines = (await world.diagnostics()).join("\n");
      expect(lines).toMatch(/cycle finished/);
      expect(world.secrets().filter((secret) => lines.includes(secret))).toEqual([]);
    });
  }, 60_000);
});
