/**
 * Acceptance 3 of issue 4: kill the engine process (SIGKILL) in the middle of an initial cycle,
 * start it again on the same data: the cycle completes, no user is created twice, none is missing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../simulator/index";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const USERS = 1500;
const TOKEN = "restart-target-token";

interface Started {
  child: ChildProcess;
  url: string;
  apiToken: string;
  servicePrincipalId: string;
  jobId: string;
}

const children: ChildProcess[] = [];
let target: Target | undefined;
const dataDir = mkdtempSync(join(tmpdir(), "scimlab-engine-restart-"));

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await target?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startEngine(baseUrl: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    [join(root, "bin/scimlab.mjs"), "engine", "--target", baseUrl, "--target-token", TOKEN, "--data", dataDir, "--port", "0",
      "--source-users", String(USERS), "--seed", "restart", "--log-level", "warn"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const field = (name: string) => new RegExp(`^${name}: (\\S+)$`, "m").exec(out)?.[1];
      const url = /API on (http:\/\/\S+)/.exec(out)?.[1];
      const [apiToken, servicePrincipalId, jobId] = [field("apiToken"), field("servicePrincipalId"), field("jobId")];
      if (url && apiToken && servicePrincipalId && jobId) resolve({ child, url, apiToken, servicePrincipalId, jobId });
    });
    child.once("exit", (code, signal) => reject(new Error(`engine exited (${code ?? signal}) before it was ready: ${out}${err}`)));
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, limitMs = 60_000): Promise<T> {
  const deadline = performance.now() + limitMs; // real-time: the engine runs in another process on the real clock
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25)); // real-time: polling another process
  }
}

async function api<T>(engine: Started, path: string): Promise<T> {
  const res = await fetch(engine.url + path, { headers: { authorization: `Bearer ${engine.apiToken}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe("engine process killed mid-cycle", () => {
  it("resumes the interrupted initial cycle: every user created exactly once", async () => {
    const created = new Map<string, number>();
    const statuses: number[] = [];
    target = await startTarget({ profile: "entra", tokens: [TOKEN], seed: "restart" });
    const clock = target.clock;
    // A little latency on creates, as a real target has, so that the kill lands mid-cycle.
    target.hooks.before = async (exchange) => {
      if (exchange.req.method === "POST" && exchange.path === "/Users") await clock.sleep(2);
      return undefined;
    };
    target.hooks.done = (exchange, response) => {
      if (exchange.req.method !== "POST" || exchange.path !== "/Users") return;
      statuses.push(response?.status ?? 0);
      const userName = (exchange.body as { userName?: string } | undefined)?.userName;
      if (userName && response?.status === 201) created.set(userName, (created.get(userName) ?? 0) + 1);
    };

    const first = await startEngine(target.baseUrl);
    await until("the first users on the target", () => (target!.store.countUsers() >= 300 ? true : undefined));
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const before = target.store.countUsers();
    expect(before).toBeGreaterThanOrEqual(300);
    expect(before).toBeLessThan(USERS);

    const second = await startEngine(target.baseUrl);
    expect([second.servicePrincipalId, second.jobId]).toEqual([first.servicePrincipalId, first.jobId]);
    const jobPath = `/v1.0/servicePrincipals/${second.servicePrincipalId}/synchronization/jobs/${second.jobId}`;
    const job = await until("the resumed cycle to finish", async () => {
      const j = await api<{ status: { lastExecution: { state: string; activityIdentifier: string } | null; code: string } }>(second, jobPath);
      return j.status.lastExecution ? j : undefined;
    });
    expect(job.status.lastExecution!.state).toBe("Succeeded");
    expect(job.status.code).toBe("Active");

    // Exactly the directory's users, each created once: matching before create made the redo safe.
    const directory = await api<{ value: Array<{ userPrincipalName: string }> }>(second, "/_engine/directory/users?$top=100000");
    const wanted = directory.value.map((u) => u.userPrincipalName.toLowerCase()).sort();
    const onTarget = target.store.listUsers().map((u) => String(u.userName).toLowerCase()).sort();
    expect(onTarget).toEqual(wanted);
    expect(wanted).toHaveLength(USERS);
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    expect(created.size).toBe(USERS);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);

    // One cycle, resumed: every create is logged under the id of the interrupted cycle.
    const cycleIds = new Set<string>();
    let creates = 0;
    let next: string | undefined = `/v1.0/auditLogs/provisioning?$filter=${encodeURIComponent("provisioningAction eq 'create'")}&$top=1000`;
    while (next) {
      const page: { value: Array<{ cycleId: string }>; "@odata.nextLink"?: string } = await api(second, next);
      for (const record of page.value) cycleIds.add(record.cycleId);
      creates += page.value.length;
      next = page["@odata.nextLink"] ? new URL(page["@odata.nextLink"]).pathname + new URL(page["@odata.nextLink"]).search : undefined;
    }
    expect(cycleIds).toEqual(new Set([job.status.lastExecution!.activityIdentifier]));
    expect(creates).toBeLessThanOrEqual(USERS);
    expect(creates).toBeGreaterThan(USERS - 100);

    second.child.kill("SIGTERM");
    expect(await new Promise((r) => second.child.once("exit", (code) => r(code)))).toBe(0);
  }, 120_000);
});
