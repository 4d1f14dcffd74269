import { describe, expect, it } from "vitest";
import { toScenario } from "../scenario/define-scenario";
import type { ScenarioInput } from "../scenario/scenario-schema";
import { jobInputOf } from "./job-setup";

const wiring = { baseUrl: "http://127.0.0.1:1234/scim/v2", credentials: { SecretToken: "target-token-0123" } };
const header = (input: Partial<ScenarioInput>) => toScenario({ name: "s", steps: [{ cycle: "now" }], ...input } as ScenarioInput);

describe("the job a scenario describes", () => {
  it("starts the job at once with the interval, the policy as its escrow threshold and the target's secrets", () => {
    const input = jobInputOf(header({ job: { interval: "2h", policy: "entra-current" } }), wiring);
    expect(input).toMatchObject({
      interval: 2 * 3_600_000,
      start: true,
      quarantine: { threshold: "entra-current" },
      secrets: { BaseAddress: wiring.baseUrl, SecretToken: "target-token-0123" },
    });
    expect(input.secrets).not.toHaveProperty("SyncAll");
    expect(input.secrets).not.toHaveProperty("SyncNotificationSettings");
    expect(input).not.toHaveProperty("dialect");
  });

  it("writes scope, dialect, recipients and the delete threshold where the engine reads them", () => {
    const input = jobInputOf(
      header({ job: { scope: "all", dialect: "entra-2020", deleteThreshold: 20, notifications: { recipients: ["a@example.com", "b@example.com"] } } }),
      wiring,
    );
    expect(input.dialect).toBe("entra-2020");
    const secrets = input.secrets as Record<string, string>;
    expect(secrets.SyncAll).toBe("true");
    expect(JSON.parse(secrets.SyncNotificationSettings!)).toEqual({
      Enabled: true, Recipients: "a@example.com;b@example.com", DeleteThresholdEnabled: true, DeleteThresholdValue: 20,
    });
  });

  it("keeps notifications off when the scenario switches them off, and a custom threshold policy as written", () => {
    const input = jobInputOf(
      header({ job: { policy: { minFailures: 10, proportion: 0.5, combinator: "or" }, notifications: { recipients: ["a@example.com"], enabled: false } } }),
      wiring,
    );
    expect(JSON.parse((input.secrets as Record<string, string>).SyncNotificationSettings!)).toMatchObject({ Enabled: false });
    expect(input.quarantine).toEqual({ threshold: { minFailures: 10, proportion: 0.5, combinator: "or" } });
  });

  it("passes further engine options as they are, their quarantine rules beside the policy", () => {
    const input = jobInputOf(header({ job: { options: { client: { concurrency: 2 }, quarantine: { backoffCap: "12h" } } } }), wiring);
    expect(input).toMatchObject({ client: { concurrency: 2 }, quarantine: { threshold: "entra-2019", backoffCap: "12h" } });
  });
});
