/**
 * The redaction test (issue 9): full scenario runs in the built-in world (real simulator, real
 * engine (in a child process, killed with SIGKILL, and in process with OAuth client credentials),
 * real SMTP), then every output is searched for the world's secrets (target bearer token, OAuth
 * client secret and the tokens it issued, engine API token, SMTP password), also base64- and
 * URL-encoded: engine, simulator and catcher logs, the request journal and its HAR, provisioning
 * logs, job status, engine events, mails, the json/junit/html reports, the console output and
 * the failure message of a scenario that fails. None may hold one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReporter } from "../harness/reporters/registry";
import type { RunResult } from "../harness/result/result-schema";
import { runSuite } from "../harness/suite/run-suite";
import { createWorld, type BuiltInWorld } from "../harness/world/built-in-world";
import type { WorldFactory } from "../harness/world/world";
import { startEngineWorld } from "./engine-helpers";

interface Captured {
  scenario: string;
  secrets: string[];
  outputs: Record<string, string>;
}

const QUARANTINE_STEPS = `
  - cycle: initial
  - expect: { job: { code: Active }, target: { users: 12 } }
  - fault: { id: creds, preset: invalid-credentials }
  - advance: 40m
  - expect: { job: { code: Quarantine } }
  - advance: 1d
  - expect: { mail: { count: { gte: 1 }, kind: quarantine } }`;

const KILLED = `name: redaction, bearer token, engine killed
seed: 11
engine: process
directory: { users: 12, groups: 2 }
target: { profile: entra }
job: { interval: 40m, notifications: { recipients: [admin@example.com] } }
steps:${QUARANTINE_STEPS}
  - restart: kill
  - fault: { remove: creds }
  - advance: next-cycle
  - expect: { job: { code: Active } }
`;

const OAUTH_FAILING = `name: redaction, OAuth client credentials, fails at the end
seed: 12
directory: { users: 12, groups: 2 }
target: { profile: entra, auth: oauth, tokenTtl: 30m }
job: { interval: 40m, notifications: { recipients: [admin@example.com] } }
steps:${QUARANTINE_STEPS}
  - restart: crash
  - fault: { remove: creds }
  - advance: next-cycle
  - expect: { job: { code: Active } }
  - expect: { target: { users: 999 } }
`;

let dir: string;
let result: RunResult;
let consoleText = "";
const captured: Captured[] = [];

/** The built-in world, with every output collected just before it is disposed. */
const collectingWorld: WorldFactory = async (config) => {
  const world = (await createWorld(config)) as BuiltInWorld;
  const dispose = world.dispose.bind(world);
  world.dispose = async () => {
    captured.push({
      scenario: config.scenario.name,
      secrets: [...world.secrets()],
      outputs: {
        logs: (await world.diagnostics()).join("\n"),
        journal: JSON.stringify(await world.target.journal()),
        "provisioning logs": JSON.stringify(await world.engine.provisioningLogs()),
        status: JSON.stringify(await world.engine.job()),
        events: JSON.stringify(await world.events()),
        mails: JSON.stringify(await world.mails()),
      },
    });
    await dispose();
  };
  return world;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scimlab-redaction-"));
  writeFileSync(join(dir, "killed.yaml"), KILLED);
  writeFileSync(join(dir, "oauth-failing.yaml"), OAUTH_FAILING);
  const out = new Writable({ write: (chunk, _enc, done) => ((consoleText += String(chunk)), done()) });
  result = await runSuite({
    paths: [dir],
    cwd: dir,
    inProcessWorld: collectingWorld,
    timeoutMs: 90_000,
    reporters: [
      createReporter("console", { stdout: out, cwd: dir }),
      createReporter(`json:${join(dir, "report.json")}`, { cwd: dir }),
      createReporter(`junit:${join(dir, "report.xml")}`, { cwd: dir }),
      createReporter(`html:${join(dir, "report.html")}`, { cwd: dir }),
    ],
  });
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A secret as it could leak: as is, base64 (Basic headers), URL-encoded. */
function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString("base64"), encodeURIComponent(secret)];
}

