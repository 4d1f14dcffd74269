/** `scimlab engine`: flags, exit codes, and a controlled clock driven over HTTP from another process. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../simulator/index";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin/scimlab.mjs");
const dirs: string[] = [];
let target: Target | undefined;

afterAll(async () => {
  await target?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "scimlab-engine-cli-"));
  dirs.push(d);
  return d;
}

describe("scimlab engine", () => {
  it("exits 2 naming the flag on bad usage (each flag's message: engine/cli.test.ts)", () => {
    const bad = spawnSync(process.execPath, [bin, "engine", "--data", tempDir(), "--port", "0", "--dialect", "entra-2030"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--dialect must be one of entra-2017, entra-2020/);
    const mail = spawnSync(process.execPath, [bin, "engine", "--data", tempDir(), "--port", "0", "--smtp-host", "mx", "--smtp-user", "u", "--smtp-password-env", "SCIMLAB_UNSET_VAR"], { encoding: "utf8" });
    expect(mail.status).toBe(2);
    expect(mail.stderr).toMatch(/--smtp-password-env: the environment variable SCIMLAB_UNSET_VAR is not set/);
    const help = spawnSync(process.execPath, [bin, "engine", "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    for (const flag of ["--policy", "--notify", "--delete-threshold", "--smtp-host", "--smtp-password-env", "--mail-resend-every", "--mail <catcher|off>"]) expect(help.stdout).toContain(flag);
    const fresh = spawnSync(process.execPath, [bin, "engine", "--data", tempDir(), "--port", "0"], { encoding: "utf8" });
    expect(fresh.status).toBe(2);
    expect(fresh.stderr).toMatch(/--target is required the first time/);
  });

  it("with --clock controlled, time moves only through POST /_engine/clock; the first cycle runs at once", async () => {
    target = await startTarget({ profile: "entra", tokens: ["cli-target-token"], seed: "cli" });
    const child = spawn(
      process.execPath,
      [bin, "engine", "--target", target.baseUrl, "--target-token", "cli-target-token", "--data", tempDir(), "--port", "0",
        "--source-users", "20", "--clock", "controlled", "--api-token", "cli-api-token-123", "--interval", "30m", "--log-level", "warn"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      let out = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on("data", (c: Buffer) => {
          out += c.toString();
          if (/^mail: /m.test(out)) resolve(/API on (http:\/\/\S+)/.exec(out)![1]!);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      // A token the user chose is never echoed back (only a generated one is printed).
      expect(out).toMatch(/^apiToken: \(as given with --api-token\)$/m);
      expect(out).not.toContain("cli-api-token-123");
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(url + path, {
          method,
          headers: { authorization: "Bearer cli-api-token-123", "content-type": "application/json" },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const before = (await call("GET", "/_engine/clock")).body;
      expect(before).toMatchObject({ mode: "controlled", now: "2026-01-05T09:00:00.000Z", nextTimerAt: "2026-01-05T09:00:00.000Z", inflightIo: [] });
      expect(target.store.countUsers()).toBe(0);
      const after = await call("POST", "/_engine/clock", { advance: "1m" });
      expect(after.body).toMatchObject({ now: "2026-01-05T09:01:00.000Z", nextTimerAt: "2026-01-05T09:30:00.000Z" });
      expect(target.store.countUsers()).toBe(20);
      const peer = await call("POST", "/_engine/clock", { to: "2026-01-05T09:30:00.000Z", settle: false });
      expect(peer.body.now).toBe("2026-01-05T09:30:00.000Z");
      expect((await call("POST", "/_engine/clock", { advance: "-5m" })).status).toBe(400);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }, 60_000);
});
