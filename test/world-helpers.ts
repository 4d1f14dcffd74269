/**
 * Shared set-up of the built-in world's tests: run a scenario in the real world (simulator, engine
 * and mail catcher over loopback), or build a world by hand to look inside it.
 */
import { assertPassed } from "../harness/runner/assert-passed";
import { runScenario, DEFAULT_START } from "../harness/runner/run-scenario";
import { toScenario } from "../harness/scenario/define-scenario";
import type { ScenarioInput } from "../harness/scenario/scenario-schema";
import type { ScenarioResult } from "../harness/result/result-schema";
import { BuiltInWorld, createWorld } from "../harness/world/built-in-world";

/** Runs a scenario in the built-in world and fails the test with the scenario's failure message. */
export async function passes(input: ScenarioInput): Promise<ScenarioResult> {
  const result = await runScenario(input, { world: createWorld, timeoutMs: 60_000 });
  assertPassed(result);
  return result;
}

/** Runs a scenario in the built-in world and returns its result, passed or not. */
export function run(input: ScenarioInput): Promise<ScenarioResult> {
  return runScenario(input, { world: createWorld, timeoutMs: 60_000 });
}

/** A world for a scenario header (the steps are the test's own code), disposed after `use`. */
export async function withWorld<T>(input: Omit<ScenarioInput, "steps">, use: (world: BuiltInWorld) => Promise<T>): Promise<T> {
  const scenario = toScenario({ ...input, steps: [{ cycle: "now" }] } as ScenarioInput);
  const world = await BuiltInWorld.create({ scenario, seed: scenario.seed ?? 1, start: DEFAULT_START });
  try {
    return await use(world);
  } finally {
    await world.dispose();
  }
}

/** The detail the runner recorded for step `index` (0-based). */
export function detailOf(result: ScenarioResult, index: number): string {
  return result.steps[index]?.detail ?? "";
}

/** Ten users, created two at a time, each create taking 20 virtual seconds: a cycle of 100 seconds. */
export function slowCreates(mode: "graceful" | "crash" | "kill"): ScenarioInput {
  return {
    name: `restart ${mode} in the middle of the initial cycle`,
    directory: { users: 10 },
    job: { options: { client: { concurrency: 2 } } },
    steps: [
      { fault: { id: "slow", match: { method: "POST", resource: "Users" }, action: { type: "latency", delay: "20s" } } },
      { advance: "50s" },
      { expect: { target: { users: 4 }, job: { progress: { length: 1 } } } },
      { restart: mode },
      { advance: { until: { job: { lastExecution: { state: "Succeeded" } } }, within: "2h" } },
      { expect: { target: { users: 10 }, invariants: ["no-duplicate-creates", "target-matches-directory", "no-secret-leak"] } },
    ],
  };
}
