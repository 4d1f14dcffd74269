import { describe, expect, it } from "vitest";
import { assertPassed, defineScenario, runScenario } from "scimlab/harness";
import { fakeWorldFactory } from "../harness/testing/fake-world";

describe('import { runScenario, defineScenario } from "scimlab/harness"', () => {
  it("runs a scenario defined in TypeScript, through the package's own name", async () => {
    const scenario = defineScenario({
      name: "Invalid credentials quarantine the job",
      directory: { users: 5 },
      job: { notifications: { recipients: ["admin@example.com"] } },
      steps: [
        { cycle: "initial" },
        { fault: { id: "creds", preset: "invalid-credentials" } },
        { advance: { until: { job: { code: "Quarantine" } }, within: "2h" } },
        { expect: { job: { quarantine: { reason: "EncounteredQuarantineException" } }, target: { users: 5 } } },
      ],
    });
    const result = await runScenario(scenario, { world: fakeWorldFactory() });
    assertPassed(result);
    expect(result.steps[2]!.end).toBe(40 * 60_000);
  });
});
