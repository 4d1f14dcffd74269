import { describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../common/duration";
import { transition } from "../quarantine/transition";
import type { CycleOutcome, QuarantineState } from "../quarantine/types";
import { EMPTY_STATUS, type JobRecord } from "./job-types";
import { foldTransition } from "./quarantine-fold";
import { transitionEvents } from "./transition-events";

const T = Date.parse("2026-01-05T09:00:00Z");
const job = (quarantine: QuarantineState = { state: "Active" }, scheduleState: JobRecord["scheduleState"] = "Active"): JobRecord =>
  ({ id: "scim.j", servicePrincipalId: "sp", templateId: "scim", intervalMs: 40 * MINUTE, scheduleState, nextRunAt: T, watermark: "w", status: EMPTY_STATUS, quarantine, forceDeletes: false, createdAt: T }) as unknown as JobRecord;
const rejected: CycleOutcome = { initial: false, connection: "credentialsRejected", successes: 0, failures: 0, referenceFailures: 0, calls: 1, credentialFailures: 1 };
const ok: CycleOutcome = { ...rejected, connection: "ok", credentialFailures: 0, successes: 3 };

function step(before: JobRecord, event: Parameters<typeof transition>[1], now: number, ctx = {}) {
  const folded = foldTransition(before, transition(before.quarantine, event, now), { now, normalNextAt: now + 40 * MINUTE });
  return { after: folded.job, events: transitionEvents(before, folded, { initiatedBy: "system", by: "cycle", ...ctx }) };
}

describe("transitionEvents", () => {
  it("entered, renewed, reason changed and left, with the series' facts", () => {
    const a = step(job(), { type: "cycleCompleted", outcome: rejected }, T);
    expect(a.events).toEqual([
      expect.objectContaining({ type: "quarantineEntered", jobId: "scim.j", servicePrincipalId: "sp", initiatedBy: "system", data: expect.objectContaining({
        reason: "EncounteredQuarantineException", seriesBegan: "2026-01-05T09:00:00.000Z", seriesCount: 0, nextAttempt: "2026-01-05T09:40:00.000Z",
        errorCode: "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
      }) }),
    ]);
    const b = step(a.after, { type: "cycleCompleted", outcome: rejected }, T + 40 * MINUTE);
    expect(b.events).toEqual([expect.objectContaining({ type: "quarantineRenewed", data: expect.objectContaining({ seriesCount: 1, nextAttempt: "2026-01-05T11:00:00.000Z" }) })]);
    const c = step(b.after, { type: "cycleCompleted", outcome: { ...ok, successes: 0, failures: 9000 } }, T + 2 * 60 * MINUTE);
    expect(c.events).toEqual([expect.objectContaining({ type: "quarantineReasonChanged", data: expect.objectContaining({ previousReason: "EncounteredQuarantineException", reason: "EncounteredEscrowProportionThreshold" }) })]);
    const d = step(c.after, { type: "cycleCompleted", outcome: ok }, T + DAY);
    expect(d.events).toEqual([expect.objectContaining({ type: "quarantineLeft", data: { reason: "EncounteredEscrowProportionThreshold", seriesBegan: "2026-01-05T09:00:00.000Z", by: "cycle" } })]);
  });

  it("disable, pause and restart come with a scheduleChanged; restart carries its scope", () => {
    // Held (no attempts pending), so the tick at the deadline disables.
    const q = step(job(), { type: "quarantineOnDemand" }, T).after;
    const disabled = step(q, { type: "tick" }, T + 28 * DAY);
    expect(disabled.events.map((e) => e.type)).toEqual(["jobDisabled", "scheduleChanged"]);
    expect(disabled.events[1]!.data).toEqual({ from: "Active", to: "Disabled" });
    const restarted = step(disabled.after, { type: "restart", resetScope: "Watermark" }, T + 29 * DAY, { resetScope: ["Watermark"], initiatedBy: "operator", by: "restart" });
    expect(restarted.events.map((e) => [e.type, e.initiatedBy])).toEqual([["jobRestarted", "operator"], ["scheduleChanged", "operator"]]);
    expect(restarted.events[0]!.data).toEqual({ resetScope: ["Watermark"] });
    const paused = step(job(), { type: "pause" }, T);
    expect(paused.events.map((e) => e.type)).toEqual(["jobPaused", "scheduleChanged"]);
    expect(paused.events[0]!.data).toEqual({ was: "Active" });
    const started = step(paused.after, { type: "start" }, T, { by: "start" });
    expect(started.events.map((e) => e.type)).toEqual(["jobStarted", "scheduleChanged"]);
    expect(started.events[0]!.data).toEqual({ was: "Paused" });
  });

  it("held deletions with their count and threshold; a discard on start", () => {
    const held = step(job(), { type: "deletionsPlanned", count: 600 }, T, { deleteThreshold: 500, cycleId: "c1" });
    expect(held.events.map((e) => e.type)).toEqual(["quarantineEntered", "deletionsHeld"]);
    expect(held.events[1]!.data).toEqual({ count: 600, threshold: 500, cycleId: "c1" });
    const started = step(held.after, { type: "start" }, T + MINUTE, { by: "start" });
    expect(started.events.map((e) => e.type)).toEqual(["jobStarted", "quarantineLeft", "deletionsDiscarded"]);
    expect(started.events[2]!.data).toEqual({ count: 600 });
  });

  it("nothing to say about an ignored outcome", () => {
    const held = step(job(), { type: "quarantineOnDemand" }, T).after;
    expect(step(held, { type: "cycleCompleted", outcome: ok }, T + MINUTE).events).toEqual([]);
  });
});
