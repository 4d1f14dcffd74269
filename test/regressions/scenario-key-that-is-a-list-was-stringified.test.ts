/**
 * Seen in the engine fuzz's output (issue 9): a scenario whose mapping used a list or a map as a
 * key (`{[a]: 1}`) was converted with a process warning ("Keys with collection values will be
 * stringified") into a key `"[ a ]"`, which then failed as an unknown field far from its cause.
 */
import { describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../common/config-error";
import { parseScenarioYaml } from "../../harness/scenario/load-scenario";

describe("a scenario key that is a list was stringified", () => {
  it("is a ConfigError at the key's line, with no process warning", () => {
    const warn = vi.spyOn(process, "emitWarning");
    const text = "name: x\nsteps:\n  - cycle: initial\n  - {advance: 1h, [a]: 1}\n";
    expect(() => parseScenarioYaml(text, "keys.yaml")).toThrow(ConfigError);
    expect(() => parseScenarioYaml(text, "keys.yaml")).toThrow(/^keys\.yaml: line 4: a key is a list or a map/);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
