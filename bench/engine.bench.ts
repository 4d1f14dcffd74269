/**
 * Engine benchmark (issue 4, docs/benchmarks/engine.md): the simulator runs in its own process
 * (`scimlab simulate --profile entra`), the engine in this one, over loopback HTTP.
 *
 * 1. Initial cycle of USERS users and GROUPS groups of 50 members: users per second end to end
 *    (target >= 1,000), peak RSS of the engine process (target <= 1 GiB), requests per second.
 * 2. Baseline, same run: the simulator's own maximum request rate for the same mix (filter GET
 *    and POST of users, the cycle's dominant requests), driven by autocannon with many
 *    connections. The engine's rate must be at least 70% of it.
 * 3. Incremental cycle with CHANGES changes among the users: wall time (target < 2 s).
 *
 * Knobs: ENGINE_BENCH_USERS (100000), ENGINE_BENCH_GROUPS (1000), ENGINE_BENCH_CHANGES (1000),
 * ENGINE_BENCH_CONCURRENCY (32).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../engine/engine";

const USERS = Number(process.env.ENGINE_BENCH_USERS ?? 100_000);
const GROUPS = Number(process.env.ENGINE_BENCH_GROUPS ?? 1_000);
const CHANGES = Number(process.env.ENGINE_BENCH_CHANGES ?? 1_000);
const CONCURRENCY = Number(process.env.ENGINE_BENCH_CONCURRENCY ?? 32);
const TOKEN = "bench-token-0123456789";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

async function startSimulator(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(
    process.execPath,
    [join(root, "bin/scimlab.mjs"), "simulate", "--port", "0", "--token", TOKEN, "--profile", "entra", "--log-level", "silent", "--max-payload-size", "10485760"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the simulator exited with ${code}: ${out}`)));
  });
  return { child, baseUrl };
}

/**
 * The simulator's own maximum rate for a filter-GET + POST user mix, many connections, no engine.
 * The POST bodies have the shape of the engine's creates under the default mapping (title, and
 * the manager as a reference to an existing user), not a lighter one.
 */
async function simulatorMaxRate(baseUrl: string, managerTargetId: string): Promise<number> {
  const url = new URL(baseUrl);
  let n = 0;
  // autocannon ships no types; the fields used here are documented in its README.
  const moduleName = "autocannon";
  type Req = { path?: string; body?: string };
  const autocannon = (await import(moduleName)).default as (options: object) => Promise<{ requests: { average: number }; non2xx: number }>;
  const result = await autocannon({
    url: url.origin,
    connections: 64,
    duration: 10,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
    requests: [
      {
        method: "GET",
        setupRequest: (req: Req) => ({ ...req, path: `${url.pathname}/Users?filter=${encodeURIComponent(`userName eq "baseline-${n}@bench.example"`)}` }),
      },
      {
        method: "POST",
        setupRequest: (req: Req) => {
          const i = n++;
          return {
            ...req,
            path: `${url.pathname}/Users`,
            body: JSON.stringify({
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              userName: `baseline-${i}@bench.example`,
              active: true,
              displayName: `Baseline ${i}`,
              title: "Benchmark Baseline Analyst",
              emails: [{ type: "work", value: `baseline-${i}@bench.example`, primary: true }],
              name: { givenName: "Baseline", familyName: String(i), formatted: `Baseline ${i}` },
              externalId: `baseline${i}`,
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: String(i), department: "Bench", manager: { value: managerTargetId } },
            }),
          };
        },
      },
    ],
  });
  return result.requests.average;
}

