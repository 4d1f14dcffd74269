import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { parseScenarioYaml } from "../scenario/load-scenario";
import { defineScenario } from "../scenario/define-scenario";
import { fakeWorldFactory, FakeWorld } from "../testing/fake-world";
import type { World } from "../world/world";
import { assertPassed, ScenarioFailedError } from "./assert-passed";
import { runScenario } from "./run-scenario";

const EXAMPLE_PATH = "harness/testing/fixtures/issue-example.yaml";
const EXAMPLE = readFileSync(new URL("../testing/fixtures/issue-example.yaml", import.meta.url), "utf8");

describe("runScenario", () => {
  it("runs the issue's example as written, and it passes", async () => {
    const world = fakeWorldFactory();
    const result = await runScenario(parseScenarioYaml(EXAMPLE, EXAMPLE_PATH), { world });
    expect(result.status, result.failure?.message).toBe("passed");
    expect(result.steps.map((s) => s.status)).toEqual(Array(12).fill("passed"));
    expect(result.virtualMs).toBe(40 * 60_000 + 86_400_000 + 18 * 3_600_000);
    expect(world.created[0]!.disposed).toBe(true);
    assertPassed(result);
  });

  it("a copy with one wrong expectation fails, pointing at the step and showing expected against actual", async () => {
    const wrong = EXAMPLE.replace("- expect: { job: { code: Quarantine } }", "- expect: { job: { code: Active } }");
    const result = await runScenario(parseScenarioYaml(wrong, "wrong.yaml"), { world: fakeWorldFactory() });
    expect(result.status).toBe("failed");
    const lines = result.failure!.message.split("\n");
    expect(lines[0]).toBe("step 9 (line 22): expect: { job: { code: Active } }");
    expect(lines[1]).toBe("  at wrong.yaml:22, virtual time T+1d40m (2026-01-06T09:40:00.000Z)");
    expect(lines).toContain('  ✗ job.code: expected "Active", got "Quarantine"');
    expect(lines).toContain('      expected: "Active"');
    expect(lines).toContain('      actual:   "Quarantine"');
    expect(lines).toContain("  last timeline events:");
    expect(lines.some((l) => /T\+1d40m +engine restart \(kill\)/.test(l))).toBe(true);
    expect(lines.some((l) => /T\+1d40m +mail quarantine to admin@example.com/.test(l))).toBe(true);
    expect(lines).toContain("  last journal entries:");
    expect(lines.some((l) => /GET \/Users 401 \[fault creds\]/.test(l))).toBe(true);
    expect(result.failure).toMatchObject({ stepIndex: 8, line: 22, mismatches: [{ path: "job.code", expected: "Active", actual: "Quarantine" }] });
    expect(result.steps.slice(9).map((s) => s.status)).toEqual(["skipped", "skipped", "skipped"]);
    expect(() => assertPassed(result)).toThrow(ScenarioFailedError);
  });

  it("same seed, same run", async () => {
    const scenario = parseScenarioYaml(EXAMPLE, EXAMPLE_PATH);
    const strip = (r: Awaited<ReturnType<typeof runScenario>>) => JSON.stringify({ ...r, wallMs: 0, steps: r.steps.map((s) => ({ ...s, wallMs: 0 })) });
    const a = await runScenario(scenario, { world: fakeWorldFactory() });
    const b = await runScenario(scenario, { world: fakeWorldFactory() });
    expect(strip(a)).toBe(strip(b));
    const seeded = await runScenario(scenario, { world: fakeWorldFactory(), seed: 99 });
    expect(seeded.seed).toBe(99);
  });

  it("passes the seed, the start and the scenario to the world", async () => {
    const world = fakeWorldFactory();
    await runScenario({ name: "s", seed: "abc", start: "2027-03-01T00:00:00Z", directory: { users: 2 }, steps: [{ cycle: "now" }] }, { world });
    expect(world.created[0]!.config).toMatchObject({ seed: "abc", start: Date.parse("2027-03-01T00:00:00Z"), scenario: { name: "s", engine: "inprocess" } });
    await runScenario({ name: "t", steps: [{ cycle: "now" }] }, { world });
    expect(world.created[1]!.config.seed).toBe(1);
  });

  it("reports a world that cannot be set up, and one that fails to stop", async () => {
    const broken = await runScenario({ name: "s", steps: [{ cycle: "now" }] }, { world: async () => Promise.reject(new Error("port in use")) });
    expect(broken.status).toBe("failed");
    expect(broken.failure!.message).toMatch(/^setting up the world\n/);
    expect(broken.failure!.error).toMatchObject({ name: "Error", message: "port in use" });
    expect(broken.steps[0]!.status).toBe("skipped");
    const stuck = await runScenario({ name: "s", steps: [{ cycle: "now" }] }, { world: fakeWorldFactory({ failDispose: true }) });
    expect(stuck.status).toBe("failed");
    expect(stuck.failure!.message).toMatch(/^disposing of the world\n/);
  });

  it("disposes the world after a failure too", async () => {
    const world = fakeWorldFactory();
    const result = await runScenario({ name: "s", steps: [{ expect: { job: { code: "Paused" } } }] }, { world });
    expect(result.status).toBe("failed");
    expect(world.created[0]!.disposed).toBe(true);
  });

  it("scrubs the world's secrets from the result", async () => {
    const world = fakeWorldFactory({ secrets: ["user001@example.com"] });
    const result = await runScenario(
      { name: "s", directory: { users: 1 }, steps: [{ cycle: "initial" }, { expect: { target: { users: { include: [{ userName: "USER001@EXAMPLE.COM", active: false }] } } } }] },
      { world },
    );
    expect(result.status).toBe("failed");
    expect(result.failure!.mismatches[0]!.actual).toEqual({ userName: "[REDACTED]", active: true });
    const text = JSON.stringify(result);
    expect(text).not.toContain("user001@example.com");
    expect(text).toContain("[REDACTED]");
  });

  it("reports each step as it ends", async () => {
    const seen: string[] = [];
    await runScenario({ name: "s", steps: [{ cycle: "now" }, { advance: "1h", note: "wait" }] }, { world: fakeWorldFactory(), onStep: (s) => seen.push(`${s.index}:${s.status}:${s.note ?? ""}`) });
    expect(seen).toEqual(["0:passed:", "1:passed:wait"]);
  });

  it("fails a scenario whose world hangs on real I/O, after the wall-clock limit", async () => {
    const world = async (config: ConstructorParameters<typeof FakeWorld>[0]): Promise<World> => {
      const fake = new FakeWorld(config);
      return Object.assign(fake, { engine: { ...fake.engine, runCycle: () => new Promise<never>(() => undefined) } });
    };
    const result = await runScenario({ name: "s", steps: [{ cycle: "now" }] }, { world, timeoutMs: 30 });
    expect(result.failure!.message).toContain("did not finish within 30 ms of wall time");
    expect(result.failure!.stepIndex).toBe(0);
  });

  it("validates a definition: defineScenario throws at once, naming it", () => {
    expect(() => defineScenario({ name: "typo", steps: [{ advance: "soon" }] })).toThrow(ConfigError);
    expect(() => defineScenario({ name: "typo", steps: [{ advance: "soon" }] })).toThrow(/^defineScenario\("typo"\): steps\[0\]\.advance \(step 1\): invalid advance "soon"/);
    const ok = defineScenario({ name: "ok", steps: [{ cycle: "now" }] });
    expect(ok.steps[0]).toEqual({ cycle: "now" });
  });
});
