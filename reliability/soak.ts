/**
 * The soak (issue 9): `scimlab simulate` as its own process, 1,000 concurrent keep-alive
 * connections from autocannon over loopback for a bounded time, a read-mostly Entra mix (query
 * by userName, read by id, PATCH of existing users: the store does not grow). Every second the
 * simulator's RSS and the connections it holds (its socket descriptors beyond those it had
 * before the load) are sampled. Passes when, after the warm-up, it held every connection the
 * whole time, its RSS grew less than 10%, and no request failed (errors, timeouts, non-2xx).
 *
 * Each connection sends `rate` requests a second (2 by default: 2,000/s in all, about half of
 * what the simulator answers flat out on 2 cores shared with autocannon). A soak measures a
 * sustained load, not saturation: with every connection in a closed loop the one-threaded
 * simulator is saturated, and Node 20 (libuv >= 1.45) accepts one connection per event-loop
 * turn, so a few hundred of the 1,000 connections waited in the kernel's accept queue for
 * more than autocannon's 30 s timeout (docs/reliability.md, "Soak"). `--rate 0` replays that.
 *
 *   npx tsx reliability/soak.ts [--seconds 180] [--warmup 30] [--connections 1000] [--rate 2]
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { writeFigures } from "./lib/figures";

const TOKEN = "soak-token-0001";
const BIN = join(import.meta.dirname, "..", "bin", "scimlab.mjs");

interface Options {
  seconds: number;
  warmup: number;
  connections: number;
  /** Requests per second per connection; 0 = closed loop (as fast as answered). */
  rate: number;
}

export interface SoakReport {
  connections: number;
  /** Requests per second per connection (0: closed loop). */
  rate: number;
  /** Fewest connections the simulator held in any sample after the warm-up. */
  heldAfterWarmupMin: number;
  seconds: number;
  warmupSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  rssAfterWarmupMiB: number;
  rssEndMiB: number;
  rssPeakMiB: number;
  rssGrowthPercent: number;
  passed: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)); // real-time: the soak runs on the wall clock

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/** Socket descriptors of the process: its listeners plus the connections it accepted. */
function socketsOf(pid: number): number {
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:")) sockets++;
    } catch {
      // closed between the listing and the read
    }
  }
  return sockets;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function soak(options: Options, log: (line: string) => void = console.log): Promise<SoakReport> {
  const child = spawn(process.execPath, [BIN, "simulate", "--port", "0", "--token", TOKEN, "--profile", "entra", "--seed-users", "2000", "--seed", "soak", "--log-level", "silent"], { stdio: ["ignore", "pipe", "inherit"] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const url = /listening at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.once("exit", (code) => reject(new Error(`the simulator exited (${code}) before listening:\n${out}`)));
  });
  const listeningSockets = socketsOf(child.pid!);
  try {
    const users = (await (await fetch(`${baseUrl}/Users?count=200`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { Resources: Array<{ id: string; userName: string }> };
    const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };
    const base = new URL(baseUrl).pathname;
    const requests = users.Resources.slice(0, 100).flatMap((u, i) => [
      { method: "GET" as const, path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${u.userName}"`)}`, headers },
      { method: "GET" as const, path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${u.userName}"`)}`, headers },
      { method: "GET" as const, path: `${base}/Users/${u.id}`, headers },
      ...(i % 3 === 0 ? [{ method: "PATCH" as const, path: `${base}/Users/${u.id}`, headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "displayName", value: `Soak ${i}` }] }) }] : []),
    ]);
    // The fetch above keeps its connection a few seconds: counted only during the warm-up.
    const samples: Array<{ t: number; rss: number; held: number }> = [];
    const started = performance.now(); // real-time: sampling times
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push({ t: (performance.now() - started) / 1000, rss: rssOf(child.pid!), held: socketsOf(child.pid!) - listeningSockets }); // real-time: see above
        await sleep(1000);
      }
    })();
    log(`soak: ${options.connections} keep-alive connections, ${options.rate || "as many as answered"} requests/s each, for ${options.seconds} s (warm-up ${options.warmup} s) against ${baseUrl}`);
    const result = await autocannon({ url: new URL(baseUrl).origin, connections: options.connections, duration: options.seconds, requests, timeout: 30, ...(options.rate > 0 ? { connectionRate: options.rate } : {}) });
    sampling = false;
    await sampler;
    const held = samples.filter((s) => s.t >= options.warmup).map((s) => s.held);
    const afterWarmup = samples.filter((s) => s.t >= options.warmup && s.t < options.warmup + 10).map((s) => s.rss);
    const end = samples.slice(-10).map((s) => s.rss);
    const rssAfterWarmup = median(afterWarmup);
    const rssEnd = median(end);
    const growth = rssAfterWarmup > 0 ? ((rssEnd - rssAfterWarmup) / rssAfterWarmup) * 100 : Number.NaN;
    const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
    const report: SoakReport = {
      connections: options.connections,
      rate: options.rate,
      heldAfterWarmupMin: held.length ? Math.min(...held) : 0,
      seconds: options.seconds,
      warmupSeconds: options.warmup,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      rssAfterWarmupMiB: mib(rssAfterWarmup),
      rssEndMiB: mib(rssEnd),
      rssPeakMiB: mib(Math.max(...samples.map((s) => s.rss))),
      rssGrowthPercent: Math.round(growth * 10) / 10,
      passed: false,
    };
    report.passed = report.heldAfterWarmupMin >= options.connections && report.errors === 0 && report.timeouts === 0 && report.non2xx === 0 && growth < 10;
    return report;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

