import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { HOUR, MINUTE } from "../../common/duration";
import { DEFAULT_CLIENT, DEFAULT_INTERVAL_MS, resolveJobConfig } from "./job-config";
import { ENTRA_MAPPINGS } from "./mapping-catalog";

describe("resolveJobConfig", () => {
  it("fills the documented defaults: 40 minutes, entra-2017, Entra mappings, escrow 6/12/24 h", () => {
    const { config, intervalMs } = resolveJobConfig({}, ENTRA_MAPPINGS);
    expect(intervalMs).toBe(DEFAULT_INTERVAL_MS);
    expect(config).toMatchObject({ templateId: "scim", dialect: "entra-2017", client: DEFAULT_CLIENT, abortAfterConsecutiveFailures: 10 });
    expect(config.escrow.retryOffsetsMs).toEqual([6 * HOUR, 12 * HOUR, 24 * HOUR]);
    expect(config.mappings.user.attributes.find((a) => a.matchingPriority === 1)?.target).toBe("userName");
  });

  it("reads durations as prose or ISO 8601 and keeps a base configuration's values", () => {
    const base = resolveJobConfig({ interval: "PT1H", client: { concurrency: 4, requestTimeout: "5s" } }, ENTRA_MAPPINGS);
    expect(base.intervalMs).toBe(HOUR);
    expect(base.config.client).toMatchObject({ concurrency: 4, requestTimeoutMs: 5000 });
    const next = resolveJobConfig({ interval: "90m" }, ENTRA_MAPPINGS, base);
    expect(next.intervalMs).toBe(90 * MINUTE);
    expect(next.config.client.concurrency).toBe(4);
  });

  it.each([
    [{ interval: "often" }, /^interval: invalid duration "often"/],
    [{ interval: "500ms" }, /^interval: must be at least 1 second/],
    [{ dialect: "entra-2030" }, /^dialect: /],
    [{ client: { concurrency: 0 } }, /^client\.concurrency: /],
    [{ client: { speed: 3 } }, /^client: .*speed/],
    [{ escrow: { retryOffsets: ["6h", "soon"] } }, /^escrow\.retryOffsets\[1\]: invalid duration/],
    [{ mappings: { user: { sourceObject: "User", targetObject: "User", attributes: [{ target: "userName", expression: "Left([mail]" }] } } }, /^mappings\.user\.attributes\[0\]\.expression: .*column/],
  ])("rejects %j naming the field", (input, message) => {
    expect(() => resolveJobConfig(input, ENTRA_MAPPINGS)).toThrow(ConfigError);
    expect(() => resolveJobConfig(input, ENTRA_MAPPINGS)).toThrow(message);
  });
});
