import { describe, expect, it } from "vitest";
import { escrowsPruned, normalizeQuarantineReason, toGraphQuarantine, toScheduleState, toStatusCode } from "./graph-view";
import type { HeldState, QuarantineState, QuarantinedState } from "./types";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const q: QuarantinedState = {
  state: "Quarantined",
  reason: "EncounteredQuarantineException",
  seriesBegan: T0,
  currentBegan: T0 + 3_600_000,
  seriesCount: 2,
  reasonChanges: 0,
  nextAttemptAt: T0 + 7_200_000,
  error: { code: "Unauthorized", message: "401", tenantActionable: true },
};
const h: HeldState = { ...q, state: "Held", reason: "TooManyDeletes", heldDeletions: 501 };

describe("Graph view of the quarantine state", () => {
  it("a quarantined job shows Graph's synchronizationQuarantine with ISO times", () => {
    expect(toGraphQuarantine(q)).toEqual({
      currentBegan: "2026-01-05T10:00:00.000Z",
      nextAttempt: "2026-01-05T11:00:00.000Z",
      reason: "EncounteredQuarantineException",
      seriesBegan: "2026-01-05T09:00:00.000Z",
      seriesCount: 2,
      error: { code: "Unauthorized", message: "401", tenantActionable: true },
    });
    expect(toStatusCode(q)).toBe("Quarantine");
    expect(toScheduleState(q)).toBe("Active");
  });

  it("a held job is quarantined with its reason", () => {
    expect(toGraphQuarantine(h)?.reason).toBe("TooManyDeletes");
    expect(toStatusCode(h)).toBe("Quarantine");
  });

  it("a disabled job stays visible as quarantined, schedule Disabled, no next attempt", () => {
    const d: QuarantineState = { state: "Disabled", disabledAt: T0, quarantine: q };
    expect(toStatusCode(d)).toBe("Quarantine");
    expect(toScheduleState(d)).toBe("Disabled");
    expect(toGraphQuarantine(d)).toMatchObject({ reason: "EncounteredQuarantineException", nextAttempt: null });
  });

  it("an active job has no quarantine; NotRun and NotConfigured come from the runtime", () => {
    expect(toGraphQuarantine({ state: "Active" })).toBeNull();
    expect(toStatusCode({ state: "Active" })).toBe("Active");
    expect(toStatusCode({ state: "Active" }, "NotRun")).toBe("NotRun");
    expect(toStatusCode(q, "NotRun")).toBe("Quarantine");
  });

  it("a paused job shows Paused and escrowsPruned", () => {
    const p: QuarantineState = { state: "Paused", pausedAt: T0, escrowsPruned: true, quarantine: null };
    expect(toStatusCode(p)).toBe("Paused");
    expect(toScheduleState(p)).toBe("Paused");
    expect(escrowsPruned(p)).toBe(true);
    expect(escrowsPruned(q)).toBe(false);
    expect(toGraphQuarantine({ ...p, quarantine: q })?.nextAttempt).toBeNull();
  });

  it("reads both spellings of the on-demand reason and rejects unknown ones", () => {
    expect(normalizeQuarantineReason("QuarantineOnDemand")).toBe("QuarantinedOnDemand");
    expect(normalizeQuarantineReason("quarantinedondemand")).toBe("QuarantinedOnDemand");
    expect(normalizeQuarantineReason("TooManyDeletes")).toBe("TooManyDeletes");
    expect(normalizeQuarantineReason("Bored")).toBeNull();
  });
});
