/**
 * `scimlab validate` as a process: exit codes (0 passed, 1 failed, 2 usage, 130 interrupted),
 * Ctrl-C cleans up, report files are written, and the token never shows in any output.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../simulator/index";
import { startBrokenTarget } from "./fixtures/broken-targets/index";

const BIN = join(import.meta.dirname, "..", "bin", "scimlab.mjs");
const TOKEN = "cli-secret-token-1";
const targets: Target[] = [];
afterAll(async () => {
  await Promise.all(targets.map((t) => t.close()));
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], onStart?: (kill: () => void) => void): Promise<Run> {
  const child = spawn(process.execPath, [BIN, "validate", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  onStart?.(() => child.kill("SIGINT"));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("scimlab validate (command line)", () => {
  it.concurrent("bad usage exits 2 naming the flag", async () => {
    const r = await run(["--target", "http://127.0.0.1:9/scim/v2", "--token", TOKEN, "--profile", "azure"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--profile is "azure": use one of entra, okta, rfc/);
    expect(r.stderr).not.toContain(TOKEN);
  });

  it.concurrent("Ctrl-C: exit 130 after removing what was created", async () => {
    const target = await startTarget({ profile: "entra", tokens: [TOKEN] });
    targets.push(target);
    const result = run(["--target", target.baseUrl, "--token", TOKEN, "--users", "4", "--groups", "1"], (kill) => {
      let creates = 0;
      target.hooks.before = async (exchange) => {
        if (exchange.req.method === "POST" && ++creates === 8) kill();
        return undefined;
      };
    });
    const r = await result;
    expect(r.stderr).toMatch(/Interrupted: removing what this run created/);
    expect(r.stdout).toMatch(/INTERRUPTED/);
    expect(r.stdout).toMatch(/nothing left behind/);
    expect(r.code).toBe(130);
    expect(target.store.countUsers() + target.store.countGroups()).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it.concurrent("a failing check exits 1 and the report files hold it", async () => {
    const target = await startBrokenTarget("wrong-error-body", { tokens: [TOKEN] });
    targets.push(target);
    const dir = mkdtempSync(join(tmpdir(), "scimlab-validate-cli-"));
    const r = await run([
      "--target", target.baseUrl, "--token", TOKEN, "--profile", "rfc",
      "--reporter", "console", "--reporter", `json:${join(dir, "r.json")}`, "--reporter", `junit:${join(dir, "r.xml")}`, "--reporter", `html:${join(dir, "r.html")}`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ errors\.not-found-404/);
    expect(r.stdout).toMatch(/what to fix: answer errors with a SCIM error body/);
    const json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { status: string; checks: Array<{ id: string; status: string }> };
    expect(json.status).toBe("failed");
    expect(json.checks.filter((c) => c.status === "failed").map((c) => c.id).sort()).toEqual(["errors.duplicate-409", "errors.not-found-404", "errors.unauthorized-401"]);
    expect(readFileSync(join(dir, "r.xml"), "utf8")).toContain("<failure");
    expect(readFileSync(join(dir, "r.html"), "utf8")).toContain("What to fix");
    for (const file of ["r.json", "r.xml", "r.html"]) expect(readFileSync(join(dir, file), "utf8")).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
