import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, UsageError } from "../../common/config-error";
import type { Reporter } from "../reporters/reporter";
import { fakeWorldFactory } from "../testing/fake-world";
import { discoverScenarioFiles, globToRegExp } from "./discover";
import { runCommand } from "./run-cli";
import { runSuite } from "./run-suite";
import { parseShard, selectShard } from "./select";

async function suiteDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "scimlab-suite-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const scenario = (name: string, extra = ""): string => `name: ${name}\n${extra}steps:\n  - cycle: initial\n`;
const failing = (name: string): string => `name: ${name}\nsteps:\n  - expect: { job: { code: Paused } }\n`;

describe("finding scenario files", () => {
  it("takes files, folders (recursively) and globs, sorted and once each", async () => {
    const dir = await suiteDir({
      "a/one.yaml": scenario("one"),
      "a/two.yml": scenario("two"),
      "a/deep/three.yaml": scenario("three"),
      "b/four.yaml": scenario("four"),
      "b/notes.txt": "not a scenario",
      "a/.hidden/five.yaml": scenario("five"),
    });
    expect(await discoverScenarioFiles(["a"], dir)).toEqual(["a/deep/three.yaml", "a/one.yaml", "a/two.yml"]);
    expect(await discoverScenarioFiles(["b/four.yaml", "a/*.yaml", "**/four.yaml"], dir)).toEqual(["a/one.yaml", "b/four.yaml"]);
    expect(await discoverScenarioFiles(["**/*.{yaml,yml}"], dir)).toEqual(["a/deep/three.yaml", "a/one.yaml", "a/two.yml", "b/four.yaml"]);
    expect(await discoverScenarioFiles([join(dir, "a", "*.yml")], dir)).toEqual(["a/two.yml"]);
    await expect(discoverScenarioFiles(["missing"], dir)).rejects.toThrow("no such file or folder: missing");
    await expect(discoverScenarioFiles(["c/*.yaml"], dir)).rejects.toThrow("no scenario file matches c/*.yaml");
    await expect(discoverScenarioFiles(["b/notes.txt"], dir)).rejects.toThrow("not a scenario file (.yaml or .yml): b/notes.txt");
  });

  it("turns globs into regular expressions", () => {
    expect(globToRegExp("scenarios/**/*.yaml")).toMatchObject({ base: "scenarios" });
    const { regex } = globToRegExp("s/**/q?-[ab]*.y{a,}ml");
    expect(regex.test("s/q1-a.yaml")).toBe(true);
    expect(regex.test("s/x/y/q1-bz.yml")).toBe(true);
    expect(regex.test("s/q12-a.yaml")).toBe(false);
  });
});

describe("sharding", () => {
  it("--shard k/n for every k together take each scenario exactly once", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (ids, n) => {
        const items = ids.map((id) => ({ id }));
        const taken = Array.from({ length: n }, (_, k) => selectShard(items, { index: k + 1, count: n }, (i) => i.id).map((i) => i.id)).flat();
        expect([...taken].sort()).toEqual([...ids].sort());
      }),
    );
  });

  it("is the same whatever order the files come in", () => {
    const items = ["c", "a", "d", "b"].map((id) => ({ id }));
    const reversed = [...items].reverse();
    expect(selectShard(items, { index: 1, count: 2 }, (i) => i.id)).toEqual(selectShard(reversed, { index: 1, count: 2 }, (i) => i.id));
  });

  it("refuses a malformed shard", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/2", "3/2", "1", "a/b", "1/0"]) expect(() => parseShard(bad)).toThrow(UsageError);
  });

  it("runs every scenario exactly once across --shard 1/2 and 2/2", async () => {
    const files = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`s/${i}.yaml`, scenario(`scenario ${i}`)]));
    const dir = await suiteDir(files);
    const world = fakeWorldFactory();
    const first = await runSuite({ cwd: dir, paths: ["s"], shard: { index: 1, count: 2 }, inProcessWorld: world });
    const second = await runSuite({ cwd: dir, paths: ["s"], shard: { index: 2, count: 2 }, inProcessWorld: world });
    const ran = [...first.scenarios, ...second.scenarios].map((s) => s.id).sort();
    expect(ran).toEqual(Object.keys(files).sort());
    expect(first.scenarios).toHaveLength(4);
    expect(world.created).toHaveLength(7);
    expect(first.shard).toEqual({ index: 1, count: 2 });
  });
});

