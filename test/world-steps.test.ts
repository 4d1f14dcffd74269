/**
 * Every step kind against the built-in world: a real simulator and a real engine over loopback
 * HTTP, on one virtual clock. Each scenario checks what the step did through the expectations a
 * user would write, and the tests look at the results the runner recorded.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detailOf, passes, run } from "./world-helpers";

describe("built-in world: cycle, advance, directory", () => {
  it("runs the initial cycle, then scheduled incremental cycles as time passes, with directory edits in between", async () => {
    const result = await passes({
      name: "directory edits reach the target",
      seed: 3,
      directory: { users: 8, groups: 2 },
      steps: [
        { cycle: "initial" },
        {
          expect: {
            job: { code: "Active", lastExecution: { state: "Succeeded" } },
            target: { users: 8, groups: 2 },
            journal: { requests: [{ method: "POST", resource: "Users", status: 201, count: 8 }, { method: "POST", resource: "Groups", count: 2 }] },
            logs: { action: "create", status: "success", count: 10 },
            invariants: ["no-duplicate-creates", "target-matches-directory", "no-secret-leak"],
          },
        },
        {
          directory: [
            { add: { user: { userPrincipalName: "new.person@contoso.example", displayName: "New Person", department: "Ops" } } },
            { update: { user: { nth: 0 }, set: { jobTitle: "Chief Tester" } } },
            { delete: { user: { nth: 1 } } },
            { unassign: { user: { nth: 2 } } },
            { add: { group: { displayName: "Testers", members: { first: 2 } } } },
            { membership: { group: "Testers", add: "new.person@contoso.example" } },
            { generate: 2 },
          ],
        },
        { advance: "next-cycle" },
        {
          expect: {
            target: {
              users: { include: [{ userName: "new.person@contoso.example", active: true }] },
              groups: { include: [{ displayName: "Testers" }] },
            },
            journal: { requests: [{ method: "PATCH", resource: "Users" }], since: "previous-step" },
            invariants: ["no-duplicate-creates", "target-matches-directory"],
          },
        },
        { advance: { to: "1d" } },
        { expect: { job: { code: "Active" }, logs: { status: "failure", count: 0 } } },
      ],
    });
    expect(detailOf(result, 0)).toMatch(/initial, Succeeded, 10 exported/);
    expect(detailOf(result, 2)).toBe("7 directory edits");
    expect(detailOf(result, 3)).toMatch(/advanced 40m; cycle .*: incremental, Succeeded/);
    // A day of 40-minute cycles ran on the way (scheduled, not asked for).
    expect(result.timeline.filter((e) => e.kind === "cycle").length).toBeGreaterThanOrEqual(30);
  });

  it("advances until an expectation holds, one clock step at a time", async () => {
    const result = await passes({
      name: "until",
      directory: { users: 3 },
      steps: [
        { directory: { generate: 2 } },
        { advance: { until: { target: { users: 5 } }, within: "1h" } },
        { expect: { job: { lastExecution: { state: "Succeeded", countExported: 5 } } } },
      ],
    });
    // The first cycle is due when the job starts: it holds at the first clock step, without waiting an interval.
    expect(result.steps[1]!.end).toBe(0);
  });

  it("fails an expectation with expected against actual from the real target", async () => {
    const result = await run({
      name: "a wrong count",
      directory: { users: 4 },
      steps: [{ cycle: "initial" }, { expect: { target: { users: 5 } } }],
    });
    expect(result.status).toBe("failed");
    expect(result.failure?.message).toMatch(/step 2/);
    expect(JSON.stringify(result.failure)).toMatch(/target\.users/);
    expect(JSON.stringify(result.failure?.mismatches)).toContain("4");
  });
});

describe("built-in world: faults and the target", () => {
  it("installs fault rules and presets on the simulator, and removes and resets them", async () => {
    const result = await passes({
      name: "faults",
      directory: { users: 6 },
      steps: [
        { fault: { id: "two-503", match: { method: "POST", resource: "Users" }, action: { type: "error", status: 503 }, times: 2 } },
        { cycle: "initial" },
        {
          expect: {
            job: { lastExecution: { state: "EntryLevelErrors" } },
            target: { users: 4 },
            journal: { requests: [{ method: "POST", resource: "Users", status: 503, rule: "two-503", count: 2 }] },
            logs: { action: "create", status: "failure", count: 2 },
          },
        },
        { fault: { remove: "two-503" } },
        { fault: { id: "creds", preset: "invalid-credentials" } },
        { directory: { update: { user: { first: 2 }, set: { jobTitle: "Changed" } } } },
        { cycle: "incremental" },
        { expect: { journal: { requests: [{ status: 401, rule: "creds" }], since: "previous-step" } } },
        { fault: "reset" },
        { advance: "7h" },
        { expect: { target: { users: 6 }, invariants: ["no-duplicate-creates", "target-matches-directory"] } },
      ],
    });
    expect(detailOf(result, 0)).toBe("added error 503 as two-503");
  });

  it("refuses a fault the simulator rejects, and a removal of an id that is not installed", async () => {
    const bad = await run({ name: "bad fault", steps: [{ fault: { preset: "no-such-preset" } }] });
    expect(bad.status).toBe("failed");
    expect(bad.failure?.message).toMatch(/no-such-preset/);
    const missing = await run({ name: "missing", steps: [{ fault: { remove: "ghost" } }] });
    expect(missing.failure?.message).toMatch(/no fault rule with id "ghost"; installed: none/);
  });

  it("stops and starts the target keeping or wiping its data, seeds it and switches its profile", async () => {
    const result = await passes({
      name: "target changes",
      directory: { users: 5 },
      steps: [
        { cycle: "initial" },
        { target: "down" },
        { directory: { update: { user: { nth: 0 }, set: { jobTitle: "While down" } } } },
        { cycle: "incremental" },
        { expect: { job: { lastExecution: { state: { oneOf: ["Failed", "EntryLevelErrors"] } } }, target: { users: 5 } } },
        { target: "up" },
        { target: { state: "down", keepData: false } },
        { target: "up" },
        { expect: { target: { users: 0 } } },
        { api: { restart: { resetScope: ["Full"] } } },
        { advance: "next-cycle" },
        { expect: { target: { users: 5 }, invariants: ["no-duplicate-creates", "target-matches-directory"] } },
        { target: { seed: { users: 3, groups: 1 } } },
        { expect: { target: { users: 8, groups: 1 } } },
        { target: { profile: "rfc" } },
      ],
    });
    expect(detailOf(result, 6)).toBe("target down, data wiped");
    expect(detailOf(result, 12)).toBe("seeded 3 users and 1 groups on the target");
  });

  it("authenticates with OAuth client credentials: tokens expire on the world's clock and the engine fetches new ones", async () => {
    await passes({
      name: "oauth",
      directory: { users: 3 },
      target: { auth: "oauth", tokenTtl: "30m" },
      steps: [
        { cycle: "initial" },
        { expect: { journal: { requests: [{ resource: "Token", method: "POST", status: 200, count: 1 }, { status: 401, count: 0 }] } } },
        { directory: { update: { user: { all: true }, set: { jobTitle: "After expiry" } } } },
        { advance: "2h" },
        {
          expect: {
            journal: { requests: [{ resource: "Token", status: 200, count: { gte: 2 } }, { method: "PATCH", resource: "Users", status: 200, count: 3 }] },
            logs: { status: "failure", count: 0 },
            invariants: ["no-secret-leak"],
          },
        },
      ],
    });
  });

  it("loads the directory from an export file and assigns it to the application", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scimlab-world-test-"));
    try {
      const file = join(dir, "directory.json");
      writeFileSync(
        file,
        JSON.stringify({
          users: [
            { id: "u1", userPrincipalName: "ada@contoso.example", displayName: "Ada", accountEnabled: true },
            { id: "u2", userPrincipalName: "alan@contoso.example", displayName: "Alan", accountEnabled: true },
          ],
          groups: [{ id: "g1", displayName: "Pioneers", memberIds: ["u1", "u2"] }],
          assignments: [],
        }),
      );
      await passes({
        name: "directory file",
        directory: { file, users: 1 },
        steps: [
          { cycle: "initial" },
          {
            expect: {
              target: { users: { count: 3, include: [{ userName: "ada@contoso.example" }, { userName: "alan@contoso.example" }] }, groups: 1 },
              invariants: ["target-matches-directory"],
            },
          },
        ],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
