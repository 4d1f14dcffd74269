import { describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../common/duration";
import { DEFAULT_ESCROW_POLICY as P, escrowAfterFailure, isExpired, nextRetryAt, retryOffset } from "./escrow-schedule";

const T0 = Date.parse("2026-01-05T09:00:00Z");
const facts = { kind: "user" as const, sourceId: "u1", errorCode: "InternalServerError", errorMessage: "boom", reference: false };

describe("escrow schedule", () => {
  it("retries 6 h, 12 h, 24 h after the first failure, then every 24 h", () => {
    expect([0, 1, 2, 3, 4].map((i) => retryOffset(P, i) / HOUR)).toEqual([6, 12, 24, 48, 72]);
  });

  it("counts from the first failure even when retries run late", () => {
    const first = escrowAfterFailure(undefined, facts, T0, P);
    expect(first).toMatchObject({ attempts: 1, firstFailedAt: T0, nextRetryAt: T0 + 6 * HOUR });
    // The retry ran 40 minutes late and failed again: next one is still 12 h after the first failure.
    const second = escrowAfterFailure(first, { ...facts, errorCode: "Timeout" }, T0 + 6 * HOUR + 40 * 60_000, P);
    expect(second).toMatchObject({ attempts: 2, firstFailedAt: T0, nextRetryAt: T0 + 12 * HOUR, errorCode: "Timeout" });
  });

  it("skips offsets already in the past after downtime", () => {
    expect(nextRetryAt(P, T0, 1, T0 + 13 * HOUR)).toBe(T0 + 24 * HOUR);
    expect(nextRetryAt(P, T0, 1, T0 + 24 * HOUR)).toBe(T0 + 48 * HOUR);
  });

  it("drops escrows older than 28 days, not at exactly 28 days", () => {
    expect(isExpired({ firstFailedAt: T0 }, T0 + 28 * DAY, P)).toBe(false);
    expect(isExpired({ firstFailedAt: T0 }, T0 + 28 * DAY + 1, P)).toBe(true);
  });
});
