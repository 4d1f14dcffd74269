/**
 * Found by the scenario-file fuzz (issue 9): YAML that parses but cannot be converted (an alias
 * used before its anchor, `*a` then `&a`) threw a ReferenceError out of the loader: a stack
 * trace instead of a ConfigError naming the file (exit 2).
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { parseScenarioYaml } from "../../harness/scenario/load-scenario";

describe("a scenario alias before its anchor crashed the loader", () => {
  it("is a ConfigError naming the file", () => {
    const text = "name: x\nsteps:\n  - advance: *later\n  - advance: &later 1h\n";
    expect(() => parseScenarioYaml(text, "alias.yaml")).toThrow(ConfigError);
    expect(() => parseScenarioYaml(text, "alias.yaml")).toThrow(/alias\.yaml/);
  });
});