describe("runSuite", () => {
  it("selects with --grep and --tag, and says when nothing matches", async () => {
    const dir = await suiteDir({
      "a.yaml": scenario("Quarantine after bad credentials", "tags: [quarantine, slow]\n"),
      "b.yaml": scenario("Recovery after restart", "tags: [recovery]\n"),
      "c.yaml": scenario("Mail goes out", "tags: [mail]\n"),
    });
    const ids = async (o: { grep?: string; tags?: string[] }) =>
      (await runSuite({ cwd: dir, ...o, paths: ["."], inProcessWorld: fakeWorldFactory() })).scenarios.map((s) => s.id);
    expect(await ids({ grep: "RESTART" })).toEqual(["b.yaml"]);
    expect(await ids({ grep: "c.yaml" })).toEqual(["c.yaml"]);
    expect(await ids({ tags: ["mail", "recovery"] })).toEqual(["b.yaml", "c.yaml"]);
    await expect(ids({ grep: "nothing" })).rejects.toThrow('no scenario matches --grep "nothing" (of 3 found)');
  });

  it("reports every invalid file at once, each problem naming its file", async () => {
    const dir = await suiteDir({ "ok.yaml": scenario("ok"), "bad1.yaml": "name: x\nsteps:\n  - advnce: 1d\n", "bad2.yaml": "steps: []\n" });
    const error = await runSuite({ cwd: dir, paths: ["."], inProcessWorld: fakeWorldFactory() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    const lines = (error as ConfigError).message.split("\n");
    expect(lines[0]).toMatch(/^bad1\.yaml: steps\[0\]\.advnce \(step 1, line 3\): unknown step "advnce"/);
    expect(lines.some((l) => l.startsWith("bad2.yaml: name"))).toBe(true);
    expect(lines.some((l) => l.startsWith("bad2.yaml: steps"))).toBe(true);
  });

  it("--bail starts nothing after the first failure", async () => {
    const dir = await suiteDir({ "1.yaml": scenario("one"), "2.yaml": failing("two"), "3.yaml": scenario("three") });
    const run = await runSuite({ cwd: dir, paths: ["."], bail: true, inProcessWorld: fakeWorldFactory() });
    expect(run.scenarios.map((s) => `${s.id}:${s.status}`)).toEqual(["1.yaml:passed", "2.yaml:failed"]);
    expect(run.counts).toEqual({ total: 3, passed: 1, failed: 1, notRun: 1 });
    expect(run.status).toBe("failed");
  });

  it("calls the reporters' hooks in order, awaiting each", async () => {
    const dir = await suiteDir({ "1.yaml": scenario("one"), "2.yaml": failing("two") });
    const calls: string[] = [];
    const slow: Reporter = {
      onRunStart: async (run) => {
        await new Promise((r) => setImmediate(r));
        calls.push(`start ${run.scenarios.length} ${run.workers}`);
      },
      onScenarioStart: (s) => void calls.push(`begin ${s.id}`),
      onStepEnd: async (s, step) => {
        await Promise.resolve();
        calls.push(`step ${s.id} ${step.index} ${step.status}`);
      },
      onScenarioEnd: (r) => void calls.push(`end ${r.id} ${r.status}`),
      onRunEnd: (r) => void calls.push(`run ${r.status}`),
    };
    await runSuite({ cwd: dir, paths: ["."], reporters: [slow, {}], inProcessWorld: fakeWorldFactory() });
    expect(calls).toEqual(["start 2 1", "begin 1.yaml", "step 1.yaml 0 passed", "end 1.yaml passed", "begin 2.yaml", "step 2.yaml 0 failed", "end 2.yaml failed", "run failed"]);
  });
});

describe("scimlab run's flags", () => {
  it("refuses bad usage with a message naming the flag", async () => {
    const dir = await suiteDir({ "a.yaml": scenario("a") });
    await expect(runCommand(["."], { workers: "0" }, dir)).rejects.toThrow("--workers 0: expected a whole number of at least 1");
    await expect(runCommand(["."], { shard: "3/2" }, dir)).rejects.toThrow("--shard 3/2: expected k/n");
    await expect(runCommand(["."], { reporter: ["fancy"] }, dir)).rejects.toThrow('unknown reporter "fancy" in --reporter fancy; accepted: console, json, junit, html');
    await expect(runCommand(["."], { timeout: "soon" }, dir)).rejects.toThrow(/^--timeout: invalid duration "soon"/);
    await expect(runCommand(["."], { world: "./no-such-world.ts" }, dir)).rejects.toThrow("world module not found");
  });

  it("runs in the built-in world (simulator, engine, mail catcher) without --world", async () => {
    const dir = await suiteDir({ "a.yaml": scenario("a", "directory: { users: 2 }\n") });
    const out = join(dir, "report.json");
    await expect(runCommand(["."], { reporter: [`json:${out}`] }, dir)).resolves.toBe(0);
    const report = JSON.parse(await readFile(out, "utf8")) as { scenarios: Array<{ steps: Array<{ detail: string }> }> };
    expect(report.scenarios[0]!.steps[0]!.detail).toMatch(/initial, Succeeded, 2 exported/);
  });
});
