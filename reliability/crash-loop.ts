/**
 * The crash loop (issue 9): `scimlab engine` in service mode on a 1 s interval against a simulator
 * on loopback, killed with SIGKILL at seeded random moments, at least 50 times, across initial
 * cycles, incremental cycles (the directory changing between kills) and quarantine (invalid
 * credentials, backoff capped at 2 s, notification mail every 2 s to an SMTP server outside the
 * engine). After each kill: `PRAGMA integrity_check`, the quarantine series and escrows as last
 * committed survive the restart; throughout: no create answered 409 and nobody created twice; at
 * the end: every in-scope user on the target exactly once, no notification received twice unless
 * a kill found it `sending` (the window of docs/quarantine.md), none sent but never received.
 *
 *   npx tsx reliability/crash-loop.ts [--seed S] [--kills N] [--users N]
 */
import { randomInt } from "node:crypto";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRandom, type Random } from "../common/random";
import { startTarget, type Target } from "../simulator/index";
import { engineApi, startEngineChild, type EngineChild } from "./lib/engine-child";
import { writeFigures } from "./lib/figures";
import { startMailSink, type MailSink } from "./lib/mail-sink";
import { readCommittedState, type CommittedState } from "./lib/state-file";
import { duplicateCreates, recordCreates } from "./lib/target-ledger";

const TARGET_TOKEN = "crash-loop-target-token";
const API_TOKEN = "crash-loop-api-token";

interface Options {
  seed: string;
  kills: number;
  users: number;
}

interface Phase {
  name: "initial" | "incremental" | "quarantine";
  kills: number;
  /** Milliseconds after the engine is ready that the kill may fall in. */
  window: [number, number];
}

export interface CrashLoopReport {
  seed: string;
  kills: number;
  killsBySituation: Record<string, number>;
  violations: string[];
  wallSeconds: number;
  convergeSeconds: number;
  targetRequests: number;
  usersOnTarget: number;
  mailsReceived: number;
  duplicateMailsInWindow: number;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { seed: value("--seed") ?? String(randomInt(1_000_000)), kills: Number(value("--kills") ?? 50), users: Number(value("--users") ?? 400) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)); // real-time: the loop runs on the wall clock