/** CPU seconds a process has used (Linux /proc), to tell which side of the cycle is saturated. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

const dataDir = mkdtempSync(join(tmpdir(), "scimlab-engine-bench-"));
const { child, baseUrl } = await startSimulator();
const engine = new Engine({ dataDir, seed: "engine-bench" });
try {
  const { servicePrincipalId, jobId } = engine.createJob({
    secrets: { BaseAddress: baseUrl, SecretToken: TOKEN },
    client: { concurrency: CONCURRENCY },
  });
  let t = performance.now();
  engine.directory.generate({ users: USERS, groups: GROUPS, seed: "engine-bench", assignTo: servicePrincipalId });
  console.log(`directory: ${USERS} users, ${GROUPS} groups generated in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);

  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  t = performance.now();
  const engineCpu = process.cpuUsage();
  const simCpu = cpuSeconds(child.pid!);
  const initial = await engine.runCycle(jobId);
  const seconds = (performance.now() - t) / 1000;
  const engineBusy = (process.cpuUsage(engineCpu).user + process.cpuUsage(engineCpu).system) / 1e6 / seconds;
  const simBusy = (cpuSeconds(child.pid!) - simCpu) / seconds;
  clearInterval(sampler);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  if (initial.result !== "completed" || initial.counts.failures > 0) throw new Error(`initial cycle: ${initial.result}, ${initial.counts.failures} failures`);
  const usersPerSecond = USERS / seconds;
  const engineRate = initial.counts.requests / seconds;
  console.log(`initial cycle: ${USERS} users + ${GROUPS} groups in ${seconds.toFixed(1)} s, ${initial.counts.requests} requests`);
  console.log(`  users/s end to end: ${usersPerSecond.toFixed(0)} (target >= 1000: ${usersPerSecond >= 1000 ? "met" : "NOT met"})`);
  console.log(`  peak RSS of the engine process: ${mib(peak)} (target <= 1024 MiB: ${peak <= 2 ** 30 ? "met" : "NOT met"})`);
  console.log(`  engine request rate: ${engineRate.toFixed(0)} req/s at concurrency ${CONCURRENCY}`);
  console.log(`  CPU busy during the cycle: engine ${(engineBusy * 100).toFixed(0)}%, simulator ${(simBusy * 100).toFixed(0)}% of one core`);
  console.log(`  CPU per request: engine ${((engineBusy * seconds * 1e6) / initial.counts.requests).toFixed(0)} us, simulator ${((simBusy * seconds * 1e6) / initial.counts.requests).toFixed(0)} us`);

  const manager = engine.directory.listUsers().find((u) => u.managerId)!.managerId!;
  const simRate = await simulatorMaxRate(baseUrl, engine.store.links.targetId(jobId, "user", manager)!);
  const ratio = engineRate / simRate;
  console.log(`baseline: simulator max rate for the same mix (autocannon, 64 connections): ${simRate.toFixed(0)} req/s`);
  console.log(`  ratio engine/simulator: ${(ratio * 100).toFixed(0)}% (target >= 70%: ${ratio >= 0.7 ? "met" : "NOT met"})`);

  const users = engine.directory.listUsers();
  const groups = engine.directory.listGroups();
  // 90% attribute updates, 10% new group memberships (users not yet in the group).
  const members = new Map(groups.map((g) => [g.id, new Set(g.memberIds)]));
  for (let i = 0; i < CHANGES; i++) {
    if (i % 10 === 9 && groups.length > 0) {
      const group = groups[i % groups.length]!;
      let k = i * 89 + 13;
      while (members.get(group.id)!.has(users[k % users.length]!.id)) k++;
      members.get(group.id)!.add(users[k % users.length]!.id);
      engine.directory.addMember(group.id, users[k % users.length]!.id);
    } else {
      engine.directory.updateUser(users[(i * 97) % users.length]!.id, { jobTitle: `Changed ${i}` });
    }
  }
  t = performance.now();
  const incremental = await engine.runCycle(jobId);
  const incrementalMs = performance.now() - t;
  console.log(`incremental cycle: ${CHANGES} changes in ${incrementalMs.toFixed(0)} ms, ${incremental.counts.requests} requests (target < 2000 ms: ${incrementalMs < 2000 ? "met" : "NOT met"})`);
  console.log(
    JSON.stringify({ bench: "engine", users: USERS, groups: GROUPS, concurrency: CONCURRENCY, usersPerSecond, peakRssMiB: peak / 2 ** 20, engineRate, simRate, ratio, incrementalMs }),
  );
} finally {
  await engine.close();
  child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
