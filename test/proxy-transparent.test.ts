/**
 * Acceptance 4 of issue 8, first half: with no faults the proxy is transparent. Microsoft's SCIM
 * reference collection passes through it against a simulator with the microsoft-reference
 * profile, exactly as it passes against the simulator directly, and every request reaches the target.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startProxy, type ScimProxy } from "../harness/proxy/index";
import { startTarget, type Target } from "../simulator/index";

const script = resolve(import.meta.dirname, "fixtures/conformance/microsoft.mjs");
const repoRoot = resolve(import.meta.dirname, "..");

let target: Target | undefined;
let proxy: ScimProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await target?.close();
  proxy = undefined;
  target = undefined;
});

function runCollection(base: string, token: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, "--base", base, "--token", token], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => done({ code, output }));
  });
}

describe("scimlab proxy without faults", () => {
  it("passes the Microsoft collection through to a microsoft-reference simulator", async () => {
    target = await startTarget({ profile: "microsoft-reference", tokens: ["conformance-token"] });
    proxy = await startProxy({ target: target.baseUrl });
    const { code, output } = await runCollection(proxy.baseUrl, "conformance-token");
    expect(output).toMatch(/^\d+ passed, 0 failed$/m);
    expect(code).toBe(0);
    // Every request went through: the target saw what the client sent, nothing was answered by the proxy.
    const seen = proxy.journal.find();
    expect(seen.length).toBeGreaterThan(50);
    expect(target.journal.find().length).toBe(seen.length);
    expect(seen.every((e) => e.faults.length === 0)).toBe(true);
    expect(target.store.countUsers() + target.store.countGroups()).toBe(0);
  });
});
