import { describe, expect, it } from "vitest";
import { runFake } from "../testing/run-fake";
import type { StepInput } from "../scenario/step-schema";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

/** Runs the steps, then `expectation` as the last step; returns its failure's mismatches ([] when it held). */
async function mismatches(setup: StepInput[], expectation: StepInput & { expect: unknown }, users = 3) {
  const { result } = await runFake({ directory: { users }, job: { notifications: { recipients: ["admin@example.com"] } }, steps: [...setup, expectation] });
  const failed = result.steps.find((s) => s.status === "failed");
  if (failed && failed.index !== setup.length) throw new Error(`setup failed: ${failed.failure?.message}`);
  return result.failure?.mismatches ?? [];
}

const quarantined: StepInput[] = [{ cycle: "initial" }, { fault: { id: "creds", preset: "invalid-credentials" } }, { advance: "40m" }];

describe("expectations, in a fake world", () => {
  describe("job", () => {
    it("matches status fields, the quarantine and the schedule; times relative to now", async () => {
      expect(await mismatches(quarantined, { expect: { job: { code: "Quarantine", quarantine: { reason: "EncounteredQuarantineException", seriesCount: 1, nextAttempt: { in: "40m", tolerance: 0 }, seriesBegan: { at: "40m" } } } } })).toEqual([]);
      expect(await mismatches(quarantined, { expect: { job: { schedule: { state: "Active", interval: "PT40M" }, lastExecution: { state: "Failed", error: { message: { match: "401" } } } } } })).toEqual([]);
      const [m] = await mismatches(quarantined, { expect: { job: { quarantine: { nextAttempt: { in: "80m" } } } } });
      expect(m).toMatchObject({ path: "job.quarantine.nextAttempt", expected: { in: "1h20m" }, actual: "2026-01-05T10:20:00.000Z" });
      expect(m!.problem).toBe("expected 2026-01-05T11:00:00.000Z (in 1h20m, ±1m), got 2026-01-05T10:20:00.000Z (40m earlier)");
    });

    it("sees the job disabled after four weeks in quarantine", async () => {
      expect(await mismatches([...quarantined, { advance: "29d" }], { expect: { job: { code: "Quarantine", schedule: { state: "Disabled" } }, mail: { kind: "disabled" } } })).toEqual([]);
    });
  });

  describe("target", () => {
    it("counts users and groups, active and inactive", async () => {
      const setup: StepInput[] = [{ cycle: "initial" }, { directory: { disable: { first: 1 } } }, { cycle: "now" }];
      expect(await mismatches(setup, { expect: { target: { users: { count: 3, active: 2, inactive: 1 }, groups: 0 } } })).toEqual([]);
      expect(await mismatches(setup, { expect: { target: { users: { gte: 2, lte: 3 } } } })).toEqual([]);
      const found = await mismatches(setup, { expect: { target: { users: { active: 3 } } } });
      expect(found).toEqual([{ path: "target.users.active", expected: 3, actual: 2, problem: "expected 3, got 2" }]);
    });

    it("includes and excludes users by partial attributes, explaining a near miss", async () => {
      const setup: StepInput[] = [{ cycle: "initial" }, { directory: { disable: "user001@example.com" } }, { cycle: "now" }];
      expect(await mismatches(setup, { expect: { target: { users: { include: [{ userName: "user001@example.com", active: false }], exclude: [{ userName: "nobody@example.com" }] } } } })).toEqual([]);
      const [near] = await mismatches(setup, { expect: { target: { users: { include: [{ userName: "USER001@example.com", active: true }] } } } });
      expect(near!.problem).toBe('userName "USER001@example.com" is there but differs: active expected true, got false');
      const [absent] = await mismatches(setup, { expect: { target: { users: { include: [{ userName: "ghost@example.com" }] } } } });
      expect(absent!.problem).toBe("no user on the target matches");
      const [present] = await mismatches(setup, { expect: { target: { users: { exclude: [{ active: false }] } } } });
      expect(present!.problem).toBe("1 on the target matches, expected none");
    });
  });

  describe("journal", () => {
    it("counts requests by method, resource, operation, status and rule; total", async () => {
      const setup: StepInput[] = [{ cycle: "initial" }, ...quarantined.slice(1)];
      expect(
        await mismatches(setup, {
          expect: {
            journal: {
              total: 8,
              requests: [
                { method: "POST", resource: "Users", operation: "create", status: 201, count: 3 },
                { method: "get", status: { gte: 400 }, rule: "creds", count: 1 },
                { path: { match: "^/Users$" } },
              ],
            },
          },
        }),
      ).toEqual([]);
      const [m] = await mismatches(setup, { expect: { journal: { requests: [{ method: "POST", status: 201, count: 4 }] } } });
      expect(m).toMatchObject({ path: "journal.requests[0].count", expected: 4, actual: 3 });
      expect(m!.problem).toBe("expected 4 requests with method=POST, status=201, got 3 (of 8 in the window)");
    });

    it("checks order and windows (since previous-step, {ago}, {at})", async () => {
      const setup: StepInput[] = [{ cycle: "initial" }, { advance: "next-cycle" }];
      expect(await mismatches(setup, { expect: { journal: { order: [{ method: "GET" }, { method: "POST" }, { method: "GET" }] } } })).toEqual([]);
      const [order] = await mismatches(setup, { expect: { journal: { order: [{ method: "POST" }, { method: "DELETE" }] } } });
      expect(order).toMatchObject({ path: "journal.order[1]", problem: "no request with method=DELETE after the 1 matched before it" });
      expect(await mismatches(setup, { expect: { journal: { since: "previous-step", total: 1 } } })).toEqual([]);
      expect(await mismatches(setup, { expect: { journal: { since: { ago: "10m" }, total: 1 } } })).toEqual([]);
      expect(await mismatches(setup, { expect: { journal: { since: { at: "1m" }, requests: [{ method: "POST", count: 0 }] } } })).toEqual([]);
    });
  });

  describe("mail", () => {
    it("counts mail by kind, recipient, sender, subject and time", async () => {
      const setup: StepInput[] = [...quarantined, { advance: "1d" }];
      expect(
        await mismatches(setup, {
          expect: {
            mail: [
              { count: 1, kind: "quarantine", to: "admin@example.com", subject: { match: "EncounteredQuarantineException" }, sentAt: { at: "1d40m", tolerance: 0 } },
              { kind: "disabled", count: 0 },
              { from: { match: "@scimlab.test$" }, since: "previous-step" },
            ],
          },
        }),
      ).toEqual([]);
      const [m] = await mismatches(setup, { expect: { mail: { to: "ops@example.com" } } });
      expect(m).toMatchObject({ path: "mail.count", expected: { gte: 1 }, actual: 0 });
      expect(m!.problem).toBe("expected ≥ 1 mails with to=ops@example.com, got 0 (of 1 in the window)");
    });
  });

  describe("logs", () => {
    it("counts provisioning log records by action, status, errorCode, cycle and identity", async () => {
      const setup: StepInput[] = [{ fault: { match: { method: "POST" }, action: { type: "error", status: 500 }, times: 1 } }, { cycle: "initial" }];
      expect(
        await mismatches(setup, {
          expect: {
            logs: [
              { action: "create", status: "success", count: 2 },
              { action: "create", status: "failure", errorCode: "Http500", identity: "User 1", count: 1 },
              { cycleId: "cycle-1", count: 3 },
            ],
          },
        }),
      ).toEqual([]);
      const [m] = await mismatches(setup, { expect: { logs: { errorCode: "EntryConflict" } } });
      expect(m!.path).toBe("logs.count");
    });
  });

  describe("invariants", () => {
    it("no-duplicate-creates: fails on a second create of the same user, not after the target lost its data", async () => {
      const ok = await runFake({ directory: { users: 2 }, steps: [{ cycle: "initial" }, { target: { state: "down", keepData: false } }, { target: "up" }, { api: { restart: { resetScope: "Full" } } }, { cycle: "initial" }, { expect: { invariants: "no-duplicate-creates" } }] });
      expect(ok.result.status, ok.result.failure?.message).toBe("passed");
      const { result } = await runFake({
        directory: { users: 2 },
        steps: [{ cycle: "initial" }, { api: { restart: { resetScope: "ConnectorDataStore" } } }, { expect: { invariants: ["no-duplicate-creates"] } }],
      });
      expect(result.status).toBe("passed"); // matching before create: the engine finds them again
      const dup = await runFake({ directory: { users: 2 }, steps: [{ cycle: "initial" }, { expect: { invariants: ["no-duplicate-creates"] } }] }, {
        onRequest: (r) => (r.operation === "query" ? 200 : undefined), // the lookup never finds anyone…
      });
      expect(dup.result.status).toBe("passed"); // …but 409 protects: still one create each
      const { world, result: injected } = await runFake({ directory: { users: 1 }, steps: [{ cycle: "initial" }, { advance: "1h" }, { expect: { invariants: ["no-duplicate-creates"] } }] });
      expect(injected.status).toBe("passed");
      world.injectJournal({ at: T0 + 3_600_000, method: "POST", path: "/Users", resource: "Users", status: 201, body: { userName: "USER001@example.com" } });
      const again = await import("../runner/run-scenario").then(({ runScenario }) =>
        runScenario({ name: "again", steps: [{ expect: { invariants: "no-duplicate-creates" } }] }, { world: async () => world }),
      );
      expect(again.failure!.mismatches[0]).toMatchObject({
        path: "invariants.no-duplicate-creates",
        problem: "1 object was created more than once: Users/user001@example.com ×2",
        actual: [{ resource: "Users/user001@example.com", createdAt: ["T+0s", "T+1h"] }],
      });
    });

    it("target-matches-directory: missing, wrongly active, and out-of-scope users", async () => {
      const synced = await runFake({ directory: { users: 3 }, steps: [{ cycle: "initial" }, { expect: { invariants: "target-matches-directory" } }] });
      expect(synced.result.status).toBe("passed");
      const [stale] = await mismatches([{ cycle: "initial" }, { directory: [{ disable: "user001@example.com" }, { add: { user: { userPrincipalName: "late@example.com" } } }, { unassign: { user: "user002@example.com" } }] }], {
        expect: { invariants: "target-matches-directory" },
      });
      expect(stale!.problem).toBe(
        "3 differences: user user001@example.com should be inactive, is active; user late@example.com is missing; user user002@example.com is active but not in scope",
      );
    });

    it("no-secret-leak: names where a secret appears, never the secret", async () => {
      const clean = await runFake({ directory: { users: 1 }, steps: [{ cycle: "initial" }, { expect: { invariants: "no-secret-leak" } }] });
      expect(clean.result.status).toBe("passed");
      const { world } = clean;
      world.extraLines.push("connecting with Bearer fake-target-token-0123456789");
      world.extraMails.push({ at: T0, kind: "quarantine", from: "x@example.com", to: ["a@example.com"], subject: "password fake-smtp-password-9876" });
      const { runScenario } = await import("../runner/run-scenario");
      const leaked = await runScenario({ name: "leak", steps: [{ expect: { invariants: "no-secret-leak" } }] }, { world: async () => world });
      expect(leaked.failure!.mismatches[0]!.problem).toBe(
        "secret #1 (28 characters) appears in the log lines; secret #2 (23 characters) appears in the mail",
      );
      expect(JSON.stringify(leaked)).not.toContain("fake-target-token-0123456789");
      expect(JSON.stringify(leaked)).not.toContain("fake-smtp-password-9876");
    });
  });
});
