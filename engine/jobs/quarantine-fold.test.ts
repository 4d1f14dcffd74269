import { describe, expect, it } from "vitest";
import { MINUTE } from "../../common/duration";
import type { HeldState, QuarantinedState, TransitionResult } from "../quarantine/types";
import { EMPTY_STATUS, type JobRecord } from "./job-types";
import { foldTransition } from "./quarantine-fold";

const T = Date.parse("2026-01-05T09:00:00Z");
const job = {
  id: "scim.j", servicePrincipalId: "sp", templateId: "scim", intervalMs: 40 * MINUTE, scheduleState: "Active", nextRunAt: T,
  watermark: "w1", status: EMPTY_STATUS, quarantine: { state: "Active" }, forceDeletes: false, createdAt: T,
} as unknown as JobRecord;
const series = { seriesBegan: T, currentBegan: T, seriesCount: 0, reasonChanges: 0, nextAttemptAt: T + 40 * MINUTE, error: null };
const quarantined: QuarantinedState = { state: "Quarantined", reason: "EncounteredQuarantineException", ...series };
const held: HeldState = { state: "Held", reason: "TooManyDeletes", heldDeletions: 600, ...series };
const fold = (step: TransitionResult, base: JobRecord = job) => foldTransition(base, step, { now: T, normalNextAt: T + 40 * MINUTE });

describe("foldTransition", () => {
  it("a quarantine's next cycle is always its nextAttempt", () => {
    const out = fold([quarantined, [{ type: "scheduleCycle", at: T + 40 * MINUTE, attempt: 0 }]]);
    expect(out.job).toMatchObject({ quarantine: quarantined, nextRunAt: T + 40 * MINUTE, scheduleState: "Active" });
    // Even without a scheduling effect (the state wins).
    expect(fold([quarantined, []]).job.nextRunAt).toBe(T + 40 * MINUTE);
  });

  it("held, disabled and paused jobs have no next cycle; neither has a job whose schedule is not Active", () => {
    expect(fold([held, [{ type: "cancelCycles" }]]).job.nextRunAt).toBeNull();
    expect(fold([{ state: "Disabled", disabledAt: T, quarantine: quarantined }, [{ type: "setScheduleState", state: "Disabled" }]]).job).toMatchObject({ scheduleState: "Disabled", nextRunAt: null });
    expect(fold([{ state: "Active" }, []], { ...job, scheduleState: "Paused" }).job.nextRunAt).toBeNull();
  });

  it("lifting resumes the normal schedule; restart effects reset the watermark and ask for data resets", () => {
    const out = fold([
      { state: "Active" },
      [{ type: "clearWatermark" }, { type: "clearEscrows" }, { type: "clearConnectorDataStore" }, { type: "resumeNormalSchedule" }, { type: "setEscrowsPruned", value: false }],
    ], { ...job, status: { ...EMPTY_STATUS, escrowsPruned: true } });
    expect(out).toMatchObject({ clearEscrows: true, clearConnectorDataStore: true, job: { watermark: null, nextRunAt: T + 40 * MINUTE, status: { escrowsPruned: false } } });
  });

  it("held deletions, ForceDeletes and discards; notifications and log lines are handed back in order", () => {
    const notification = { kind: "deletionsHeld" as const, seriesBegan: T, sequence: 0, reason: "TooManyDeletes" as const, heldDeletions: 600 };
    const out = fold([held, [
      { type: "holdDeletions", count: 600 }, { type: "log", event: "quarantineEntered", message: "a" }, { type: "notify", notification }, { type: "log", event: "deletionsHeld", message: "b" },
    ]]);
    expect(out.deletions).toEqual({ held: 600, pushed: null, discarded: null });
    expect(out.notifications).toEqual([notification]);
    expect(out.logs.map((l) => l.event)).toEqual(["quarantineEntered", "deletionsHeld"]);
    expect(fold([{ state: "Active" }, [{ type: "pushHeldDeletions", count: 600 }]]).job.forceDeletes).toBe(true);
    const discarded = fold([{ state: "Active" }, [{ type: "discardHeldDeletions", count: 600 }]], { ...job, forceDeletes: true });
    expect(discarded).toMatchObject({ job: { forceDeletes: false }, deletions: { discarded: 600 } });
  });

  it("does not change the record it was given", () => {
    const before = JSON.stringify(job);
    fold([quarantined, [{ type: "setEscrowsPruned", value: true }, { type: "clearWatermark" }]]);
    expect(JSON.stringify(job)).toBe(before);
  });
});
