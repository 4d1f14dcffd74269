import { describe, expect, it } from "vitest";
import { runFake } from "../testing/run-fake";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("steps, in a fake world", () => {
  describe("cycle", () => {
    it("runs a cycle now and checks which kind ran", async () => {
      const { result, world } = await runFake({ directory: { users: 3 }, steps: [{ cycle: "initial" }, { cycle: "incremental" }, { cycle: "now" }] });
      expect(result.status).toBe("passed");
      expect(result.steps[0]!.detail).toBe("cycle cycle-1: initial, Succeeded, 3 exported, 0 escrowed");
      expect(world.fakeTarget.users.size).toBe(3);
      const again = await runFake({ steps: [{ cycle: "now" }, { cycle: "initial" }] });
      expect(again.result.failure!.message).toContain("expected an initial cycle, the engine ran an incremental one");
      const first = await runFake({ steps: [{ cycle: "incremental" }] });
      expect(first.result.failure!.message).toContain("expected an incremental cycle, the engine ran an initial one");
    });
  });

  describe("advance", () => {
    it("by a duration: scheduled cycles run as they fall due", async () => {
      const { result, world } = await runFake({ steps: [{ advance: "2h" }] });
      expect(result.virtualMs).toBe(2 * HOUR);
      expect(world.fakeEngine.events.filter((e) => e.type === "cycle").map((e) => e.at - world.config.start)).toEqual([40 * MIN, 80 * MIN, 120 * MIN]);
    });

    it("to a time from the start or an absolute one, never backwards", async () => {
      const ok = await runFake({ steps: [{ advance: { to: "1d" } }, { advance: { to: "2026-01-07T09:00:00Z" } }] });
      expect(ok.result.virtualMs).toBe(2 * DAY);
      const back = await runFake({ steps: [{ advance: "2d" }, { advance: { to: "1d" } }] });
      expect(back.result.failure!.message).toContain("cannot advance to 2026-01-06T09:00:00.000Z: it is 1d before now");
    });

    it("next-cycle: to the end of the next cycle, and says when none is due", async () => {
      const { result } = await runFake({ steps: [{ advance: "10m" }, { advance: "next-cycle" }] });
      expect(result.steps[1]!).toMatchObject({ status: "passed", end: 40 * MIN });
      expect(result.steps[1]!.detail).toBe("advanced 30m; cycle cycle-1: initial, Succeeded, 0 exported, 0 escrowed");
      const paused = await runFake({ steps: [{ api: "pause" }, { advance: "next-cycle" }] });
      expect(paused.result.failure!.message).toContain("no cycle is due: the job's status is Paused and its schedule Paused");
    });

    it("until: checks at every clock step and stops at the first one where it holds", async () => {
      const { result } = await runFake({
        steps: [
          { fault: { preset: "invalid-credentials" } },
          { advance: { until: { job: { quarantine: { seriesCount: 3 } } }, within: "1d" } },
        ],
      });
      // Entered at 40m (series 1), attempts at 80m (2) and 160m (3): held exactly at the third.
      expect(result.steps[1]).toMatchObject({ status: "passed", end: 160 * MIN });
      expect(result.steps[1]!.detail).toMatch(/^held after 2h40m \(4 clock steps checked\)$/);
    });

    it("until: fails after `within`, with the last mismatch", async () => {
      const { result } = await runFake({ steps: [{ advance: { until: { job: { code: "Quarantine" } }, within: "2h" } }] });
      expect(result.status).toBe("failed");
      expect(result.virtualMs).toBe(2 * HOUR);
      expect(result.failure!.message).toContain("the expectation did not hold within 2h of virtual time (checked at 4 clock steps");
      expect(result.failure!.mismatches).toEqual([{ path: "job.code", expected: "Quarantine", actual: "Active", problem: 'expected "Quarantine", got "Active"' }]);
    });
  });

  describe("fault", () => {
    it("adds a preset under an id, removes it, and the journal names the rule that fired", async () => {
      const { result, world } = await runFake({
        directory: { users: 1 },
        steps: [{ fault: { id: "creds", preset: "invalid-credentials" } }, { cycle: "now" }, { fault: { remove: "creds" } }, { cycle: "now" }],
      });
      expect(result.status).toBe("passed");
      expect(world.fakeTarget.journal.map((j) => `${j.method} ${j.status}${j.rule ? ` ${j.rule}` : ""}`)).toEqual([
        "GET 401 creds",
        "GET 200",
        "GET 200",
        "POST 201",
      ]);
      expect(result.timeline.find((e) => e.kind === "fault")).toMatchObject({ id: "creds", label: "invalid-credentials", at: 0, end: 0 });
    });

    it("adds a rule with match, action and times; reset removes every rule", async () => {
      const { result, world } = await runFake({
        directory: { users: 3 },
        steps: [
          { fault: { id: "boom", match: { method: "POST" }, action: { type: "error", status: 500 }, times: 2 } },
          { cycle: "now" },
          { fault: { match: { method: "GET" }, action: { type: "error", status: 503 } } },
          { fault: "reset" },
          { cycle: "now" },
        ],
      });
      expect(result.status).toBe("passed");
      const posts = world.fakeTarget.journal.filter((j) => j.method === "POST").map((j) => j.status);
      expect(posts).toEqual([500, 500, 201, 201, 201]);
      expect(result.timeline.filter((e) => e.kind === "fault").map((e) => [e.kind === "fault" && e.label, e.kind === "fault" && e.end])).toEqual([
        ["error 500", 0],
        ["error 503", 0],
      ]);
    });

    it("fails with the target's own message for a fault it refuses", async () => {
      const { result } = await runFake({ steps: [{ fault: { preset: "sunspots" } }] });
      expect(result.failure!.message).toContain('Error: unknown preset "sunspots"; accepted: invalid-credentials, outage');
      expect(result.failure!.error!.message).toContain("unknown preset");
    });
  });

  describe("directory", () => {
    it("adds, updates, disables, enables, deletes, assigns, unassigns, edits membership and generates", async () => {
      const { result, world } = await runFake({
        directory: { users: 4, groups: 1 },
        steps: [
          {
            directory: [
              { add: { user: { userPrincipalName: "new@example.com", department: "Ops", manager: "user001@example.com" } } },
              { add: { group: { displayName: "Admins", members: { first: 2 } }, assigned: false } },
              { update: { user: { where: { department: "Sales" } }, set: { jobTitle: "Seller" } } },
              { update: { group: "Admins", set: { description: "the admins" } } },
              { disable: { nth: 1 } },
              { disable: "user003@example.com" },
              { enable: { id: "u-00003" } },
              { delete: { user: { last: 1 } } },
              { delete: { user: "user004@example.com", hard: true } },
              { unassign: { user: "user001@example.com" } },
              { assign: { group: "Admins" } },
              { membership: { group: "Admins", add: "user003@example.com", remove: { nth: 0 } } },
              { generate: { users: 2, groups: 1, assigned: false } },
            ],
          },
        ],
      });
      expect(result.status, result.failure?.message).toBe("passed");
      const d = world.fakeDirectory;
      const byUpn = (upn: string) => [...d.users.values()].find((u) => u.userPrincipalName === upn)!;
      expect(byUpn("new@example.com")).toMatchObject({ department: "Ops", managerId: "u-00001", softDeleted: true });
      expect(byUpn("user001@example.com").jobTitle).toBe("Seller");
      expect(byUpn("user002@example.com").accountEnabled).toBe(false);
      expect(byUpn("user003@example.com").accountEnabled).toBe(true);
      expect(d.hardDeleted.has("u-00004")).toBe(true);
      const admins = [...d.groups.values()].find((g) => g.displayName === "Admins")!;
      expect(admins).toMatchObject({ description: "the admins", memberIds: ["u-00002", "u-00003"] });
      expect(d.assigned.has(admins.id)).toBe(true);
      expect(d.assigned.has("u-00001")).toBe(false);
      expect(d.users.size).toBe(6);
      expect(result.steps[0]!.detail).toBe("15 directory edits");
    });

    it("fails when a selector picks nothing or not enough", async () => {
      const none = await runFake({ directory: { users: 2 }, steps: [{ directory: { disable: "nobody@example.com" } }] });
      expect(none.result.failure!.message).toContain('no user in the directory matches "nobody@example.com" (2 users there)');
      const few = await runFake({ directory: { users: 2 }, steps: [{ directory: { delete: { user: { first: 5 } } } }] });
      expect(few.result.failure!.message).toContain('{"first":5} asks for 5 users; the directory has 2');
    });
  });

  describe("target", () => {
    it("goes down (the engine cannot reach it) and up, keeping or wiping its data", async () => {
      const { result, world } = await runFake({
        directory: { users: 2 },
        steps: [
          { cycle: "initial" },
          { target: "down" },
          { cycle: "now" },
          { expect: { job: { code: "Quarantine" } } },
          { target: "up" },
          { expect: { target: { users: 2 } } },
          { target: { state: "down", keepData: false } },
          { target: { state: "up" } },
          { expect: { target: { users: 0 } } },
        ],
      });
      expect(result.status, result.failure?.message).toBe("passed");
      expect(world.fakeEngine.events.find((e) => e.type === "cycle" && e.outcome === "Failed")).toMatchObject({ error: "the target cannot be reached" });
      expect(result.timeline.filter((e) => e.kind === "target-down")).toEqual([
        { kind: "target-down", at: 0, end: 0, keepData: true },
        { kind: "target-down", at: 0, end: 0, keepData: false },
      ]);
    });

    it("is seeded and switches profile", async () => {
      const { result, world } = await runFake({ steps: [{ target: { seed: { users: 3, groups: 1 } } }, { target: { profile: "okta" } }, { expect: { target: { users: 3, groups: 1 } } }] });
      expect(result.status).toBe("passed");
      expect(world.fakeTarget.profile).toBe("okta");
    });
  });

  describe("api", () => {
    it("pause stops cycles, start resumes them", async () => {
      const { result, world } = await runFake({ steps: [{ api: "pause" }, { advance: "2h" }, { api: "start" }, { advance: "next-cycle" }] });
      expect(result.status, result.failure?.message).toBe("passed");
      expect(world.fakeEngine.events.filter((e) => e.type === "cycle").map((e) => e.at - world.config.start)).toEqual([2 * HOUR]);
      expect(result.timeline.filter((e) => e.kind === "api").map((e) => e.kind === "api" && e.call)).toEqual(["pause", "start"]);
    });

    it("restart with resetScope: Watermark makes the next cycle initial, QuarantineState lifts quarantine", async () => {
      const { result } = await runFake({
        steps: [
          { cycle: "initial" },
          { api: { restart: { resetScope: ["Watermark"] } } },
          { cycle: "initial" },
          { api: "quarantine" },
          { expect: { job: { code: "Quarantine", quarantine: { reason: "QuarantinedOnDemand" } } } },
          { cycle: "now" },
          { expect: { job: { code: "Quarantine" } } },
          { api: { restart: { resetScope: "QuarantineState" } } },
          { expect: { job: { code: "Active", quarantine: null } } },
        ],
      });
      expect(result.status, result.failure?.message).toBe("passed");
      expect(result.steps[7]!.detail).toBe("restart QuarantineState");
    });

    it("provisionOnDemand provisions one user and reports the log record", async () => {
      const { result, world } = await runFake({ directory: { users: 3 }, steps: [{ api: { provisionOnDemand: { user: "user002@example.com" } } }] });
      expect(result.steps[0]!.detail).toBe("provisionOnDemand: create success");
      expect([...world.fakeTarget.users.values()].map((u) => u.userName)).toEqual(["user002@example.com"]);
      const ambiguous = await runFake({ directory: { users: 3 }, steps: [{ api: { provisionOnDemand: { user: { first: 2 } } } }] });
      expect(ambiguous.result.failure!.message).toContain("matches 2 users; this needs exactly one");
    });

    it("a scoping or mapping change restarts the job: the next cycle is initial and honours the scope", async () => {
      const { result, world } = await runFake({
        directory: { users: 4 },
        steps: [
          { cycle: "initial" },
          { api: { scoping: { object: "User", filter: [[{ attribute: "department", operator: "EQUALS", value: "Sales" }]] } } },
          { cycle: "initial" },
          { expect: { target: { users: { count: 4, active: 2, inactive: 2 } } } },
          { api: { mapping: { sourceObject: "User", targetObject: "User", attributes: [{ target: "userName", source: "userPrincipalName", matchingPriority: 1 }] } } },
          { cycle: "initial" },
        ],
      });
      expect(result.status, result.failure?.message).toBe("passed");
      expect((await world.directory.expectedTarget()).users.map((u) => u.key)).toEqual(["user001@example.com", "user003@example.com"]);
    });
  });

  describe("restart", () => {
    it("restarts the engine gracefully, after a crash, or after kill; the schedule survives", async () => {
      const { result, world } = await runFake({
        steps: [{ advance: "30m" }, { restart: "graceful" }, { restart: "crash" }, { restart: "kill" }, { advance: "next-cycle" }],
      });
      expect(result.status, result.failure?.message).toBe("passed");
      expect(result.engine).toBe("process");
      expect(result.steps[4]!.end).toBe(40 * MIN);
      expect(result.timeline.filter((e) => e.kind === "restart").map((e) => e.kind === "restart" && e.mode)).toEqual(["graceful", "crash", "kill"]);
      expect(world.fakeEngine.lines.filter((l) => l.startsWith("engine restarted"))).toHaveLength(3);
    });
  });
});
