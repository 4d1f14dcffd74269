import { runScenario, type RunScenarioOptions } from "../runner/run-scenario";
import type { ScenarioResult } from "../result/result-schema";
import type { ScenarioInput } from "../scenario/scenario-schema";
import { fakeWorldFactory, type FakeWorld, type FakeWorldOptions } from "./fake-world";

/** Runs a scenario (name optional) in a fake world; returns the result and the world it ran in. */
export async function runFake(
  scenario: Omit<ScenarioInput, "name"> & { name?: string },
  options: FakeWorldOptions & Omit<RunScenarioOptions, "world"> = {},
): Promise<{ result: ScenarioResult; world: FakeWorld }> {
  const factory = fakeWorldFactory(options);
  const result = await runScenario({ name: "a test scenario", ...scenario }, { ...options, world: factory });
  return { result, world: factory.created[0]! };
}
