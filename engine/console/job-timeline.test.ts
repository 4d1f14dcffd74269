import { describe, expect, it } from "vitest";
import type { JobEvent, NewJobEvent } from "../events/job-event";
import { buildJobTimeline } from "./job-timeline";

const T0 = Date.parse("2026-01-05T09:00:00Z");
const MIN = 60_000;
let seq = 0;

function at(minutes: number, event: Omit<NewJobEvent, "jobId" | "servicePrincipalId" | "initiatedBy"> & { initiatedBy?: "system" | "operator" }): JobEvent {
  const atMs = T0 + minutes * MIN;
  seq += 1;
  return { jobId: "j", servicePrincipalId: "sp", initiatedBy: "system", ...event, seq, id: `e${seq}`, at: new Date(atMs).toISOString(), atMs } as JobEvent;
}

function cycle(minutes: number, outcome: "Succeeded" | "Failed", lengthMin = 1): JobEvent {
  const counts = { imported: 3, exported: outcome === "Succeeded" ? 3 : 0, creates: 0, updates: 0, disables: 0, deletes: 0, skipped: 0, failures: 0, escrowed: 1, requests: 3 };
  return at(minutes + lengthMin, {
    type: "cycleEnded",
    data: {
      cycleId: `c${minutes}`, initial: minutes === 0, outcome, counts,
      beganAt: new Date(T0 + minutes * MIN).toISOString(), endedAt: new Date(T0 + (minutes + lengthMin) * MIN).toISOString(),
      errorCode: outcome === "Failed" ? "Unauthorized" : null, errorMessage: outcome === "Failed" ? "401" : null, deletions: { planned: 0, held: false },
    },
  });
}

const facts = { seriesBegan: "", currentBegan: "", seriesCount: 0, nextAttempt: null };

describe("a job's timeline from its events", () => {
  it("draws cycles, the quarantine span with its reasons, numbered attempts inside it, mail, schedule and operator calls", () => {
    const events = [
      at(0, { type: "jobCreated", data: { templateId: "scim", interval: "PT40M", started: true }, initiatedBy: "operator" }),
      cycle(0, "Succeeded"),
      cycle(40, "Failed"),
      at(41, { type: "quarantineEntered", data: { ...facts, reason: "EncounteredQuarantineException", errorCode: "x", errorMessage: null } }),
      at(41, { type: "notificationSent", data: { kind: "quarantine", sequence: 0, seriesBegan: "", recipients: ["ops@example.com"], messageId: "<m>" } }),
      cycle(81, "Failed"),
      at(82, { type: "quarantineReasonChanged", data: { ...facts, reason: "EncounteredTotalEscrowThreshold", previousReason: "EncounteredQuarantineException" } }),
      cycle(161, "Failed"),
      at(170, { type: "jobRestarted", data: { resetScope: ["QuarantineState"] }, initiatedBy: "operator" }),
      at(170, { type: "quarantineLeft", data: { reason: "EncounteredTotalEscrowThreshold", seriesBegan: "", by: "restart" } }),
      cycle(170, "Succeeded"),
      at(200, { type: "scheduleChanged", data: { from: "Active", to: "Paused" } }),
      at(200, { type: "jobPaused", data: { was: "Active" } }), // by the system: not an operator call
    ];
    const t = buildJobTimeline(events, T0 + 240 * MIN);
    expect(t.origin).toBe("2026-01-05T09:00:00.000Z");
    expect(t.spanMs).toBe(240 * MIN);
    expect(t.events.map((e) => `${e.kind}@${e.at / MIN}`)).toEqual([
      "cycle@0", "cycle@40", "mail@41", "quarantine@41", "cycle@81", "backoff@81", "cycle@161", "backoff@161", "api@170", "cycle@170", "schedule@200",
    ]);
    expect(t.events.filter((e) => e.kind === "cycle").map((e) => [e.at / MIN, (e as { outcome: string }).outcome, (e as { attempt: number | null }).attempt])).toEqual([
      [0, "Succeeded", null],
      [40, "Failed", null],
      [81, "Failed", 1],
      [161, "Failed", 2],
      [170, "Succeeded", null],
    ]);
    expect(t.events.filter((e) => e.kind === "backoff").map((e) => [e.at / MIN, (e as { attempt: number }).attempt])).toEqual([[81, 1], [161, 2]]);
    const span = t.events.find((e) => e.kind === "quarantine") as { at: number; end: number | null; reasons: ReadonlyArray<{ at: number; reason: string }> };
    expect(span.at / MIN).toBe(41);
    expect(span.end! / MIN).toBe(170);
    expect(span.reasons.map((r) => r.reason)).toEqual(["EncounteredQuarantineException", "EncounteredTotalEscrowThreshold"]);
    expect(t.events.filter((e) => e.kind === "mail").map((e) => (e as { mailKind: string }).mailKind)).toEqual(["quarantine"]);
    expect(t.events.filter((e) => e.kind === "api").map((e) => (e as { call: string }).call)).toEqual(["restart (QuarantineState)"]);
    expect(t.events.filter((e) => e.kind === "schedule").map((e) => (e as { state: string }).state)).toEqual(["Paused"]);
  });

  it("leaves a quarantine still on open, and starts at now without events", () => {
    const open = buildJobTimeline([cycle(0, "Failed"), at(1, { type: "quarantineEntered", data: { ...facts, reason: "QuarantinedOnDemand", errorCode: null, errorMessage: null } })], T0 + 10 * MIN);
    expect(open.events.find((e) => e.kind === "quarantine")).toMatchObject({ end: null, reason: "QuarantinedOnDemand" });
    const empty = buildJobTimeline([], T0);
    expect(empty).toEqual({ origin: new Date(T0).toISOString(), now: new Date(T0).toISOString(), spanMs: 0, events: [] });
  });
});
