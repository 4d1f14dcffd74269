/**
 * Issue 6's second figure: the escrow-threshold scenario in the built-in world, under 10 s of wall
 * time: 8,000 users, the target rejects 70% of creates (400), so the initial cycle escrows more
 * than 5,000 of them (more than 60%) and the job is quarantined with
 * EncounteredEscrowProportionThreshold (entra-2019). Run twice: with the engine in the scenario's
 * process (one core for engine and simulator), and with `engine: process` (the engine in a child,
 * its clock paired: two cores). Baseline, same run: the same initial cycle of the same engine
 * against the same simulator without the harness (system clock, no runner, journal or catcher), so
 * the ratio is what the world and its virtual clock add.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadavg } from "node:os";
import { runScenario } from "../harness/runner/run-scenario";
import { defineScenario } from "../harness/scenario/define-scenario";
import type { ScenarioInput } from "../harness/scenario/scenario-schema";
import { createWorld } from "../harness/world/built-in-world";
import { Engine } from "../engine/index";
import { startTarget } from "../simulator/index";

const USERS = Number(process.env.HARNESS_BENCH_USERS ?? 8000);
const SHARE = 0.7;

function scenario(engine: "inprocess" | "process", users = USERS): ReturnType<typeof defineScenario> {
  const steps: ScenarioInput["steps"] = [{ fault: { id: "rejects", preset: "object-errors", share: SHARE, status: 400 } }, { cycle: "initial" }];
  // (With HARNESS_BENCH_USERS below 8,000, for a quick look, the threshold is not reached: no check.)
  if (users >= 8000) {
    steps.push({
      expect: {
        job: { code: "Quarantine", quarantine: { reason: "EncounteredEscrowProportionThreshold" }, lastExecution: { countEscrowedRaw: { gt: 5000 } } },
        logs: { action: "create", status: "failure", count: { gt: 5000 } },
      },
    });
  }
  return defineScenario({
    name: `escrow threshold: ${users.toLocaleString("en-US")} users, ${SHARE * 100}% of creates rejected`,
    seed: 7,
    engine,
    directory: { users },
    job: { policy: "entra-2019" },
    steps,
  });
}

async function inWorld(engine: "inprocess" | "process"): Promise<{ wallMs: number; cycleMs: number; cpuMs: number; detail: string }> {
  const cpu = process.cpuUsage();
  const result = await runScenario(scenario(engine), { world: createWorld, timeoutMs: 300_000 });
  const used = process.cpuUsage(cpu);
  if (result.status !== "passed") throw new Error(result.failure?.message ?? "failed");
  return { wallMs: result.wallMs, cycleMs: result.steps[1]!.wallMs, cpuMs: (used.user + used.system) / 1000, detail: result.steps[1]!.detail ?? "" };
}

async function bare(): Promise<{ ms: number; failures: number }> {
  const dir = mkdtempSync(join(tmpdir(), "scimlab-bench-"));
  const target = await startTarget({ profile: "entra", tokens: ["bench-token-0123"], seed: "7/target", journalSize: 0 });
  target.faults.use({ preset: "object-errors", share: SHARE, status: 400 });
  const engine = new Engine({ dataDir: dir, seed: "7", mail: "off" });
  try {
    const { servicePrincipalId, jobId } = engine.createJob({ secrets: { BaseAddress: target.baseUrl, SecretToken: "bench-token-0123" } });
    engine.directory.generate({ users: USERS, groups: 0, seed: "7/directory", assignTo: servicePrincipalId });
    const start = performance.now();
    const outcome = await engine.runCycle(jobId);
    return { ms: performance.now() - start, failures: outcome.counts.failures };
  } finally {
    await engine.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Warm up on a small directory (module loading, JIT, the child's compile cache), then measure each once.
await runScenario(scenario("inprocess", 200), { world: createWorld });
await runScenario(scenario("process", 200), { world: createWorld });

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const inProcess = await inWorld("inprocess");
const child = await inWorld("process");
const baseline = await bare();
console.log(`escrow-threshold scenario (built-in world), ${USERS.toLocaleString("en-US")} users: ${inProcess.detail}; load average ${loadavg()[0]!.toFixed(1)}`);
console.log(
  `  engine in process:       ${seconds(inProcess.wallMs)} s wall (cycle ${seconds(inProcess.cycleMs)} s, CPU ${seconds(inProcess.cpuMs)} s); target < 10 s`,
);
console.log(
  `  engine as child process: ${seconds(child.wallMs)} s wall (cycle ${seconds(child.cycleMs)} s, CPU of the world's process ${seconds(child.cpuMs)} s); target < 10 s`,
);
console.log(
  `  baseline, the same initial cycle without the harness (system clock, one process): ${seconds(baseline.ms)} s, ${baseline.failures} failures ` +
    `(in process/bare ${(inProcess.cycleMs / baseline.ms).toFixed(2)}×, child/bare ${(child.cycleMs / baseline.ms).toFixed(2)}×)`,
);
if (Math.min(inProcess.wallMs, child.wallMs) >= 10_000) process.exitCode = 1;
