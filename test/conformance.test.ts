import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../simulator/index";

// Microsoft's SCIM reference Postman collection (MIT), vendored with its runner so CI never skips it.
const script = resolve(__dirname, "fixtures/conformance/microsoft.mjs");
const repoRoot = resolve(__dirname, "..");

function runCollection(target: Target): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, `--base=${target.baseUrl}`, `--token=${target.tokens[0]!}`], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => done({ code, output }));
  });
}

let target: Target | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe("Microsoft SCIM reference collection", () => {
  it("passes completely against --profile microsoft-reference", async () => {
    target = await startTarget({ profile: "microsoft-reference" });
    const { code, output } = await runCollection(target);
    expect(output).toMatch(/^\d+ passed, 0 failed$/m);
    expect(code).toBe(0);
    // The collection cleans up after itself: the endpoint ends empty, as it started.
    expect(target.store.countUsers()).toBe(0);
    expect(target.store.countGroups()).toBe(0);
  });

  it("fails under --profile rfc only where docs/conformance.md says the RFC decides otherwise", async () => {
    target = await startTarget({ profile: "rfc" });
    const { output } = await runCollection(target);
    const failures = [...output.matchAll(/inside "(.*)"[ \t]*$/gm)].map((m) => m[1]!.trim());
    expect(output).toMatch(/^89 passed, 18 failed$/m);
    const documented = (await import("node:fs")).readFileSync(resolve(repoRoot, "docs/conformance.md"), "utf8");
    expect(new Set(failures).size).toBe(16);
    for (const failure of new Set(failures)) expect(documented).toContain(failure);
  });
});
