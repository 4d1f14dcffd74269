/**
 * Acceptance 3 of issue 8: validate leaves nothing behind on the target, also when interrupted:
 * mid-check and mid-live-run (the command line's SIGINT is in validate-cli.test.ts).
 * Interruptions are triggered by the target itself when it sees the n-th create, so they land at
 * a known point without any sleeping.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../simulator/index";
import { validate } from "./fixtures/broken-targets/validate-run";

let target: Target | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** Calls `fire` when the target receives its n-th POST whose path and body match. */
function onNthCreate(t: Target, n: number, fire: () => void, match: (body: string) => boolean = () => true): void {
  let seen = 0;
  t.hooks.before = async (exchange) => {
    if (exchange.req.method === "POST" && match(JSON.stringify(exchange.body ?? "")) && ++seen === n) fire();
    return undefined;
  };
}

const remaining = (t: Target) => t.store.countUsers() + t.store.countGroups();

describe("validate cleans up", () => {
  it("removes everything it created and nothing else", async () => {
    target = await startTarget({ profile: "entra", tokens: ["cleanup-token"], seedUsers: 7, seedGroups: 2, seed: "pre-existing" });
    const before = target.store.listUsers().map((u) => u.id).sort();
    const result = await validate(target, { profile: "entra" });
    expect(result.cleanup.deleted).toBeGreaterThan(10);
    expect(target.store.listUsers().map((u) => u.id).sort()).toEqual(before);
    expect(target.store.countGroups()).toBe(2);
  });

  it("interrupted in the middle of the checks: a create in flight is found by its key and removed", async () => {
    target = await startTarget({ profile: "entra", tokens: ["cleanup-token"] });
    const stop = new AbortController();
    // The 6th create reaches the store, but its answer never reaches validate.
    onNthCreate(target, 6, () => stop.abort(new Error("interrupted")));
    const result = await validate(target, { profile: "entra" }, { signal: stop.signal });
    expect(result.status).toBe("interrupted");
    expect(result.counts.notRun).toBeGreaterThan(10);
    expect(result.cleanup.leftovers).toEqual([]);
    expect(remaining(target)).toBe(0);
  });

  it("interrupted in the middle of the engine's live cycle", async () => {
    target = await startTarget({ profile: "entra", tokens: ["cleanup-token"] });
    const stop = new AbortController();
    onNthCreate(target, 5, () => stop.abort(new Error("interrupted")), (body) => body.includes("-l17-"));
    const result = await validate(target, { profile: "entra", users: 12, groups: 2 }, { signal: stop.signal });
    expect(result.status).toBe("interrupted");
    expect(result.checks.find((c) => c.id === "live.initial-cycle.entra-2017")!.status).toBe("notRun");
    expect(remaining(target)).toBe(0);
  });
});
