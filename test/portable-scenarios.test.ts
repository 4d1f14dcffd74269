/**
 * Issue 8, acceptance 5: the portable scenarios of the library pass against a plain simulator
 * (its own process-wide clock, its own token, data of its own) reached through the proxy, the way
 * `scimlab run --target URL --target-token T` runs them; and the simulator holds nothing of the
 * runs afterwards, also after a scenario that failed. Real HTTP on loopback throughout.
 */
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../common/config-error";
import { runScenario, runSuite } from "../harness/index";
import { runCommand } from "../harness/suite/run-cli";
import type { ScenarioInfo } from "../harness/reporters/reporter";
import type { ExternalTarget } from "../harness/world/external-target";
import { startTarget, type Target } from "../simulator/index";

const root = join(import.meta.dirname, "..");
const TOKEN = "portable-endpoint-token-7f3a";

describe("portable scenarios against a real endpoint through the proxy", () => {
  let simulator: Target;
  let endpoint: ExternalTarget;
  let bystanders: { users: string[]; groups: string[] };
  /** userNames of every user created on the endpoint during the tests. */
  const created: string[] = [];

  beforeAll(async () => {
    // A plain simulator as `scimlab simulate --profile entra --token T --seed-users 5 --seed-groups 1` starts it.
    simulator = await startTarget({ profile: "entra", tokens: [TOKEN], seedUsers: 5, seedGroups: 1, seed: "bystanders", journalSize: 0 });
    const previous = simulator.hooks.done;
    simulator.hooks.done = (exchange, response, kind) => {
      previous?.(exchange, response, kind);
      const body = exchange.body as { userName?: unknown } | undefined;
      if (exchange.req.method === "POST" && response?.status === 201 && typeof body?.userName === "string") created.push(body.userName);
    };
    bystanders = { users: ids(simulator.store.listUsers()), groups: ids(simulator.store.listGroups()) };
    endpoint = { url: simulator.baseUrl, token: TOKEN };
  });

  afterAll(async () => {
    await simulator?.close();
  });

  it("runs every portable library scenario through the proxy; they pass and leave nothing behind", { timeout: 180_000 }, async () => {
    const leftOut: ScenarioInfo[] = [];
    const run = await runSuite({ paths: ["scenarios"], cwd: root, workers: 2, externalTarget: endpoint, onLeftOut: (left) => leftOut.push(...left) });
    const failures = run.scenarios.filter((s) => s.status !== "passed").map((s) => `${s.file}\n${s.failure?.message ?? "(no message)"}`);
    expect(failures.join("\n\n")).toBe("");
    expect(run.counts.total).toBeGreaterThanOrEqual(5);
    for (const file of ["scenarios/quarantine/credentials-401.yaml", "scenarios/faults/transient-5xx.yaml", "scenarios/faults/throttled-429.yaml", "scenarios/faults/lost-ack-409.yaml", "scenarios/cycles/initial-cycle.yaml"]) {
      expect(run.scenarios.map((s) => s.file)).toContain(file);
    }
    // Non-portable scenarios are left out (not failed), and reported as such.
    expect(leftOut.length).toBeGreaterThan(0);
    expect(leftOut.map((s) => s.file)).toContain("scenarios/quarantine/unreachable.yaml");
    expect(run.scenarios.map((s) => s.file)).not.toContain("scenarios/quarantine/unreachable.yaml");

    // The engine really provisioned the endpoint, every object with a run prefix…
    expect(created.length).toBeGreaterThanOrEqual(30);
    expect(created.every((name) => /^scimlab-[0-9a-f]{12}-/.test(name))).toBe(true);
    // …and the endpoint holds exactly what it held before.
    expectOnlyBystanders();
  });

  it("removes what a failing scenario created", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "scimlab-portable-"));
    try {
      const file = join(dir, "wrong.yaml");
      const text = readFileSync(join(root, "scenarios/cycles/initial-cycle.yaml"), "utf8").replace("countExported: 33", "countExported: 34");
      writeFileSync(file, text);
      const before = created.length;
      const run = await runSuite({ paths: [file], cwd: dir, workers: 1, externalTarget: endpoint });
      expect(run.status).toBe("failed");
      expect(run.scenarios[0]!.failure?.message).toContain("countExported");
      expect(created.length - before).toBe(30);
      expectOnlyBystanders();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("scimlab run --target removes what the run created when interrupted with Ctrl-C", { timeout: 90_000 }, async () => {
    const before = created.length;
    const child = spawn(process.execPath, [join(root, "bin/scimlab.mjs"), "run", "--target", endpoint.url, "--target-token", TOKEN, "--workers", "2", "scenarios/faults/throttled-429.yaml", "scenarios/cycles/initial-cycle.yaml"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    // Interrupt as soon as the endpoint has created something for the run (mid-cycle).
    const interrupted = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (created.length > before) {
          clearInterval(poll);
          child.kill("SIGINT");
          resolve();
        }
      }, 5);
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await interrupted;
    expect(stderr).toContain("interrupted: stopping the scenarios");
    expect(stderr).toMatch(/interrupted: removed \d+ objects? the run had left on the endpoint/);
    expect(exitCode).toBe(130);
    expect(created.length).toBeGreaterThan(before);
    expectOnlyBystanders();
  });

  it("authenticates with OAuth client credentials, the token endpoint reached through the proxy", { timeout: 60_000 }, async () => {
    const oauthTarget = await startTarget({ profile: "entra", oauth: { clientId: "scimlab-ci", clientSecret: "oauth-secret-5b1e" }, journalSize: 0 });
    try {
      const proxiedTokenRequests: string[] = [];
      oauthTarget.hooks.done = (exchange, _response, kind) => {
        if (kind === "token") proxiedTokenRequests.push(String(exchange.req.headers["x-forwarded-host"] ?? "direct"));
      };
      const oauth = { tokenUrl: oauthTarget.tokenUrl, clientId: "scimlab-ci", clientSecret: "oauth-secret-5b1e" };
      const run = await runSuite({ paths: ["scenarios/quarantine/credentials-401.yaml"], cwd: root, workers: 1, externalTarget: { url: oauthTarget.baseUrl, oauth } });
      expect(run.scenarios[0]?.failure?.message ?? "").toBe("");
      expect(run.status).toBe("passed");
      expect(run.counts.total).toBe(1);
      // The engine's token requests went through the proxy (the harness's own reads go direct).
      expect(proxiedTokenRequests.filter((h) => h !== "direct").length).toBeGreaterThanOrEqual(1);
      expect(oauthTarget.store.listUsers()).toEqual([]);
      expect(oauthTarget.store.listGroups()).toEqual([]);
    } finally {
      await oauthTarget.close();
    }
  });

  it("refuses a scenario that is not portable, and a run where none is", async () => {
    const scenario = { name: "stops the target", directory: { users: 1 }, steps: [{ cycle: "initial" as const }, { target: "down" as const }] };
    await expect(runScenario(scenario, { externalTarget: endpoint })).rejects.toThrow(UsageError);
    await expect(runScenario(scenario, { externalTarget: endpoint })).rejects.toThrow(/not portable/);
    await expect(runSuite({ paths: ["scenarios/quarantine/unreachable.yaml"], cwd: root, externalTarget: endpoint })).rejects.toThrow(
      /--target runs portable scenarios only .* none of the 1 selected is: scenarios\/quarantine\/unreachable.yaml/,
    );
  });

  it("scimlab run --target: bad combinations are usage errors (exit 2)", async () => {
    const flags = { target: endpoint.url, targetToken: TOKEN };
    await expect(runCommand(["scenarios/quarantine/unreachable.yaml"], flags, root)).rejects.toThrow(/none of the 1 selected is/);
    await expect(runCommand(["scenarios/cycles"], { ...flags, world: "./my-world.ts" }, root)).rejects.toThrow("--target and --world exclude each other");
    await expect(runCommand(["scenarios/cycles"], { target: endpoint.url }, root)).rejects.toThrow("--target needs credentials");
    // Checked once before any scenario runs: a wrong token, a closed port.
    await expect(runCommand(["scenarios/cycles"], { target: endpoint.url, targetToken: "wrong-token" }, root)).rejects.toThrow(
      /--target: the endpoint .* refused the credentials \(GET \/Users.* answered 401\): check --target-token/,
    );
    const closed = await closedPort();
    await expect(runCommand(["scenarios/cycles"], { target: `http://127.0.0.1:${closed}/scim/v2`, targetToken: TOKEN }, root)).rejects.toThrow(
      /--target: the endpoint http:\/\/127.0.0.1:\d+\/scim\/v2 cannot be reached \(GET \/Users: ECONNREFUSED\): check --target/,
    );
  });

  function expectOnlyBystanders(): void {
    expect(ids(simulator.store.listUsers())).toEqual(bystanders.users);
    expect(ids(simulator.store.listGroups())).toEqual(bystanders.groups);
  }
});

/** A loopback port nobody listens on (just released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function ids(resources: Array<{ id: string }>): string[] {
  return resources.map((r) => r.id).sort();
}
