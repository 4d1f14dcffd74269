/**
 * Acceptance 2 of issue 8: against targets broken in exactly one known way, `validate` fails
 * exactly the checks concerned, each with a message that says what to fix.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Target } from "../simulator/index";
import { startBrokenTarget, type BrokenTargetName } from "./fixtures/broken-targets/index";
import { failedIds, validate } from "./fixtures/broken-targets/validate-run";

const targets: Target[] = [];
afterAll(async () => {
  await Promise.all(targets.map((t) => t.close()));
});

const EXPECTED: Record<BrokenTargetName, { fails: string[]; fix: RegExp }> = {
  "case-sensitive-username-filter": { fails: ["filter.username-case-insensitive"], fix: /case-insensitively/ },
  "case-sensitive-patch-op": {
    fails: [
      "users.update.entra-2017",
      "users.manager.entra-2017",
      "users.disable.entra-2017",
      "groups.update.entra-2017",
      "groups.members-add.entra-2017",
      "live.initial-cycle.entra-2017",
    ],
    fix: /op names case-insensitively/,
  },
  "string-booleans-rejected": { fails: ["users.disable.entra-2017", "live.incremental-cycle.entra-2017"], fix: /"True"\/"False"|"False"/ },
  "empty-body-for-no-match": {
    fails: [
      "connection.test",
      "filter.empty-list-response",
      "users.create.entra-2017",
      "groups.create.entra-2017",
      "users.create.entra-2020",
      "groups.create.entra-2020",
      "live.initial-cycle.entra-2017",
      "live.initial-cycle.entra-2020",
    ],
    fix: /empty ListResponse|"totalResults": 0/,
  },
  "no-409-on-duplicate": { fails: ["errors.duplicate-409"], fix: /409 Conflict/ },
  "wrong-error-body": { fails: ["errors.unauthorized-401", "errors.duplicate-409", "errors.not-found-404"], fix: /SCIM error body/ },
};

describe("validate against broken targets", () => {
  it.concurrent.each(Object.keys(EXPECTED) as BrokenTargetName[])("%s: exactly the checks concerned fail, saying what to fix", async (name) => {
    const target = await startBrokenTarget(name, { tokens: ["broken-token-1"] });
    targets.push(target);
    const result = await validate(target, { profile: "entra" });
    const expected = EXPECTED[name];
    expect(failedIds(result)).toEqual([...expected.fails].sort());
    for (const id of expected.fails) {
      const check = result.checks.find((c) => c.id === id)!;
      expect(check.message, id).toBeTruthy();
      if (!id.startsWith("live.")) expect(check.fix, id).toMatch(expected.fix);
    }
    // Whatever failed, nothing is left behind.
    expect(result.cleanup.leftovers).toEqual([]);
    expect(target.store.countUsers() + target.store.countGroups()).toBe(0);
  });

  it("the failing exchange is the one that shows the fault", async () => {
    const target = await startBrokenTarget("empty-body-for-no-match", { tokens: ["broken-token-1"] });
    targets.push(target);
    const result = await validate(target, { profile: "entra", live: false, dialect: "entra-2020" });
    const check = result.checks.find((c) => c.id === "filter.empty-list-response")!;
    const shown = check.exchanges[check.failedExchange!]!;
    expect(shown.request.url).toContain("filter=userName");
    expect(shown.response).toMatchObject({ status: 200 });
    expect(shown.response!.body).toBeUndefined();
    expect(check.message).toMatch(/empty body where a ListResponse belongs/);
  });
});
