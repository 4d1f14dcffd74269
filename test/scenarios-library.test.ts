/**
 * Issue 7, acceptances 1 and 4: the whole scenario library passes in the built-in world, run the
 * way `npm start` runs it (runSuite on worker threads, one world per scenario). `npm test`, and so
 * `.ci/run`, run every scenario through this test. A failure prints each failed scenario's message
 * (the step, expected against actual, the last timeline and journal entries).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSuite } from "../harness/index";

const root = join(import.meta.dirname, "..");

describe("the scenario library", () => {
  it("passes every scenario under scenarios/", { timeout: 600_000 }, async () => {
    const run = await runSuite({ paths: ["scenarios"], cwd: root, workers: 2, timeoutMs: 300_000 });
    const failures = run.scenarios.filter((s) => s.status !== "passed").map((s) => `${s.file}\n${s.failure?.message ?? "(no message)"}`);
    expect(failures.join("\n\n")).toBe("");
    expect(run.counts.total).toBeGreaterThanOrEqual(25);
    expect(run.status).toBe("passed");
  });
});
