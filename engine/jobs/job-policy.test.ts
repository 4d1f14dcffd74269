import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { DAY, HOUR, MINUTE } from "../../common/duration";
import { THRESHOLD_PRESETS } from "../quarantine/threshold-policy";
import { quarantinePolicyOf, validateQuarantineOptions } from "./job-policy";
import type { JobRecord } from "./job-types";

const job = (quarantine?: object): JobRecord => ({ intervalMs: 30 * MINUTE, config: { ...(quarantine ? { quarantine } : {}) } }) as unknown as JobRecord;

describe("the quarantine policy of a job", () => {
  it("defaults: entra-2019, the job's interval, 24h cap, 28 days, delete threshold 500", () => {
    expect(quarantinePolicyOf(job(), {}, undefined)).toEqual({
      intervalMs: 30 * MINUTE, backoffCapMs: DAY, disableAfterMs: 28 * DAY, threshold: THRESHOLD_PRESETS["entra-2019"],
      credentialFailureShare: 0.5, pruneEscrowsOnInitial: false, deleteThreshold: { enabled: true, value: 500 },
    });
  });

  it("the job's options over the engine's, field by field; the delete threshold from SyncNotificationSettings", () => {
    const policy = quarantinePolicyOf(
      job({ threshold: { preset: "entra-current", minFailures: 100 } }),
      { SyncNotificationSettings: JSON.stringify({ DeleteThresholdEnabled: true, DeleteThresholdValue: 20 }) },
      { threshold: "entra-2019", backoffCap: "6h" },
    );
    expect(policy).toMatchObject({ backoffCapMs: 6 * HOUR, threshold: { ...THRESHOLD_PRESETS["entra-current"], minFailures: 100 }, deleteThreshold: { enabled: true, value: 20 } });
    // An unreadable secret (refused on PUT, but stored by other means) counts as none.
    expect(quarantinePolicyOf(job(), { SyncNotificationSettings: "{nope" }, undefined).deleteThreshold).toEqual({ enabled: true, value: 500 });
  });

  it.each([
    [{ interval: "1h" }, /quarantine\.interval: cannot be set here\. the backoff's base is the job's interval/],
    [{ deleteThreshold: { value: 3 } }, /quarantine\.deleteThreshold: cannot be set here/],
    [{ threshold: { proportion: 2 } }, /quarantine\.threshold\.proportion: must be between 0 and 1/],
    [{ backoffCap: "soon" }, /quarantine\.backoffCap/],
    [{ credentialFailureShare: 0 }, /quarantine\.credentialFailureShare: must be above 0/],
    [["entra-2019"], /quarantine: expected an object/],
  ])("rejects %j naming the field", (input, message) => {
    expect(() => validateQuarantineOptions(input)).toThrow(ConfigError);
    expect(() => validateQuarantineOptions(input)).toThrow(message);
  });
});
