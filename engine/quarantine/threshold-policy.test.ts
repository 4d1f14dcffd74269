import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { compileThresholdPolicy, evaluateEscrowThreshold, THRESHOLD_PRESETS } from "./threshold-policy";

const e2019 = THRESHOLD_PRESETS["entra-2019"];
const current = THRESHOLD_PRESETS["entra-current"];
const counts = (failures: number, successes: number, referenceFailures = 0) => ({ failures, successes, referenceFailures });

describe("entra-2019 (default): more than 5,000 failures and more than 60%", () => {
  it("5,000 failures never quarantine, 5,001 do (all failed)", () => {
    expect(evaluateEscrowThreshold(counts(5000, 0), e2019)).toBeNull();
    expect(evaluateEscrowThreshold(counts(5001, 0), e2019)).toBe("EncounteredEscrowProportionThreshold");
  });

  it("60% exactly does not quarantine, 60.1% does", () => {
    expect(evaluateEscrowThreshold(counts(6000, 4000), e2019)).toBeNull();
    expect(evaluateEscrowThreshold(counts(6010, 3990), e2019)).toBe("EncounteredEscrowProportionThreshold");
  });

  it("needs both rules: a high proportion of few failures, or many failures at a low proportion, do not", () => {
    expect(evaluateEscrowThreshold(counts(10, 0), e2019)).toBeNull();
    expect(evaluateEscrowThreshold(counts(50_000, 50_000), e2019)).toBeNull();
  });

  it("counts reference failures (no exclusion in this preset)", () => {
    expect(evaluateEscrowThreshold(counts(5001, 0, 5001), e2019)).toBe("EncounteredEscrowProportionThreshold");
  });

  it("with combinator or, either rule alone quarantines, naming the rule that held", () => {
    const or = compileThresholdPolicy({ preset: "entra-2019", combinator: "or" });
    expect(evaluateEscrowThreshold(counts(10, 0), or)).toBe("EncounteredEscrowProportionThreshold");
    expect(evaluateEscrowThreshold(counts(5001, 100_000), or)).toBe("EncounteredTotalEscrowThreshold");
    expect(evaluateEscrowThreshold(counts(5000, 100_000), or)).toBeNull();
    expect(evaluateEscrowThreshold(counts(0, 0), or)).toBeNull();
  });
});

describe("entra-current: 5,000 gate, then 40% or 40,000, references excluded; 60,000 always", () => {
  it("the gate: 4,999 failures never quarantine, 5,000 can", () => {
    expect(evaluateEscrowThreshold(counts(4999, 0), current)).toBeNull();
    expect(evaluateEscrowThreshold(counts(5000, 0), current)).toBe("EncounteredEscrowProportionThreshold");
  });

  it("40% exactly does not quarantine, just above does", () => {
    expect(evaluateEscrowThreshold(counts(5000, 7500), current)).toBeNull();
    expect(evaluateEscrowThreshold(counts(5000, 7499), current)).toBe("EncounteredEscrowProportionThreshold");
  });

  it("40,000 failures at a low proportion do not quarantine, 40,001 do", () => {
    expect(evaluateEscrowThreshold(counts(40_000, 1_000_000), current)).toBeNull();
    expect(evaluateEscrowThreshold(counts(40_001, 1_000_000), current)).toBe("EncounteredTotalEscrowThreshold");
  });

  it("reference failures are left out of the gate and both rules", () => {
    expect(evaluateEscrowThreshold(counts(6000, 0, 1001), current)).toBeNull(); // 4,999 count
    expect(evaluateEscrowThreshold(counts(6000, 0, 1000), current)).toBe("EncounteredEscrowProportionThreshold");
    expect(evaluateEscrowThreshold(counts(59_999, 1_000_000, 59_999), current)).toBeNull();
  });

  it("60,000 failures of any kind always quarantine, 59,999 do not by that rule", () => {
    expect(evaluateEscrowThreshold(counts(60_000, 1_000_000, 60_000), current)).toBe("EncounteredTotalEscrowThreshold");
    expect(evaluateEscrowThreshold(counts(59_999, 10_000_000, 30_000), current)).toBeNull();
  });
});

describe("compileThresholdPolicy", () => {
  it("defaults to entra-2019 and accepts a preset name or overrides on a preset", () => {
    expect(compileThresholdPolicy(undefined)).toEqual(e2019);
    expect(compileThresholdPolicy("entra-current")).toEqual(current);
    expect(compileThresholdPolicy({ preset: "entra-current", proportion: 0.5 })).toEqual({ ...current, proportion: 0.5 });
    expect(compileThresholdPolicy({ minFailures: 10 })).toEqual({ ...e2019, minFailures: 10 });
  });

  const cases: Array<[unknown, string]> = [
    [{ proportion: 60 }, "quarantine.threshold.proportion: must be between 0 and 1"],
    [{ combinator: "xor" }, "quarantine.threshold.combinator: expected and or or"],
    [{ minFailures: -1 }, "quarantine.threshold.minFailures: must be 0 or more"],
    [{ minFailures: 1.5 }, "quarantine.threshold.minFailures: must be a whole number"],
    [{ totalCap: "lots" }, "quarantine.threshold.totalCap"],
    [{ preset: "entra-1999" }, "quarantine.threshold.preset: expected one of entra-2019, entra-current"],
    [{ excludeReferenceFailures: "yes" }, "quarantine.threshold.excludeReferenceFailures"],
    [{ proprtion: 0.5 }, "quarantine.threshold"],
    ["entra-1999", 'quarantine.threshold: unknown preset "entra-1999". use entra-2019 or entra-current'],
  ];
  it.each(cases)("rejects %j with a message naming the field", (input, message) => {
    let caught: unknown;
    try {
      compileThresholdPolicy(input, "quarantine.threshold", "job.yaml");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain(`job.yaml: ${message}`);
  });
});
