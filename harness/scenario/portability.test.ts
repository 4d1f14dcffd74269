import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { parseScenarioYaml } from "./load-scenario";

function errorOf(yaml: string): ConfigError {
  try {
    parseScenarioYaml(yaml, "portable.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("portable: true", () => {
  it("refuses what only a simulator can do, naming the file, step, line, field and fix", () => {
    const error = errorOf(
      [
        "name: x",
        "portable: true",
        "target: { users: 3 }",
        "steps:",
        "  - cycle: initial",
        "  - target: { state: down, keepData: false }",
        "  - fault: { id: slow-reads, match: { operation: read, filter: 'userName eq \"a@example.com\"' }, action: { type: latency, delay: 1s } }",
        "",
      ].join("\n"),
    );
    expect(error.exitCode).toBe(2);
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain("portable.yaml: target.users (line 3): a portable scenario runs against a real endpoint, which scimlab cannot fill before the first cycle; remove it, or remove portable: true");
    expect(error.message).toContain("portable.yaml: steps[1].target (step 2, line 6): a portable scenario runs against a real endpoint, which cannot be stopped, wiped, seeded or switched; remove it, or remove portable: true");
    expect(error.message).toContain("steps[2].fault.match.filter (step 3");
    expect(error.message).toContain("add operation: create (or replace)");
  });

  it("accepts faults, directory edits, API calls, restarts and every expectation kind", () => {
    const scenario = parseScenarioYaml(
      [
        "name: x",
        "portable: true",
        "directory: { users: 3 }",
        "steps:",
        "  - fault: { id: reject, match: { operation: create, filter: 'userName eq \"a@example.com\"' }, action: { type: error, status: 400 } }",
        "  - fault: { id: creds, preset: invalid-credentials }",
        "  - cycle: initial",
        "  - directory: { add: { user: { userPrincipalName: a@example.com } } }",
        "  - api: restart",
        "  - restart: kill",
        "  - expect: { target: { users: 3 }, journal: { requests: [{ status: 401 }] }, logs: { status: failure }, invariants: [no-duplicate-creates] }",
        "",
      ].join("\n"),
      "ok.yaml",
    );
    expect(scenario.portable).toBe(true);
    expect(scenario.engine).toBe("process");
  });

  it("checks nothing when the scenario is not portable", () => {
    expect(parseScenarioYaml("name: x\ntarget: { users: 3 }\nsteps:\n  - target: down\n", "sim.yaml").portable).toBe(false);
  });
});
