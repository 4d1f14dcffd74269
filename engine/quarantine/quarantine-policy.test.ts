import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { DAY, HOUR, MINUTE } from "../../common/duration";
import { compileQuarantinePolicy, DEFAULT_QUARANTINE_POLICY } from "./quarantine-policy";
import { THRESHOLD_PRESETS } from "./threshold-policy";

describe("compileQuarantinePolicy", () => {
  it("has the documented defaults", () => {
    expect(compileQuarantinePolicy(undefined)).toEqual({
      intervalMs: 40 * MINUTE,
      backoffCapMs: DAY,
      disableAfterMs: 28 * DAY,
      threshold: THRESHOLD_PRESETS["entra-2019"],
      credentialFailureShare: 0.5,
      pruneEscrowsOnInitial: false,
      deleteThreshold: { enabled: true, value: 500 },
    });
    expect(compileQuarantinePolicy({})).toEqual(DEFAULT_QUARANTINE_POLICY);
  });

  it("parses durations as prose or ISO 8601 and merges partial settings", () => {
    const p = compileQuarantinePolicy({
      interval: "PT20M",
      backoffCap: "12h",
      disableAfter: "4w",
      threshold: "entra-current",
      deleteThreshold: { value: 50 },
      pruneEscrowsOnInitial: true,
    });
    expect(p.intervalMs).toBe(20 * MINUTE);
    expect(p.backoffCapMs).toBe(12 * HOUR);
    expect(p.disableAfterMs).toBe(28 * DAY);
    expect(p.threshold).toEqual(THRESHOLD_PRESETS["entra-current"]);
    expect(p.deleteThreshold).toEqual({ enabled: true, value: 50 });
    expect(p.pruneEscrowsOnInitial).toBe(true);
  });

  const bad: Array<[unknown, RegExp]> = [
    [{ interval: "soon" }, /quarantine\.interval: invalid duration "soon"/],
    [{ interval: 0 }, /quarantine\.interval: must be longer than 0/],
    [{ credentialFailureShare: 0 }, /quarantine\.credentialFailureShare: must be above 0/],
    [{ deleteThreshold: { value: -5 } }, /quarantine\.deleteThreshold\.value: must be 0 or more/],
    [{ threshold: { proportion: 2 } }, /quarantine\.threshold\.proportion: must be between 0 and 1/],
    [{ backof: "1h" }, /quarantine: .*backof/],
  ];
  it.each(bad)("rejects %j naming the field", (input, message) => {
    expect(() => compileQuarantinePolicy(input)).toThrow(ConfigError);
    expect(() => compileQuarantinePolicy(input)).toThrow(message);
  });
});
