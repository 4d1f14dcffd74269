import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Ajv2020 } from "ajv/dist/2020.js";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../result/result-schema";
import { RunResultSchema } from "../result/result-schema";
import { REPORT_SCHEMA_PATH } from "../scenario/json-schema";
import { fixtureRun, REPO_ROOT } from "../testing/fixture-run";
import { consoleReporter } from "./console-reporter";
import { jsonReporter, REPORT_SCHEMA_ID } from "./json-reporter";
import { junitXml } from "./junit-reporter";
import { createReporter } from "./registry";
import type { Reporter } from "./reporter";

let run: RunResult;
beforeAll(async () => {
  run = await fixtureRun();
});

class Capture extends Writable {
  text = "";
  constructor(readonly isTTY: boolean) {
    super();
  }
  columns = 120;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Replays a run through a reporter's hooks, as runSuite calls them. */
async function replay(reporter: Reporter, result: RunResult): Promise<void> {
  const infos = result.scenarios.map((s) => ({ id: s.id, name: s.name, file: s.file, tags: s.tags, proves: s.proves, steps: s.steps.length }));
  await reporter.onRunStart?.({ scenarios: infos, workers: 2, shard: { index: 1, count: 1 }, seed: null });
  for (const [i, s] of result.scenarios.entries()) {
    await reporter.onScenarioStart?.(infos[i]!);
    for (const step of s.steps) if (step.status !== "skipped") await reporter.onStepEnd?.(infos[i]!, step);
    await reporter.onScenarioEnd?.(s);
  }
  await reporter.onRunEnd?.(result);
}

/** Wall times differ from run to run; everything else is the same. */
function steadyWallTimes(text: string): string {
  return text
    .replace(/in \d+(\.\d+)?m?s/g, "in <wall>")
    .replace(/[\d,]+× real time/g, "<ratio>× real time");
}

describe("console reporter", () => {
  it("prints plain lines off a TTY: one per scenario, the failure in full, a summary", async () => {
    const out = new Capture(false);
    await replay(consoleReporter({ stdout: out }), run);
    expect(out.text).not.toContain("\u001b");
    expect(steadyWallTimes(out.text)).toMatchSnapshot();
  });

  it("on a TTY keeps a progress line and colours the marks", async () => {
    const out = new Capture(true);
    await replay(consoleReporter({ stdout: out }), run);
    expect(out.text).toContain("\r\u001b[K[0/3] A job left quarantined for four weeks is disabled, and start brings it back");
    expect(out.text).toContain("(step 9/9)");
    expect(out.text).toContain("\u001b[32m✓\u001b[0m A job left quarantined");
    expect(out.text).toContain("\u001b[31m✗\u001b[0m A copy of the example with one wrong expectation");
    expect(out.text.endsWith("real time)\n")).toBe(true);
  });
});

describe("json reporter", () => {
  it("writes the full result model, valid against the published schema", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimlab-json-"));
    const file = join(dir, "nested", "report.json");
    await replay(jsonReporter({ file }), run);
    const written = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    expect(written.$schema).toBe(REPORT_SCHEMA_ID);
    const schema = JSON.parse(await readFile(join(REPO_ROOT, REPORT_SCHEMA_PATH), "utf8")) as object;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    expect(validate(written), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(RunResultSchema.parse(written).scenarios.map((s) => s.status)).toEqual(["passed", "passed", "failed"]);
    const failed = (written.scenarios as RunResult["scenarios"])[2]!;
    expect(failed.failure).toMatchObject({ stepIndex: 8, line: 22, mismatches: [{ path: "job.code", expected: "Active", actual: "Quarantine" }] });
    expect(failed.timeline.some((e) => e.kind === "quarantine")).toBe(true);
    expect(failed.steps[8]!.failure!.message).toContain("step 9 (line 22)");
    // The schema is not vacuous: a broken report fails it.
    expect(validate({ ...written, scenarios: [{ ...failed, status: "maybe" }] })).toBe(false);
    expect(validate({ ...written, counts: undefined })).toBe(false);
  });

  it("writes to standard output with json:-", async () => {
    const out = new Capture(false);
    await replay(createReporter("json:-", { stdout: out }), run);
    expect((JSON.parse(out.text) as RunResult).counts).toEqual({ total: 3, passed: 2, failed: 1, notRun: 0 });
  });
});

describe("junit reporter", () => {
  it("writes XML that parses, one testcase per scenario with the failure", () => {
    const xml = junitXml(run);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml) as {
      testsuites: { tests: string; failures: string; testsuite: { testcase: Array<Record<string, unknown>> } };
    };
    expect(doc.testsuites).toMatchObject({ tests: "3", failures: "1" });
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name)).toEqual(run.scenarios.map((s) => s.name));
    expect(cases[0]).toMatchObject({ classname: "harness.testing.fixtures.four-weeks", file: "harness/testing/fixtures/four-weeks.yaml" });
    expect(cases[0]!.failure).toBeUndefined();
    const failure = cases[2]!.failure as Record<string, string>;
    expect(failure.message).toBe("step 9 (line 22): expect: { job: { code: Active } }");
    expect(failure["#text"]).toContain('✗ job.code: expected "Active", got "Quarantine"');
    expect(String(cases[1]!["system-out"])).toContain("mail quarantine to admin@example.com");
  });

  it("escapes what XML cannot hold as it is", () => {
    const nasty = run.scenarios[1]!;
    const odd: RunResult = { ...run, scenarios: [{ ...nasty, name: `quotes " & <tags> \u0007 'apostrophes'` }] };
    const xml = junitXml(odd);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", processEntities: true }).parse(xml) as {
      testsuites: { testsuite: { testcase: { name: string } } };
    };
    expect(doc.testsuites.testsuite.testcase.name).toBe(`quotes " & <tags>  'apostrophes'`);
  });
});

describe("reporter registry", () => {
  it("knows the four reporters and refuses others", () => {
    expect(() => createReporter("console")).not.toThrow();
    expect(() => createReporter("html:out.html")).not.toThrow();
    expect(() => createReporter("junit:")).toThrow("--reporter junit:: give a file after the colon");
    expect(() => createReporter("tap")).toThrow('unknown reporter "tap"');
  });
});