export function soakMarkdown(r: SoakReport): string {
  return [
    `\`npm run reliability -- soak --seconds ${r.seconds} --connections ${r.connections} --rate ${r.rate}\`: ${r.passed ? "**passed**" : "**FAILED**"}.`,
    "",
    "| figure | value | bound |",
    "| --- | --- | --- |",
    `| concurrent keep-alive connections | ${r.connections.toLocaleString("en-US")}, ${r.rate ? `${r.rate} requests/s each` : "closed loop"} | 1,000 |`,
    `| connections held by the simulator after warm-up (fewest in any 1 s sample) | ${r.heldAfterWarmupMin.toLocaleString("en-US")} | all |`,
    `| duration (warm-up) | ${r.seconds} s (${r.warmupSeconds} s) | a few minutes |`,
    `| requests answered | ${r.requests.toLocaleString("en-US")} (${r.requestsPerSecond.toLocaleString("en-US")}/s, p99 ${r.latencyP99Ms} ms, max ${r.latencyMaxMs} ms) | |`,
    `| errors / timeouts / non-2xx | ${r.errors} / ${r.timeouts} / ${r.non2xx} | 0 |`,
    `| simulator RSS after warm-up → end (peak) | ${r.rssAfterWarmupMiB} → ${r.rssEndMiB} MiB (${r.rssPeakMiB} MiB) | |`,
    `| RSS growth after warm-up | ${r.rssGrowthPercent}% | < 10% |`,
    "",
    "Mix (cycled over 100 seeded users): 60% `GET /Users?filter=userName eq \"…\"`, 30% `GET /Users/{id}`, 10% `PATCH` of `displayName` (the store does not grow); 2,000 seeded users, profile entra, the simulator in its own process, autocannon in the script's. Latency includes the start, when all 1,000 connections open in the same instant.",
  ].join("\n");
}

function arg(argv: string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const report = await soak({ seconds: arg(argv, "--seconds", 180), warmup: arg(argv, "--warmup", 30), connections: arg(argv, "--connections", 1000), rate: arg(argv, "--rate", 2) });
  console.log(JSON.stringify(report, null, 2));
  if (!argv.includes("--no-write")) writeFigures("soak", soakMarkdown(report));
  process.exit(report.passed ? 0 : 1);
}

if (process.argv[1] && /soak\.ts$/.test(process.argv[1])) void main();