export async function crashLoop(options: Options, log: (line: string) => void = console.log): Promise<CrashLoopReport> {
  const started = performance.now(); // real-time: wall time of the run
  const random = createRandom(`crash-loop/${options.seed}`);
  const violations: string[] = [];
  const violate = (text: string) => {
    violations.push(text);
    log(`  VIOLATION: ${text}`);
  };
  const dataDir = mkdtempSync(join(tmpdir(), "scimlab-crash-loop-"));
  const file = join(dataDir, "engine.sqlite");
  const mail = await startMailSink();
  const target = await startTarget({ profile: "entra", tokens: [TARGET_TOKEN], seed: options.seed, journalSize: 0 });
  // Latency stretches a cycle over a second or two, so kills land inside cycles.
  target.faults.use({ id: "latency", match: {}, action: { type: "latency", delay: "2ms", jitter: "10ms" } });
  const ledger = recordCreates(target);
  const args = [
    "--target", target.baseUrl, "--target-token", TARGET_TOKEN, "--data", dataDir, "--port", "0", "--api-token", API_TOKEN,
    "--source-users", String(options.users), "--source-groups", "4", "--seed", options.seed, "--interval", "1s", "--dialect", "entra-2020",
    "--log-level", "warn", "--backoff-cap", "2s", "--notify", "admin@example.com", "--mail-first-after", "2s", "--mail-resend-every", "2s",
    "--smtp-host", "127.0.0.1", "--smtp-port", String(mail.port),
  ];
  const phases: Phase[] = [
    { name: "initial", kills: Math.round(options.kills * 0.3), window: [150, 1500] },
    { name: "incremental", kills: Math.round(options.kills * 0.4), window: [100, 2000] },
    { name: "quarantine", kills: options.kills - Math.round(options.kills * 0.3) - Math.round(options.kills * 0.4), window: [100, 3000] },
  ];
  const killsBySituation: Record<string, number> = {};
  const sendingAtKill = new Set<string>();
  let engine = await startEngineChild(args);
  // Time is scaled down for the loop: a 1 s interval, backoff capped at 2 s, and escrow retries
  // after 2, 4 and 8 s then every 8 s (Entra: 6, 12, 24 h), so "eventually" fits in the run.
  const scaled = await engineApi(engine, "PATCH", `/_engine/jobs/${engine.jobId}`, { escrow: { retryOffsets: ["2s", "4s", "8s"], repeatEvery: "8s" } });
  if (scaled.status !== 200) throw new Error(`could not scale the escrow schedule: ${JSON.stringify(scaled.body)}`);
  let kills = 0;
  let convergeSeconds = 0;
  try {
    for (const phase of phases) {
      log(`phase ${phase.name}: ${phase.kills} kills`);
      if (phase.name === "incremental") await waitFor(() => completedCycles(file, engine.jobId) > 0, 120_000, "the initial cycle to complete", () => engine);
      if (phase.name === "quarantine") target.faults.use({ id: "creds", preset: "invalid-credentials" });
      for (let i = 0; i < phase.kills; i++) {
        if (phase.name === "incremental") await changeDirectory(engine, random, options.seed, kills);
        // Once the initial cycle is through, a restart with resetScope Watermark makes the next one initial again.
        if (phase.name === "initial" && completedCycles(file, engine.jobId) > 0 && runningCycleKind(file, engine.jobId) !== "initial") {
          await engineApi(engine, "POST", `/v1.0/servicePrincipals/${engine.servicePrincipalId}/synchronization/jobs/${engine.jobId}/restart`, { criteria: { resetScope: "Watermark" } });
        }
        // Two kills in three aim inside a cycle (at a random point once one runs); the rest fall anywhere.
        if (random.chance(2 / 3) && (await cycleStarts(file, engine.jobId, 4000))) await sleep(random.int(0, phase.name === "initial" ? 1200 : 150));
        else await sleep(random.int(phase.window[0], phase.window[1]));
        const situation = situationOf(file, engine.jobId);
        await engine.kill();
        kills++;
        killsBySituation[situation] = (killsBySituation[situation] ?? 0) + 1;
        const committed = readCommittedState(file, engine.jobId);
        for (const [messageId, status] of committed.notifications) if (status === "sending") sendingAtKill.add(messageId);
        if (committed.integrity !== "ok") violate(`kill ${kills}: integrity_check says ${committed.integrity}`);
        if (committed.foreignKeyProblems > 0) violate(`kill ${kills}: ${committed.foreignKeyProblems} foreign key problems`);
        engine = await startEngineChild(args);
        await checkRestart(engine, committed, phase.name, kills, violate);
        for (const d of duplicateCreates(ledger)) violate(`kill ${kills}: created twice: ${d}`);
        log(`  kill ${kills} (${situation}) ok`);
      }
    }
    target.faults.remove("creds");
    const convergeStart = performance.now(); // real-time: convergence time
    await waitFor(async () => (await mismatches(engine, target)).length === 0, 120_000, "the target to match the directory", () => engine).catch(async (error: Error) => {
      violate(`${error.message}: ${(await mismatches(engine, target)).slice(0, 5).join("; ")}`);
      log(await diagnosis(engine));
    });
    convergeSeconds = (performance.now() - convergeStart) / 1000; // real-time: see above
    await engine.stop();
    checkMail(mail, readCommittedState(file, engine.jobId), sendingAtKill, violate);
    if (ledger.conflicts.length > 0) violate(`creates answered 409 (a create of something that existed): ${ledger.conflicts.slice(0, 5).join(", ")}`);
    for (const d of duplicateCreates(ledger)) violate(`created twice: ${d}`);
    return {
      seed: options.seed,
      kills,
      killsBySituation,
      violations,
      wallSeconds: (performance.now() - started) / 1000, // real-time: see above
      convergeSeconds,
      targetRequests: ledger.requests,
      usersOnTarget: target.store.countUsers(),
      mailsReceived: mail.received.length,
      duplicateMailsInWindow: duplicateMessageIds(mail).length,
    };
  } finally {
    await engine.kill();
    await target.close();
    await mail.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What the engine was doing at the kill, from its state file (the cycle running, or quarantine). */
function situationOf(file: string, jobId: string): string {
  try {
    const state = readCommittedState(file, jobId);
    const quarantined = state.quarantine && state.quarantine.state !== "Active";
    const running = runningCycleKind(file, jobId);
    if (quarantined) return running ? "quarantine attempt running" : "quarantined, between attempts";
    return running ? `${running} cycle running` : "between cycles";
  } catch {
    return "starting";
  }
}



function runningCycleKind(file: string, jobId: string): string | undefined {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT kind FROM engine_cycles WHERE job_id = ? AND state = 'running' ORDER BY began_at DESC LIMIT 1").get(jobId) as { kind: string } | undefined;
    return row?.kind;
  } finally {
    db.close();
  }
}

/** Waits (polling the state file) until a cycle of the job is running; false after `timeoutMs`. */
async function cycleStarts(file: string, jobId: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs; // real-time: a bound on waiting
  while (performance.now() < deadline) { // real-time: see above
    try {
      if (runningCycleKind(file, jobId)) return true;
    } catch {
      // the file may be mid-checkpoint; look again
    }
    await sleep(10);
  }
  return false;
}

function completedCycles(file: string, jobId: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM engine_cycles WHERE job_id = ? AND state = 'completed'").get(jobId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** After a restart: the quarantine series and escrows are as last committed. */
async function checkRestart(engine: EngineChild, committed: CommittedState, phase: string, kill: number, violate: (t: string) => void): Promise<void> {
  const q = await engineApi<{ state: { state: string; seriesBegan?: number; seriesCount?: number; nextAttemptAt?: number } }>(engine, "GET", `/_engine/jobs/${engine.jobId}/quarantine`);
  const before = committed.quarantine;
  if (before && (before.state === "Quarantined" || before.state === "Held")) {
    const now = q.body.state;
    if (now.state === "Active") {
      if (phase === "quarantine") violate(`kill ${kill}: quarantined before the kill, Active after the restart while the credentials are still refused`);
    } else if (now.state === "Quarantined" || now.state === "Held") {
      if (now.seriesBegan !== Date.parse(String(before.seriesBegan))) violate(`kill ${kill}: the quarantine series began ${String(before.seriesBegan)}, after the restart ${new Date(now.seriesBegan ?? 0).toISOString()}`);
      if ((now.seriesCount ?? 0) < Number(before.seriesCount)) violate(`kill ${kill}: seriesCount went back from ${String(before.seriesCount)} to ${now.seriesCount}`);
      if ((now.nextAttemptAt ?? 0) < Date.parse(String(before.nextAttemptAt))) violate(`kill ${kill}: nextAttempt moved earlier than committed`);
    }
  }
  if (phase === "quarantine") {
    const escrows = await engineApi<{ value: Array<{ kind: string; sourceId: string }> }>(engine, "GET", `/_engine/jobs/${engine.jobId}/escrows`);
    const now = new Set(escrows.body.value.map((e) => `${e.kind}:${e.sourceId}`));
    const lost = committed.escrows.filter((k) => !now.has(k));
    if (lost.length > 0) violate(`kill ${kill}: escrows lost in the restart: ${lost.slice(0, 5).join(", ")}`);
  }
}

/** A few directory changes through the engine's API (creates, updates, soft and hard deletes). */
async function changeDirectory(engine: EngineChild, random: Random, seed: string, round: number): Promise<void> {
  const users = (await engineApi<{ users: Array<{ id: string; softDeleted: boolean }> }>(engine, "GET", "/_engine/directory/export")).body.users;
  const live = users.filter((u) => !u.softDeleted);
  for (let i = 0; i < 12; i++) {
    const pick = live[random.int(0, live.length - 1)];
    const roll = random.next();
    if (roll < 0.35 || !pick) {
      const created = await engineApi<{ id: string }>(engine, "POST", "/_engine/directory/users", { userPrincipalName: `crash.${seed}.${round}.${i}@contoso.example`, givenName: "Crash", surname: `Loop ${round}` });
      await engineApi(engine, "POST", "/_engine/directory/assignments", { servicePrincipalId: engine.servicePrincipalId, principalId: created.body.id });
    } else if (roll < 0.8) {
      await engineApi(engine, "PATCH", `/_engine/directory/users/${pick.id}`, { department: `Dept ${round}.${i}` });
    } else if (roll < 0.92) {
      await engineApi(engine, "DELETE", `/_engine/directory/users/${pick.id}`);
    } else {
      await engineApi(engine, "DELETE", `/_engine/directory/users/${pick.id}?hard=true`);
    }
  }
}

/** Differences between the target and the directory: every assigned live user once, active as accountEnabled; soft-deleted ones absent or inactive, hard-deleted ones absent. */
async function mismatches(engine: EngineChild, target: Target): Promise<string[]> {
  const exported = (await engineApi<{ users: Array<{ id: string; userPrincipalName: string; softDeleted: boolean; accountEnabled: boolean }>; assignments: Array<{ principalId: string }> }>(engine, "GET", "/_engine/directory/export")).body;
  const assigned = new Set(exported.assignments.map((a) => a.principalId));
  const onTarget = new Map<string, Array<{ active?: unknown }>>();
  for (const u of target.store.listUsers()) {
    const key = String(u.userName).toLowerCase();
    onTarget.set(key, [...(onTarget.get(key) ?? []), { active: (u as Record<string, unknown>).active }]);
  }
  const problems: string[] = [];
  const known = new Set<string>();
  for (const u of exported.users) {
    const key = u.userPrincipalName.toLowerCase();
    known.add(key);
    const found = onTarget.get(key) ?? [];
    if (found.length > 1) problems.push(`${key} on the target ${found.length} times`);
    if (!assigned.has(u.id)) continue;
    if (u.softDeleted) {
      if (found[0] && found[0].active !== false) problems.push(`${key} is soft-deleted but active on the target`);
    } else if (found.length === 0) problems.push(`${key} missing on the target`);
    else if (found[0]!.active !== u.accountEnabled) problems.push(`${key} active ${String(found[0]!.active)} on the target, accountEnabled ${u.accountEnabled} in the directory`);
  }
  for (const key of onTarget.keys()) if (!known.has(key)) problems.push(`${key} on the target, hard-deleted in the directory`);
  return problems;
}

/** The engine's view when the target did not converge: status, quarantine, escrows, the last cycles. */
async function diagnosis(engine: EngineChild): Promise<string> {
  const job = await engineApi<{ job: { status: unknown } }>(engine, "GET", `/_engine/jobs/${engine.jobId}`);
  const q = await engineApi<{ state: unknown; nextCycleAt: unknown }>(engine, "GET", `/_engine/jobs/${engine.jobId}/quarantine`);
  const escrows = await engineApi<{ value: unknown[] }>(engine, "GET", `/_engine/jobs/${engine.jobId}/escrows`);
  const events = await engineApi<{ value: Array<{ type: string; at: string; data: unknown }> }>(engine, "GET", `/_engine/events?jobId=${engine.jobId}&limit=30&order=desc`);
  return [
    `status: ${JSON.stringify(job.body.job?.status).slice(0, 600)}`,
    `quarantine: ${JSON.stringify(q.body).slice(0, 400)}`,
    `escrows: ${escrows.body.value.length}`,
    ...events.body.value.map((e) => `event ${e.at} ${e.type} ${JSON.stringify(e.data).slice(0, 300)}`),
  ].join("\n");
}

function duplicateMessageIds(mail: MailSink): string[] {
  const counts = new Map<string, number>();
  for (const m of mail.received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
}

/** A message twice only if a kill found it `sending`; every message recorded `sent` arrived. */
function checkMail(mail: MailSink, final: CommittedState, sendingAtKill: Set<string>, violate: (t: string) => void): void {
  for (const id of duplicateMessageIds(mail)) {
    if (!sendingAtKill.has(id)) violate(`${id} was received twice, but no kill found it being sent`);
  }
  const received = new Set(mail.received.map((m) => m.messageId));
  for (const [id, status] of final.notifications) if (status === "sent" && !received.has(id)) violate(`${id} is recorded sent but never arrived`);
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, engine: () => EngineChild): Promise<void> {
  const deadline = performance.now() + timeoutMs; // real-time: a bound on waiting
  while (performance.now() < deadline) { // real-time: see above
    if (await check()) return;
    if (engine().process.exitCode !== null) throw new Error(`the engine exited while waiting for ${what}:\n${engine().stderr().slice(-2000)}`);
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function crashLoopMarkdown(r: CrashLoopReport): string {
  const rows = Object.entries(r.killsBySituation).sort((a, b) => b[1] - a[1]).map(([s, n]) => `| ${s} | ${n} |`).join("\n");
  return [
    `\`npm run reliability -- crash-loop --seed ${r.seed}\`: **${r.kills} SIGKILLs**, ${r.violations.length === 0 ? "**no violation**" : `**${r.violations.length} violations**`}, ${r.wallSeconds.toFixed(0)} s wall.`,
    "",
    "| engine at the kill | kills |",
    "| --- | --- |",
    rows,
    "",
    `- time scaled down: interval 1 s, backoff cap 2 s, mail first after 2 s and resent every 2 s, escrow retries after 2, 4, 8 s then every 8 s;`,
    `- after every kill: \`PRAGMA integrity_check\` ok, no foreign-key problem, quarantine series (seriesBegan, seriesCount, nextAttempt) and escrows as last committed;`,
    `- no create answered 409 and no user or group created twice in ${r.targetRequests} target requests;`,
    `- converged ${r.convergeSeconds.toFixed(1)} s after the last kill: ${r.usersOnTarget} users on the target, each in-scope user exactly once;`,
    `- ${r.mailsReceived} notification mails received over SMTP outside the engine; ${r.duplicateMailsInWindow} Message-IDs received twice, each one a kill found \`sending\` (the documented window); none recorded sent but lost.`,
    ...(r.violations.length ? ["", "Violations:", ...r.violations.map((v) => `- ${v}`)] : []),
  ].join("\n");
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  console.log(`crash loop: seed ${options.seed}, ${options.kills} kills, ${options.users} users`);
  const report = await crashLoop(options);
  console.log(JSON.stringify(report, null, 2));
  if (!process.argv.includes("--no-write")) writeFigures("crash-loop", crashLoopMarkdown(report));
  process.exit(report.violations.length === 0 ? 0 : 1);
}

if (process.argv[1] && /crash-loop\.ts$/.test(process.argv[1])) void main();
