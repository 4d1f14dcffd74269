import type { Scenario, ScenarioInput } from "./scenario-schema";
import { validateScenario } from "./validate-scenario";

/**
 * A scenario written in TypeScript, with the same structure as a YAML file. Validates at once, so
 * that a mistake fails where the scenario is defined (ConfigError naming the step and field), and
 * returns the definition unchanged for `runScenario`.
 *
 * @example
 * const quarantine = defineScenario({
 *   name: "Invalid credentials quarantine the job",
 *   directory: { users: 5 },
 *   steps: [{ cycle: "initial" }, { fault: { preset: "invalid-credentials" } }, { advance: "40m" },
 *           { expect: { job: { code: "Quarantine" } } }],
 * });
 */
export function defineScenario<const T extends ScenarioInput>(scenario: T): T {
  validateScenario(scenario, { file: definedAt(scenario) });
  return scenario;
}

/** Validates a definition (or passes an already validated scenario through). */
export function toScenario(input: ScenarioInput | Scenario): Scenario {
  if (isValidated(input)) return input;
  return validateScenario(input, { file: definedAt(input) });
}

function isValidated(input: ScenarioInput | Scenario): input is Scenario {
  const first = input.steps[0] as { kind?: unknown; index?: unknown } | undefined;
  return first !== undefined && typeof first.kind === "string" && typeof first.index === "number";
}

function definedAt(scenario: { name?: unknown }): string {
  return `defineScenario(${JSON.stringify(typeof scenario.name === "string" ? scenario.name : "unnamed")})`;
}
