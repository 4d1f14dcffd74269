import type { ReadonlyScenarioResult } from "../result/result-schema";

/** A scenario that failed, thrown by {@link assertPassed} with the failure's whole message. */
export class ScenarioFailedError extends Error {
  constructor(readonly result: ReadonlyScenarioResult) {
    super(`scenario failed: ${result.name}\n${result.failure?.message ?? "(no failure recorded)"}`);
    this.name = "ScenarioFailedError";
  }
}

/**
 * Throws unless the scenario passed; for tests: `assertPassed(await runScenario(s, { world }))`.
 */
export function assertPassed(result: ReadonlyScenarioResult): void {
  if (result.status !== "passed") throw new ScenarioFailedError(result);
}
