import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../common/config-error";
import { loadScenarioFile, parseScenarioYaml } from "./load-scenario";

const EXAMPLE = new URL("../testing/fixtures/issue-example.yaml", import.meta.url).pathname;

/** The message of the ConfigError that parsing `yaml` throws. */
function errorOf(yaml: string, file = "bad.yaml"): ConfigError {
  try {
    parseScenarioYaml(yaml, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const HEAD = "name: x\nsteps:\n";

describe("loading scenario files", () => {
  it("loads the issue's example with defaults, durations in ms, line numbers, and kill choosing engine: process", async () => {
    const s = await loadScenarioFile(EXAMPLE);
    expect(s.name).toContain("Invalid credentials");
    expect(s.seed).toBe(7);
    expect(s.engine).toBe("process");
    expect(s.job).toMatchObject({ interval: 40 * 60_000, policy: "entra-2019", scope: "assigned" });
    expect(s.job.notifications).toEqual({ recipients: ["admin@example.com"], enabled: true });
    expect(s.target).toEqual({ profile: "entra", users: 0, groups: 0, auth: "bearer" });
    expect(s.steps.map((step) => step.kind)).toEqual([
      "cycle", "expect", "fault", "advance", "expect", "advance", "expect", "restart", "expect", "fault", "advance", "expect",
    ]);
    expect(s.steps[0]!.line).toBe(14);
    expect(s.steps[3]).toMatchObject({ kind: "advance", advance: { mode: "by", ms: 40 * 60_000 } });
    expect(s.steps[10]).toMatchObject({ kind: "advance", advance: { mode: "next-cycle" } });
    expect(s.steps[2]).toMatchObject({ kind: "fault", fault: { change: "add", fault: { preset: "invalid-credentials", id: "creds", options: {} } } });
  });

  it("names the file, the step number, the line, the field and the accepted forms of a bad duration", () => {
    const e = errorOf(`${HEAD}  - cycle: initial\n  - advance: 4 parsecs\n`);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      'bad.yaml: steps[1].advance (step 2, line 4): invalid advance "4 parsecs": expected a duration like "40m" or "1d", next-cycle, {until: expectation, within: duration} or {to: time}',
    );
  });

  it("suggests the step kind that was meant and lists the accepted ones", () => {
    const e = errorOf(`${HEAD}  - advnce: 40m\n`);
    expect(e.message).toContain('steps[0].advnce (step 1, line 3): unknown step "advnce" (did you mean advance?); accepted: cycle, advance, fault, directory, target, api, restart, expect');
  });

  it("refuses a step that does two things", () => {
    expect(errorOf(`${HEAD}  - { cycle: now, advance: 1d }\n`).message).toContain("a step does one thing; this one has cycle, advance");
    expect(errorOf(`${HEAD}  - note: only a note\n`).message).toContain("a step needs one of cycle, advance");
  });

  it("points into nested expectations: unknown fields, enum values, matcher durations", () => {
    const e = errorOf(
      `${HEAD}  - expect: { jbo: { code: Active } }\n  - expect: { job: { code: Quarantined } }\n` +
        `  - expect:\n      job:\n        quarantine:\n          nextAttempt: { in: soon }\n`,
    );
    expect(e.problems.map((p) => p.field)).toEqual([
      "steps[0].expect (step 1, line 3)",
      "steps[1].expect.job.code (step 2, line 4)",
      "steps[2].expect.job.quarantine.nextAttempt.in (step 3, line 8)",
    ]);
    expect(e.problems[0]!.problem).toBe("unknown field jbo in an expectation (did you mean job?); accepted: job, target, journal, mail, logs, invariants");
    expect(e.problems[1]!.problem).toBe("expected one of NotConfigured, NotRun, Active, Paused, Quarantine, or a matcher");
    expect(e.problems[2]!.problem).toMatch(/^invalid duration "soon"/);
  });

  it("checks fault envelopes, resetScope flags, selectors and invariants", () => {
    const e = errorOf(
      `${HEAD}  - fault: { action: deny }\n  - fault: {}\n  - api: { restart: { resetScope: "Escrows, Everything" } }\n` +
        `  - directory: { disable: { nth: -1 } }\n  - expect: { invariants: [no-duplicates] }\n  - restart: softly\n`,
    );
    const byStep = e.problems.map((p) => `${p.field.split(" ")[0]}: ${p.problem}`);
    expect(byStep[0]).toBe("steps[0].fault.action: expected a mapping (an object), got string");
    expect(byStep[1]).toMatch(/^steps\[1\].fault: expected a fault: a rule \{id\?, match, action/);
    expect(byStep[2]).toBe('steps[2].api.restart.resetScope: unknown resetScope flag "Everything"; accepted: None, ConnectorDataStore, Escrows, Watermark, QuarantineState, Full, ForceDeletes');
    expect(byStep[3]).toBe("steps[3].directory.disable.nth: expected a number of at least 0");
    expect(byStep[4]).toBe("steps[4].expect.invariants[0]: expected an invariant: no-duplicate-creates, target-matches-directory, no-secret-leak");
    expect(byStep[5]).toBe("steps[5].restart: expected restart: one of graceful, crash, kill");
  });

  it("checks the header: name, unknown fields, job settings", () => {
    const e = errorOf("nam: x\njob: { interval: often, polcy: entra-2019 }\nsteps: [{ cycle: now }]\n");
    const text = e.message.split("\n");
    expect(text).toContain("bad.yaml: (root) (line 1): unknown field nam in a scenario (did you mean name?); accepted: $schema, name, description, proves, tags, seed, start, engine, portable, directory, target, job");
    expect(text).toContain("bad.yaml: name (line 1): expected a name: a sentence saying what the scenario proves");
    expect(text.some((l) => l.startsWith("bad.yaml: job (line 2): unknown field polcy in job (did you mean policy?)"))).toBe(true);
    expect(text.some((l) => l.startsWith('bad.yaml: job.interval (line 2): invalid duration "often"'))).toBe(true);
    expect(errorOf("name: x\n").message).toBe(
      "bad.yaml: steps (line 1): expected steps: a list of at least one step (cycle, advance, fault, directory, target, api, restart, expect)",
    );
  });

  it("refuses restart: kill with engine: inprocess, and target steps in a portable scenario", () => {
    const kill = errorOf("name: x\nengine: inprocess\nsteps:\n  - restart: kill\n");
    expect(kill.message).toContain("steps[0].restart (step 1, line 4): restart: kill sends SIGKILL to the engine's process, which needs engine: process");
    const portable = errorOf("name: x\nportable: true\nsteps:\n  - target: down\n");
    expect(portable.message).toContain("steps[0].target (step 1, line 4): a portable scenario runs against a real endpoint");
  });

  it("reports YAML syntax errors with line and column, and duplicate keys", () => {
    expect(errorOf("name: x\nsteps:\n  - cycle: [now\n").message).toMatch(/^bad\.yaml: line \d+, column \d+: invalid YAML: /);
    expect(errorOf("name: x\nname: y\nsteps: [{cycle: now}]\n").message).toBe("bad.yaml: line 2, column 1: invalid YAML: Map keys must be unique");
    expect(errorOf("- just\n- a list\n").message).toContain("(root) (line 1): expected a scenario: a mapping with name, steps");
  });

  it("refuses a list or a map used as a key, at its line, instead of stringifying it", () => {
    const warn = vi.spyOn(process, "emitWarning");
    expect(errorOf("name: x\nsteps:\n  - {cycle: initial, [a]: 1}\n").message).toBe(
      "bad.yaml: line 3: a key is a list or a map. write keys as plain words, e.g. `users: 5`",
    );
    expect(errorOf("name: x\n? {a: 1}\n: 1\nsteps: []\n").message).toContain("bad.yaml: line 2: a key is a list or a map");
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it("names a file it cannot read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimlab-load-"));
    await expect(loadScenarioFile(join(dir, "missing.yaml"))).rejects.toThrow(/missing\.yaml: \(file\): cannot read the file: ENOENT/);
    await writeFile(join(dir, "ok.yaml"), "name: ok\nsteps: [{ cycle: now }]\n");
    expect((await loadScenarioFile(join(dir, "ok.yaml"))).engine).toBe("inprocess");
  });

  it("parses every form of each step kind", () => {
    const s = parseScenarioYaml(
      `${HEAD}` +
        "  - advance: { until: { job: { code: Active } }, within: 2h }\n" +
        "  - advance: { to: 2026-01-06T09:00:00Z }\n" +
        "  - advance: { to: 3d }\n" +
        "  - fault: { remove: [a, b] }\n" +
        "  - fault: reset\n" +
        "  - fault: { match: { method: POST }, action: { type: error, status: 500 }, times: 2 }\n" +
        "  - target: { state: down, keepData: false }\n" +
        "  - target: { seed: { users: 3 } }\n" +
        "  - target: { profile: okta }\n" +
        "  - api: restart\n" +
        "  - api: { restart: { resetScope: [Escrows, Watermark] } }\n" +
        "  - api: { provisionOnDemand: { user: { nth: 0 } } }\n" +
        "  - api: { scoping: { object: User, filter: [[{ attribute: department, operator: EQUALS, value: Sales }]] } }\n" +
        "  - directory: [{ generate: 3 }, { membership: { group: Group 1, add: { first: 2 } } }]\n",
    );
    expect(s.steps.map((step) => JSON.parse(JSON.stringify({ ...step, source: undefined, line: undefined, index: undefined })))).toMatchObject([
      { kind: "advance", advance: { mode: "until", within: 7_200_000, until: { job: { code: "Active" } } } },
      { kind: "advance", advance: { mode: "to", to: { absolute: Date.parse("2026-01-06T09:00:00Z") } } },
      { kind: "advance", advance: { mode: "to", to: { fromStart: 3 * 86_400_000 } } },
      { kind: "fault", fault: { change: "remove", ids: ["a", "b"] } },
      { kind: "fault", fault: { change: "reset" } },
      { kind: "fault", fault: { change: "add", fault: { rule: { match: { method: "POST" }, action: { type: "error", status: 500 }, times: 2 } } } },
      { kind: "target", target: { change: "state", state: "down", keepData: false } },
      { kind: "target", target: { change: "seed", users: 3, groups: 0 } },
      { kind: "target", target: { change: "profile", profile: "okta" } },
      { kind: "api", api: { call: "restart", resetScope: [] } },
      { kind: "api", api: { call: "restart", resetScope: ["Escrows", "Watermark"] } },
      { kind: "api", api: { call: "provisionOnDemand", subject: { user: { nth: 0 } } } },
      { kind: "api", api: { call: "scoping", object: "User" } },
      { kind: "directory", directory: [{ generate: 3 }, { membership: { group: "Group 1", add: { first: 2 } } }] },
    ]);
  });
});
