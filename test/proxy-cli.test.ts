/** `scimlab proxy` as a process: --faults FILE.yaml installs rules; a bad file exits 2 naming it. */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../simulator/index";

const BIN = join(import.meta.dirname, "..", "bin", "scimlab.mjs");
const dir = mkdtempSync(join(tmpdir(), "scimlab-proxy-cli-"));
const targets: Target[] = [];
afterAll(async () => {
  await Promise.all(targets.map((t) => t.close()));
});

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, "proxy", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const m = /listening at (\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on("exit", () => reject(new Error(`exited: ${stderr}`)));
  });
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

describe("scimlab proxy (command line)", () => {
  it.concurrent("serves with the rules of --faults and stops on SIGTERM", async () => {
    const target = await startTarget({ profile: "entra", tokens: ["cli-proxy-token"] });
    targets.push(target);
    const file = join(dir, "faults.yaml");
    writeFileSync(file, "- id: no-deletes\n  match: { method: DELETE }\n  action: { type: error, status: 503 }\n");
    const proxy = start(["--target", target.baseUrl, "--listen", "127.0.0.1:0", "--faults", file]);
    const base = await proxy.listening;
    expect(proxy.output().stdout).toMatch(/fault rules: 1 from .*faults\.yaml/);
    const headers = { authorization: "Bearer cli-proxy-token" };
    expect((await fetch(`${base}/Users/abc`, { method: "DELETE", headers })).status).toBe(503);
    expect((await fetch(`${base}/Users`, { headers })).status).toBe(200);
    expect(target.journal.find().map((e) => e.method)).toEqual(["GET"]);
    proxy.child.kill("SIGTERM");
    expect(await proxy.exited).toBe(0);
  });

  it.concurrent("a bad faults file exits 2 naming the file and the field", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "- match: {}\n  action: { type: explode }\n");
    const proxy = start(["--target", "http://127.0.0.1:9/scim/v2", "--listen", "127.0.0.1:0", "--faults", file]);
    proxy.listening.catch(() => undefined);
    expect(await proxy.exited).toBe(2);
    expect(proxy.output().stderr).toMatch(/bad\.yaml: \[0\]\.action\.type: unknown action "explode"/);
  });
});
