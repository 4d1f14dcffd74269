/**
 * The built-in world's engine calls, with the engine in this process and as a child process
 * (`engine: process`): validateCredentials answers alike in both (ok, or the same Graph error code),
 * a cycle or an API call returns only once the mail it owes at once is delivered (so an `expect`
 * right after it sees the mail, sent at that instant), and the scenario's engine-wide notification
 * options (`job.notifications.firstAfter`, `kinds`) reach the engine in both.
 */
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioInput } from "../harness/index";
import { createWorld } from "../harness/world/built-in-world";

const REJECTED = "SystemForCrossDomainIdentityManagementCredentialValidationFailure";

function scenario(engine: "inprocess" | "process"): ScenarioInput {
  return {
    name: `engine calls settle their mail (${engine})`,
    engine,
    seed: 71,
    directory: { users: 3 },
    job: { notifications: { recipients: ["admin@example.com"], firstAfter: 0, kinds: { disabled: false } } },
    steps: [
      { cycle: "initial" },
      { api: { validateCredentials: {} } },
      { api: { validateCredentials: { token: "not-the-saved-token", expect: { error: REJECTED } } } },
      { fault: { id: "creds", preset: "invalid-credentials" } },
      { api: { validateCredentials: { expect: { error: REJECTED } } } },
      { advance: "5m" },
      { cycle: "now", note: "fails, quarantines; firstAfter 0 owes the quarantine mail at once" },
      {
        expect: {
          job: { code: "Quarantine", quarantine: { reason: "EncounteredQuarantineException" } },
          mail: { kind: "quarantine", count: 1, sentAt: { ago: "0s", tolerance: 0 } },
        },
      },
      { advance: "5m" },
      { api: "quarantine", note: "a reason change owes its mail at once" },
      {
        expect: {
          job: { quarantine: { reason: "QuarantinedOnDemand" } },
          mail: [
            { kind: "reason-changed", count: 1, sentAt: { ago: "0s", tolerance: 0 } },
            { count: 2 },
          ],
        },
      },
      { fault: { remove: "creds" } },
      { api: { validateCredentials: { expect: "ok" } } },
    ],
  };
}

describe("engine calls in the built-in world", () => {
  it.each(["inprocess", "process"] as const)("engine %s: validateCredentials answers, mail is delivered before the step returns", async (engine) => {
    const result = await runScenario(scenario(engine), { world: createWorld, timeoutMs: 60_000 });
    expect(result.failure?.message ?? null).toBeNull();
    expect(result.status).toBe("passed");
    expect(result.steps[1]!.detail).toBe("validateCredentials (saved credentials): ok");
    expect(result.steps[2]!.detail).toMatch(new RegExp(`^validateCredentials: 400 ${REJECTED} \\(GET /Users.* 401`));
    // The wrong token is not in the answer's words (the scenario recovery/validate-credentials.yaml shows it is not saved).
    expect(result.steps[2]!.detail).not.toContain("not-the-saved-token");
  }, 90_000);

  it("a scenario expecting ok from rejected credentials fails at that step, showing the code", async () => {
    const input = scenario("inprocess");
    const steps = input.steps.slice(0, 5);
    steps[4] = { api: { validateCredentials: {} } };
    const result = await runScenario({ ...input, steps }, { world: createWorld, timeoutMs: 60_000 });
    expect(result.status).toBe("failed");
    expect(result.failure?.stepIndex).toBe(4);
    expect(result.failure?.message).toContain(`expected the credentials to be accepted, the engine answered 400 ${REJECTED}`);
  }, 60_000);
});
