import { describe, expect, it } from "vitest";
import type { JobEvent } from "../../engine/events/job-event";
import { JobEventFeed, worldEventOf } from "./job-events";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
let seq = 0;

function event(type: JobEvent["type"], data: unknown, at = T0): JobEvent {
  return { seq: ++seq, id: `e${seq}`, jobId: "job", servicePrincipalId: "sp", initiatedBy: "system", at: new Date(at).toISOString(), atMs: at, type, data } as JobEvent;
}

const counts = { imported: 5, exported: 3, creates: 3, updates: 0, disables: 0, deletes: 0, skipped: 0, failures: 2, escrowed: 2, requests: 8 };
const facts = { reason: "EncounteredQuarantineException", seriesBegan: "2026-01-05T09:40:00.000Z", currentBegan: "2026-01-05T09:40:00.000Z", seriesCount: 0 };

describe("job events as world events", () => {
  it("turns a cycle's end into a cycle event with its times, outcome, counts and error", () => {
    const ended = event("cycleEnded", {
      cycleId: "c1", initial: true, outcome: "EntryLevelErrors", beganAt: "2026-01-05T09:00:00.000Z", endedAt: "2026-01-05T09:05:00.000Z",
      counts, errorCode: "Timeout", errorMessage: "POST /Users did not answer", deletions: { planned: 0, held: false },
    });
    expect(worldEventOf(ended)).toEqual({
      type: "cycle", at: T0, endedAt: T0 + 300_000, cycleId: "c1", initial: true, outcome: "EntryLevelErrors", exported: 3, escrowed: 2,
      error: "Timeout: POST /Users did not answer",
    });
  });

  it("turns quarantine changes into quarantine events, with the next attempt when there is one", () => {
    expect(worldEventOf(event("quarantineEntered", { ...facts, nextAttempt: "2026-01-05T10:20:00.000Z", errorCode: null, errorMessage: null }, T0 + 1))).toEqual({
      type: "quarantine", at: T0 + 1, change: "entered", reason: "EncounteredQuarantineException", seriesCount: 0, nextAttemptAt: Date.parse("2026-01-05T10:20:00.000Z"),
    });
    expect(worldEventOf(event("quarantineRenewed", { ...facts, seriesCount: 3, nextAttempt: null }))).toEqual({
      type: "quarantine", at: T0, change: "renewed", reason: "EncounteredQuarantineException", seriesCount: 3,
    });
    expect(worldEventOf(event("quarantineReasonChanged", { ...facts, reason: "TooManyDeletes", nextAttempt: null, previousReason: "EncounteredQuarantineException" }))).toMatchObject({
      change: "reason-changed", reason: "TooManyDeletes",
    });
    expect(worldEventOf(event("quarantineLeft", { reason: "QuarantinedOnDemand", seriesBegan: facts.seriesBegan, by: "start" }))).toEqual({
      type: "quarantine", at: T0, change: "left", reason: "QuarantinedOnDemand",
    });
    expect(worldEventOf(event("scheduleChanged", { from: "Active", to: "Disabled" }))).toEqual({ type: "schedule", at: T0, state: "Disabled" });
  });

  it("leaves out what the runner records itself (operator calls, mail, settings)", () => {
    expect(worldEventOf(event("jobStarted", { was: "Paused" }))).toBeUndefined();
    expect(worldEventOf(event("notificationSent", { kind: "quarantine", sequence: 0, seriesBegan: facts.seriesBegan, recipients: [], messageId: "<m>" }))).toBeUndefined();
  });

  it("reads each event once, page after page, and knows the cycle that started and has not ended", async () => {
    const log: JobEvent[] = [
      event("cycleStarted", { cycleId: "c1", initial: true, resumed: false, attempt: null }, T0),
      event("cycleEnded", { cycleId: "c1", initial: true, outcome: "Succeeded", beganAt: new Date(T0).toISOString(), endedAt: new Date(T0).toISOString(), counts, errorCode: null, errorMessage: null, deletions: { planned: 0, held: false } }),
      event("cycleStarted", { cycleId: "c2", initial: false, resumed: false, attempt: null }, T0 + 40 * 60_000),
    ];
    const reads: number[] = [];
    const feed = new JobEventFeed((since) => {
      reads.push(since);
      return log.filter((e) => e.seq > since).slice(0, 2);
    });
    expect((await feed.next()).map((e) => e.type)).toEqual(["cycle"]);
    expect(await feed.next()).toEqual([]);
    expect(reads).toEqual([0, log[1]!.seq, log[2]!.seq, log[2]!.seq]);
    const cut = feed.interrupt(T0 + 45 * 60_000);
    expect(cut).toEqual({ type: "cycle", at: T0 + 40 * 60_000, endedAt: T0 + 45 * 60_000, cycleId: "c2", initial: false, outcome: "Interrupted", exported: 0, escrowed: 0 });
    // Interrupted once: a second restart before the cycle resumes cuts nothing off.
    expect(feed.interrupt(T0 + 50 * 60_000)).toBeUndefined();
    // The next engine resumes it: a second start of the same cycle opens it again, begun when it first began.
    log.push(event("cycleStarted", { cycleId: "c2", initial: false, resumed: true, attempt: null }, T0 + 50 * 60_000));
    await feed.next();
    expect(feed.interrupt(T0 + 60 * 60_000)?.at).toBe(T0 + 40 * 60_000);
  });
});
