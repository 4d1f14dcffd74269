/**
 * The `api` and `restart` steps against the built-in world: the engine's own API calls, and the
 * engine restarted gracefully or after a crash in the middle of a cycle (the crashed object must
 * not run on: no duplicate creates, every user there in the end).
 */
import { describe, expect, it } from "vitest";
import type { InProcessEngine } from "../harness/world/in-process-engine";
import { detailOf, passes, slowCreates, withWorld } from "./world-helpers";

describe("built-in world: api steps", () => {
  it("pauses, starts, restarts with a reset scope and provisions on demand", async () => {
    const result = await passes({
      name: "api calls",
      directory: { users: 4 },
      steps: [
        { cycle: "initial" },
        { api: "pause" },
        { expect: { job: { code: "Paused", schedule: { state: "Paused" } } } },
        { directory: { add: { user: { userPrincipalName: "on.demand@contoso.example", displayName: "On Demand" } } } },
        { advance: "2h" },
        // Paused: no scheduled cycle took the new user over.
        { expect: { target: { users: 4 } } },
        { api: { provisionOnDemand: { user: "on.demand@contoso.example" } } },
        { expect: { target: { users: { count: 5, include: [{ userName: "on.demand@contoso.example" }] } } } },
        { api: "start" },
        { expect: { job: { code: "Active", schedule: { state: "Active" } } } },
        { api: { restart: { resetScope: ["Watermark"] } } },
        { cycle: "initial" },
        { expect: { invariants: ["no-duplicate-creates", "target-matches-directory"] } },
      ],
    });
    expect(detailOf(result, 6)).toBe("provisionOnDemand: create success");
    expect(detailOf(result, 10)).toBe("restart Watermark");
  });

  it("changes mappings and scoping through the API; the target follows the new scope", async () => {
    await passes({
      name: "scoping",
      seed: 5,
      directory: { users: 6 },
      steps: [
        { cycle: "initial" },
        { directory: { update: { user: { first: 2 }, set: { department: "Sales" } } } },
        { api: { scoping: { object: "User", filter: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]] } } },
        { expect: { job: { code: "Active" } } },
        { advance: "next-cycle" },
        // Out of scope now: disabled on the target, not deleted.
        { expect: { target: { users: { count: 6, inactive: 4 } }, invariants: ["target-matches-directory"] } },
        {
          api: {
            mapping: {
              sourceObject: "User",
              targetObject: "User",
              attributes: [
                { target: "userName", source: "userPrincipalName", matchingPriority: 1 },
                { target: "active", expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
                { target: "displayName", source: "displayName" },
                { target: "title", constant: "Mapped" },
              ],
              scoping: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]],
            },
          },
        },
        { cycle: "initial" },
        { expect: { journal: { requests: [{ method: "PATCH", resource: "Users", status: 200, count: { gte: 2 } }], since: "previous-step" } } },
      ],
    });
  });
});

describe("built-in world: restarts", () => {
  for (const mode of ["graceful", "crash"] as const) {
    it(`${mode}: the cycle cut off is recorded as Interrupted and resumes; nothing is created twice`, async () => {
      const result = await passes(slowCreates(mode));
      const cycles = result.timeline.filter((e) => e.kind === "cycle");
      expect(cycles.map((c) => c.kind === "cycle" && c.outcome)).toEqual(["Interrupted", "Succeeded"]);
      const [cut, resumed] = cycles;
      // The same cycle, resumed by the new engine object. A crash cuts it off at once (50 s in); a
      // graceful stop lets the two requests in flight finish first (60 s in).
      expect(cut!.kind === "cycle" && resumed!.kind === "cycle" && cut!.cycleId === resumed!.cycleId).toBe(true);
      expect(cut!.kind === "cycle" && cut!.end).toBe(mode === "crash" ? 50_000 : 60_000);
      expect(result.timeline.some((e) => e.kind === "restart" && e.mode === mode)).toBe(true);
    });
  }

  it("crash: the abandoned engine object makes no request and sets no timer after the crash", async () => {
    await withWorld({ name: "abandoned", directory: { users: 6 }, job: { options: { client: { concurrency: 1 } } } }, async (world) => {
      world.simulator.faults.use({ id: "slow", match: { method: "POST", resource: "Users" }, action: { type: "latency", delay: "20s" } });
      const host = world.host as InProcessEngine;
      const abandoned = host.engine;
      await world.clock.advanceTo(world.clock.now() + 30_000);
      await world.engine.restart("crash");
      expect(abandoned.store.db.open).toBe(false);
      const before = (await world.target.journal()).length;
      world.simulator.faults.reset();
      await world.clock.advanceTo(world.clock.now() + 60 * 60_000);
      const after = await world.target.journal();
      // Every request after the crash was made by the new engine: each user created once.
      const creates = after.filter((e) => e.method === "POST" && e.resource === "Users" && e.status === 201);
      expect(new Set(creates.map((e) => (e.body as { userName: string }).userName)).size).toBe(creates.length);
      expect(after.length).toBeGreaterThan(before);
      expect((await world.target.resources()).users).toHaveLength(6);
    });
  });

  it("refuses restart kill for an engine in this process", async () => {
    await withWorld({ name: "no kill", engine: "inprocess" }, async (world) => {
      await expect(world.engine.restart("kill")).rejects.toThrow(/engine: process/);
    });
  });
});
