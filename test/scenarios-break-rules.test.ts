/**
 * Issue 7, acceptance 3: each scenario of the library has been seen to fail when the engine
 * misbehaves. For a sample of rules from different areas, the engine is made to break the rule
 * through configuration only (a backoff cap, a disable age, an escrow schedule, a Retry-After cap,
 * a threshold preset, a delete threshold, notifications switched off, kinds of mail switched back
 * on; no code edit), and the library's scenario for that rule, run unchanged otherwise, fails at
 * the step that checks it.
 * The unchanged scenarios pass in test/scenarios-library.test.ts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../harness/index";
import { loadScenarioFile } from "../harness/scenario/load-scenario";
import type { Scenario } from "../harness/scenario/scenario-schema";
import { createWorld } from "../harness/world/built-in-world";

const root = join(import.meta.dirname, "..");

/** The library's scenario with the job configured differently (deep-merged into `job`). */
async function broken(file: string, job: (current: Scenario["job"]) => Scenario["job"]): Promise<Scenario> {
  const scenario = await loadScenarioFile(join(root, file), file);
  return { ...scenario, job: job(scenario.job) };
}

function withOptions(options: Record<string, unknown>): (job: Scenario["job"]) => Scenario["job"] {
  return (job) => ({ ...job, options: { ...job.options, ...options } });
}

/** Runs the changed scenario and returns the failure; the scenario must fail at the step given (1-based, as reports say). */
async function expectFailureAt(scenario: Scenario, step: number): Promise<string> {
  const result = await runScenario(scenario, { world: createWorld, timeoutMs: 60_000 });
  expect(result.status, `${scenario.file} should fail with the rule broken`).toBe("failed");
  expect(result.failure?.error, result.failure?.message).toBeNull();
  expect(result.failure?.stepIndex, result.failure?.message).toBe(step - 1);
  return result.failure!.message;
}

describe("a scenario fails when the engine is configured to break its rule", () => {
  it("backoff.spacing: a backoff capped at 12h instead of 24h fails quarantine/backoff.yaml at the first attempt past 12h (1280m)", async () => {
    const scenario = await broken("scenarios/quarantine/backoff.yaml", withOptions({ quarantine: { backoffCap: "12h" } }));
    const message = await expectFailureAt(scenario, 14);
    expect(message).toContain("job.quarantine.nextAttempt");
  });

  it("quarantine.disable-after-28d: disabling after 35 days fails quarantine/disable-after-28-days.yaml at day 28", async () => {
    const scenario = await broken("scenarios/quarantine/disable-after-28-days.yaml", withOptions({ quarantine: { disableAfter: "35d" } }));
    const message = await expectFailureAt(scenario, 6);
    expect(message).toContain("job.schedule.state");
    expect(message).toMatch(/mail.*disabled/);
  });

  it("escrow.retry-schedule: a first retry after 3h instead of 6h fails faults/transient-5xx.yaml before the 6-hour mark", async () => {
    const scenario = await broken("scenarios/faults/transient-5xx.yaml", withOptions({ escrow: { retryOffsets: ["3h", "12h", "24h"] } }));
    const message = await expectFailureAt(scenario, 5);
    expect(message).toMatch(/target\.users|journal\.requests/);
  });

  it("escrow.drop-after-28d: keeping escrows for 40 days fails faults/escrow-retry-schedule.yaml after day 28", async () => {
    const scenario = await broken("scenarios/faults/escrow-retry-schedule.yaml", withOptions({ escrow: { dropAfter: "40d" } }));
    const message = await expectFailureAt(scenario, 24);
    expect(message).toContain("logs.count");
  });

  it("throttle.retry-after: honouring Retry-After for at most 5s fails faults/throttled-429.yaml (objects escrowed instead)", async () => {
    const scenario = await broken("scenarios/faults/throttled-429.yaml", withOptions({ client: { retryAfterCap: "5s" } }));
    const message = await expectFailureAt(scenario, 3);
    expect(message).toContain("countEscrowed");
  });

  it("threshold.entra-current.cap: a preset without its cap fails quarantine/escrow-count-and-cap-entra-current.yaml at the cap", async () => {
    const scenario = await broken(
      "scenarios/quarantine/escrow-count-and-cap-entra-current.yaml",
      withOptions({ quarantine: { threshold: { preset: "entra-current", gate: 5, minFailures: 40, totalCap: null } } }),
    );
    const message = await expectFailureAt(scenario, 12);
    expect(message).toContain('job.code: expected "Quarantine", got "Active"');
  });

  it("threshold.combinator-or: the engine's entra-2019 preset with its own `and` fails quarantine/escrow-combinator-or.yaml", async () => {
    const scenario = await broken("scenarios/quarantine/escrow-combinator-or.yaml", withOptions({ quarantine: { threshold: "entra-2019" } }));
    const message = await expectFailureAt(scenario, 3);
    expect(message).toContain('job.code: expected "Quarantine", got "Active"');
  });

  it("deletions.threshold: a delete threshold of 501 instead of 500 fails deletions/too-many-deletes.yaml (501 go through)", async () => {
    const scenario = await broken("scenarios/deletions/too-many-deletes.yaml", (job) => ({ ...job, deleteThreshold: 501 }));
    const message = await expectFailureAt(scenario, 8);
    expect(message).toContain("TooManyDeletes");
  });

  it("notify.kinds-switchable: every kind of mail switched back on fails notifications/kinds-switchable.yaml at the first reminder it must not get", async () => {
    const scenario = await broken("scenarios/notifications/kinds-switchable.yaml", (job) => ({
      ...job,
      notifications: { ...job.notifications!, kinds: { quarantine: true, "reason-changed": true, disabled: true, "deletions-held": true } },
    }));
    const message = await expectFailureAt(scenario, 6);
    expect(message).toContain("mail.count: expected 0 mails in all, got 2");
  });

  it("notify.kinds-switchable: the reason-change mail left on fails the same scenario right after the on-demand quarantine", async () => {
    const scenario = await broken("scenarios/notifications/kinds-switchable.yaml", (job) => ({
      ...job,
      notifications: { ...job.notifications!, kinds: { quarantine: false } },
    }));
    const message = await expectFailureAt(scenario, 8);
    expect(message).toContain("mail.count: expected 0 mails in all, got 1");
  });

  it("notify.first-after-1d: notifications switched off fail notifications/first-after-one-day.yaml at day 1", async () => {
    const scenario = await broken("scenarios/notifications/first-after-one-day.yaml", (job) => ({
      ...job,
      notifications: { recipients: job.notifications?.recipients ?? [], enabled: false },
    }));
    const message = await expectFailureAt(scenario, 8);
    expect(message).toContain("mail");
  });
});
