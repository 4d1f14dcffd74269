/** `--dry-run` lists every request validate would send, and sends none to the target. */
import { afterEach, describe, expect, it } from "vitest";
import { consoleReport } from "../harness/validate/report/console-report";
import { startTarget, type Target } from "../simulator/index";
import { validate } from "./fixtures/broken-targets/validate-run";

let target: Target | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe("validate --dry-run", () => {
  it("sends nothing and lists the requests, writes included, with the target's URL", async () => {
    target = await startTarget({ profile: "entra", tokens: ["dry-token-1"] });
    let received = 0;
    target.hooks.done = () => {
      received++;
    };
    const result = await validate(target, { profile: "entra", dryRun: true });
    expect(received).toBe(0);
    expect(result.counts.planned).toBe(result.checks.length);
    const all = [...result.checks.flatMap((c) => c.exchanges), ...result.cleanup.exchanges];
    expect(all.every((x) => !x.sent && x.response === null)).toBe(true);
    expect(all.every((x) => x.request.url.startsWith(target!.baseUrl))).toBe(true);
    const methods = new Set(all.map((x) => x.request.method));
    expect([...methods].sort()).toEqual(["DELETE", "GET", "PATCH", "POST"]);
    // The live run's engine requests are listed too.
    expect(result.checks.find((c) => c.id === "live.initial-cycle.entra-2017")!.exchanges.some((x) => x.request.method === "POST")).toBe(true);
    const text = consoleReport(result);
    expect(text).toMatch(/Dry run: nothing was sent/);
    expect(text).toMatch(/PATCH .*\/Users\/.*"op":"Replace"/);
    expect(text).toMatch(/DRY RUN: 0 passed, 0 failed, 0 skipped, \d+ planned/);
    expect(target.store.countUsers()).toBe(0);
  });
});