describe("no secret in any output of a full scenario run", () => {
  it("ran both scenarios to their expected ends (the bearer one passes, the OAuth one fails at its last step)", () => {
    const byName = new Map(result.scenarios.map((s) => [s.name, s]));
    expect(byName.get("redaction, bearer token, engine killed")?.status, byName.get("redaction, bearer token, engine killed")?.failure?.message).toBe("passed");
    const failing = byName.get("redaction, OAuth client credentials, fails at the end");
    expect(failing?.status).toBe("failed");
    expect(failing?.failure?.message).toMatch(/users/);
    expect(captured).toHaveLength(2);
  });

  it("collected real outputs holding real secrets to look for", () => {
    for (const c of captured) {
      expect(c.secrets.length, c.scenario).toBeGreaterThanOrEqual(3);
      for (const s of c.secrets) expect(s.length).toBeGreaterThanOrEqual(8);
      expect(JSON.parse(c.outputs.journal!).length).toBeGreaterThan(20);
      expect(JSON.parse(c.outputs.mails!).length).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(c.outputs["provisioning logs"]!).length).toBeGreaterThan(10);
      expect(c.outputs.logs!.length).toBeGreaterThan(0);
    }
  });

  it("finds none of them in logs, journal, HAR, provisioning logs, status, events or mails", () => {
    for (const c of captured) {
      for (const [name, text] of Object.entries(c.outputs)) {
        for (const secret of c.secrets) for (const form of forms(secret)) expect(text.includes(form), `${c.scenario}: ${name} holds a secret`).toBe(false);
      }
    }
  });

  it("finds none of them in the json, junit and html reports, the console output or the failure message", () => {
    const reports = {
      json: readFileSync(join(dir, "report.json"), "utf8"),
      junit: readFileSync(join(dir, "report.xml"), "utf8"),
      html: readFileSync(join(dir, "report.html"), "utf8"),
      console: consoleText,
      failures: JSON.stringify(result.scenarios.map((s) => s.failure ?? null)),
    };
    expect(reports.console.length).toBeGreaterThan(0);
    const secrets = captured.flatMap((c) => c.secrets);
    for (const [name, text] of Object.entries(reports)) {
      for (const secret of secrets) for (const form of forms(secret)) expect(text.includes(form), `${name} holds a secret`).toBe(false);
    }
  });
});

describe("no secret in the simulator's journal, its HAR, or the engine's error messages", () => {
  it("a cycle refused with 401: the target token appears in neither the journal, the HAR nor the admin API's answers", async () => {
    const world = await startEngineWorld({ users: 6, seed: "redaction-har", tokens: ["target-token-marker-7d1c"], engine: { apiToken: "engine-api-token-marker-55aa" } });
    try {
      const { engine, target, jobId, servicePrincipalId } = world;
      await engine.runCycle(jobId);
      target.faults.use({ id: "creds", preset: "invalid-credentials" });
      await engine.runCycle(jobId);
      const wrong = await request(engine.app)
        .post(`/v1.0/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${jobId}/validateCredentials`)
        .set("Authorization", "Bearer engine-api-token-marker-55aa")
        .send({ useSavedCredentials: false, credentials: [{ key: "SecretToken", value: "wrong-token-marker-0f0f" }] });
      const badSecret = await request(engine.app)
        .put(`/v1.0/servicePrincipals/${servicePrincipalId}/synchronization/secrets`)
        .set("Authorization", "Bearer engine-api-token-marker-55aa")
        .send({ value: [{ key: "SyncNotificationSettings", value: "{not json password-marker-9e9e" }] });
      const outputs = {
        journal: JSON.stringify(target.journal.find()),
        har: JSON.stringify(target.journal.toHar()),
        "validateCredentials answer": wrong.text,
        "secrets answer": badSecret.text,
        status: JSON.stringify(engine.status(jobId)),
        logs: JSON.stringify(engine.provisioningLogs({ top: 1000 })),
        events: JSON.stringify(engine.events({ jobId })),
      };
      expect(JSON.parse(outputs.har).log.entries.length).toBeGreaterThan(10);
      expect(outputs.journal).toContain("Bearer [REDACTED]");
      expect(wrong.status).toBe(400);
      for (const [name, text] of Object.entries(outputs)) {
        for (const secret of ["target-token-marker-7d1c", "engine-api-token-marker-55aa", "wrong-token-marker-0f0f", "password-marker-9e9e"]) {
          for (const form of forms(secret)) expect(text.includes(form), `${name} holds ${secret}`).toBe(false);
        }
      }
    } finally {
      await world.close();
    }
  });
});
