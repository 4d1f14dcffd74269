/**
 * Acceptance 1 of issue 8: `validate` against our simulator passes every check under the rfc and
 * entra profiles (entra: both dialects and the engine's live run), and leaves nothing behind.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTarget, type ProfileName, type Target } from "../simulator/index";
import { failedIds, validate } from "./fixtures/broken-targets/validate-run";

let target: Target | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe("validate against the simulator", () => {
  it.each([
    ["rfc", "rfc"],
    ["entra", "rfc"],
    ["okta", "okta"],
  ] as const)("simulator %s, validate --profile %s: every check passes", async (profile, validateProfile) => {
    target = await startTarget({ profile: profile as ProfileName, tokens: ["validate-token-1"] });
    const result = await validate(target, { profile: validateProfile });
    expect(failedIds(result)).toEqual([]);
    expect(result.counts.skipped).toBe(0);
    expect(result.checks.map((c) => c.id)).toContain("users.update.rfc".replace("rfc", validateProfile));
    expect(result.status).toBe("passed");
    expect(target.store.countUsers() + target.store.countGroups()).toBe(0);
  });

  it("simulator entra, validate --profile entra: both dialects and the live run pass", async () => {
    target = await startTarget({ profile: "entra", tokens: ["validate-token-1"] });
    const result = await validate(target, { profile: "entra", users: 12, groups: 2 });
    expect(failedIds(result)).toEqual([]);
    const passed = result.checks.filter((c) => c.status === "passed").map((c) => c.id);
    for (const id of ["connection.test", "users.disable.entra-2017", "groups.members-remove.entra-2020", "live.initial-cycle.entra-2017", "live.incremental-cycle.entra-2020", "discovery.consistent"]) {
      expect(passed).toContain(id);
    }
    // The live run really provisioned through the engine: its exchanges are recorded.
    const live = result.checks.find((c) => c.id === "live.initial-cycle.entra-2017")!;
    expect(live.exchanges.filter((x) => x.request.method === "POST" && x.request.url.endsWith("/Users")).length).toBe(12);
    expect(target.store.countUsers() + target.store.countGroups()).toBe(0);
    expect(result.cleanup.leftovers).toEqual([]);
  });

  it("simulator rfc, validate --profile entra: the 2017 dialect fails with what to accept", async () => {
    target = await startTarget({ profile: "rfc", tokens: ["validate-token-1"] });
    const result = await validate(target, { profile: "entra", dialect: "entra-2017", live: false });
    const update = result.checks.find((c) => c.id === "users.update.entra-2017")!;
    expect(update.status).toBe("failed");
    expect(update.fix).toMatch(/op names case-insensitively/);
    const shown = update.exchanges[update.failedExchange!]!;
    expect(shown.request.method).toBe("PATCH");
    expect((shown.request.body as { Operations: Array<{ op: string }> }).Operations[0]!.op).toBe("Replace");
    expect(shown.response!.status).toBe(400);
    expect(result.checks.find((c) => c.id === "users.create.entra-2017")!.status).toBe("passed");
    expect(target.store.countUsers() + target.store.countGroups()).toBe(0);
  });
});
