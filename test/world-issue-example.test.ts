/**
 * Acceptance 1 of issue 6 against the real world: the example runs as written and passes
 * (its `restart: kill` runs the engine as a child process), and a copy with one wrong expectation
 * fails at that step with expected against actual.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "../harness/runner/run-scenario";
import { loadScenarioFile } from "../harness/scenario/load-scenario";
import { createWorld } from "../harness/world/built-in-world";

const fixture = (name: string): string => fileURLToPath(new URL(`../harness/testing/fixtures/${name}`, import.meta.url));

describe("the issue's example in the built-in world", () => {
  it("runs as written and passes", async () => {
    const scenario = await loadScenarioFile(fixture("issue-example.yaml"), "issue-example.yaml");
    expect(scenario.engine).toBe("process");
    const result = await runScenario(scenario, { world: createWorld, timeoutMs: 60_000 });
    expect(result.failure?.message ?? "").toBe("");
    expect(result.status).toBe("passed");
    expect(result.timeline.some((e) => e.kind === "restart" && e.mode === "kill")).toBe(true);
    expect(result.timeline.filter((e) => e.kind === "mail").map((e) => e.kind === "mail" && e.mailKind)).toEqual(["quarantine"]);
  }, 60_000);

  it("fails the copy with one wrong expectation at that step, with expected against actual", async () => {
    const scenario = await loadScenarioFile(fixture("wrong-expectation.yaml"), "wrong-expectation.yaml");
    const result = await runScenario(scenario, { world: createWorld, timeoutMs: 60_000 });
    expect(result.status).toBe("failed");
    expect(result.failure?.stepIndex).toBe(8);
    expect(result.failure?.line).toBe(22);
    expect(result.failure?.mismatches).toEqual([expect.objectContaining({ path: "job.code", expected: "Active", actual: "Quarantine" })]);
    expect(result.failure?.message).toMatch(/^step 9 \(line 22\): expect: \{ job: \{ code: Active \} \}/);
    expect(result.failure?.message).toContain('expected "Active", got "Quarantine"');
    expect(result.steps.slice(9).every((s) => s.status === "skipped")).toBe(true);
  }, 60_000);
});
