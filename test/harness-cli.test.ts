import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../harness/result/result-schema";
import { REPO_ROOT } from "../harness/testing/fixture-run";

const BIN = join(REPO_ROOT, "bin/scimlab.mjs");
const FAKE_WORLD = join(REPO_ROOT, "harness/testing/fake-world-module.ts");

function scimlab(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: "0" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const ok = (name: string): string => `name: ${name}\ndirectory: { users: 2 }\nsteps:\n  - cycle: initial\n  - expect: { target: { users: 2 } }\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scimlab-cli-"));
  await mkdir(join(dir, "suite", "more"), { recursive: true });
  await writeFile(join(dir, "suite", "a.yaml"), ok("alpha"));
  await writeFile(join(dir, "suite", "b.yaml"), ok("bravo"));
  await writeFile(join(dir, "suite", "more", "c.yaml"), ok("charlie"));
  await writeFile(join(dir, "suite", "more", "d.yml"), `name: delta fails\nsteps:\n  - expect: { job: { code: Paused } }\n`);
  await writeFile(join(dir, "bad.yaml"), "name: bad\nsteps:\n  - advance: soon\n");
});

describe("scimlab run (the command line, over worker threads)", () => {
  it("runs a folder on two workers, writes every report, exits 1 when a scenario failed", async () => {
    const out = join(dir, "out");
    const { code, stdout } = await scimlab(
      ["run", "suite", "--world", FAKE_WORLD, "--workers", "2", "--reporter", "console", "--reporter", `json:${out}/report.json`, "--reporter", `junit:${out}/junit.xml`, "--reporter", `html:${out}/report.html`],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toContain("scimlab run: 4 scenarios, 2 workers");
    expect(stdout).toMatch(/✓ alpha {2}\(suite\/a\.yaml, 2 steps/);
    expect(stdout).toContain("✗ delta fails  (suite/more/d.yml, step 1 of 1)");
    expect(stdout).toContain('✗ job.code: expected "Paused", got "NotRun"');
    expect(stdout).toMatch(/4 scenarios failed: 3 passed, 1 failed in /);
    expect(stdout).not.toContain("\u001b[");
    const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunResult;
    expect(report.scenarios.map((s) => `${s.id} ${s.status}`)).toEqual(["suite/a.yaml passed", "suite/b.yaml passed", "suite/more/c.yaml passed", "suite/more/d.yml failed"]);
    expect(report.workers).toBe(2);
    expect(await readFile(join(out, "junit.xml"), "utf8")).toContain('<testsuites name="scimlab" tests="4" failures="1"');
    expect(await readFile(join(out, "report.html"), "utf8")).toContain("<svg class=\"timeline\"");
  });

  it("--shard 1/2 and --shard 2/2 together run every scenario exactly once; exit 0 when all passed", async () => {
    const shard = async (k: number) => {
      const { code, stdout } = await scimlab(["run", "suite/**/*.yaml", "suite/more/*.yml", "--world", FAKE_WORLD, "--workers", "1", "--shard", `${k}/2`, "--reporter", "json:-"], dir);
      return { code, report: JSON.parse(stdout) as RunResult };
    };
    const [one, two] = await Promise.all([shard(1), shard(2)]);
    const ids = [...one.report.scenarios, ...two.report.scenarios].map((s) => s.id).sort();
    expect(ids).toEqual(["suite/a.yaml", "suite/b.yaml", "suite/more/c.yaml", "suite/more/d.yml"]);
    expect(one.report.scenarios.map((s) => s.id)).toEqual(["suite/a.yaml", "suite/more/c.yaml"]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(1);
  });

  it("exits 2 for an invalid file, naming the file, step, line and field, before running anything", async () => {
    const { code, stderr, stdout } = await scimlab(["run", "bad.yaml", "suite", "--world", FAKE_WORLD], dir);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('scimlab: bad.yaml: steps[0].advance (step 1, line 3): invalid advance "soon"');
  });

  it("exits 2 for bad usage (each flag's message is tested in harness/suite/run-suite.test.ts)", async () => {
    const unknown = await scimlab(["run", "--frobnicate"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
  });
});
