import { describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../common/duration";
import { compileQuarantinePolicy } from "./quarantine-policy";
import { transition } from "./transition";
import type { CycleOutcome, HeldState, QuarantineEffect, QuarantineState, QuarantinedState } from "./types";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const LATER = T0 + 3 * DAY;
const rejected: CycleOutcome = {
  initial: false,
  connection: "credentialsRejected",
  successes: 0,
  failures: 0,
  referenceFailures: 0,
  calls: 1,
  credentialFailures: 1,
};
const quarantined = transition({ state: "Active" }, { type: "cycleCompleted", outcome: rejected }, T0)[0] as QuarantinedState;
const tooManyDeletes = transition({ state: "Active" }, { type: "deletionsPlanned", count: 501 }, T0)[0] as HeldState;
const restart = (state: QuarantineState, resetScope?: string | string[]) => transition(state, { type: "restart", resetScope }, LATER);
const resets = (effects: QuarantineEffect[]) =>
  effects
    .filter((e) => ["clearWatermark", "clearEscrows", "clearConnectorDataStore", "pushHeldDeletions", "discardHeldDeletions"].includes(e.type))
    .map((e) => e.type);

describe("restart with each reset flag", () => {
  it("an empty scope lifts the quarantine and clears watermark and escrows, running a cycle now", () => {
    const [next, effects] = restart(quarantined);
    expect(next).toEqual({ state: "Active" });
    expect(resets(effects)).toEqual(["clearWatermark", "clearEscrows"]);
    expect(effects).toContainEqual({ type: "setScheduleState", state: "Active" });
    expect(effects).toContainEqual({ type: "scheduleCycle", at: LATER, attempt: null });
  });

  it.each([
    ["Watermark", ["clearWatermark"]],
    ["Escrows", ["clearEscrows"]],
    ["ConnectorDataStore", ["clearConnectorDataStore"]],
    ["QuarantineState", []],
    ["None", []],
    ["Full", ["clearWatermark", "clearEscrows", "clearConnectorDataStore"]],
    ["Watermark,ConnectorDataStore", ["clearWatermark", "clearConnectorDataStore"]],
  ])("%s resets exactly %j", (scope, expected) => {
    expect(resets(restart({ state: "Active" }, scope)[1])).toEqual(expected);
  });

  it("only QuarantineState (alone, in Full, or in the empty scope) lifts an automatic quarantine", () => {
    expect(restart(quarantined, "QuarantineState")[0]).toEqual({ state: "Active" });
    expect(restart(quarantined, "Full")[0]).toEqual({ state: "Active" });
    const [kept, effects] = restart(quarantined, "Watermark,Escrows");
    // The series goes on and the restart's cycle is its next attempt, now.
    expect(kept).toEqual({ ...quarantined, nextAttemptAt: LATER });
    expect(effects).toContainEqual({ type: "scheduleCycle", at: LATER, attempt: quarantined.seriesCount });
  });

  it("ForceDeletes pushes held deletions through and lifts TooManyDeletes", () => {
    const [next, effects] = restart(tooManyDeletes, "ForceDeletes");
    expect(next).toEqual({ state: "Active" });
    expect(resets(effects)).toEqual(["pushHeldDeletions"]);
    expect(effects).toContainEqual({ type: "pushHeldDeletions", count: 501 });
  });

  it("Full does not include ForceDeletes: lifting without it discards the held deletions", () => {
    const [next, effects] = restart(tooManyDeletes, "Full");
    expect(next).toEqual({ state: "Active" });
    expect(effects).toContainEqual({ type: "discardHeldDeletions", count: 501 });
    expect(resets(effects)).not.toContain("pushHeldDeletions");
    expect(resets(restart(tooManyDeletes)[1])).toEqual(["clearWatermark", "clearEscrows", "discardHeldDeletions"]);
  });

  it("Full,ForceDeletes resets everything and pushes the deletions", () => {
    expect(resets(restart(tooManyDeletes, "Full,ForceDeletes")[1])).toEqual([
      "clearWatermark",
      "clearEscrows",
      "clearConnectorDataStore",
      "pushHeldDeletions",
    ]);
  });

  it("a held job restarted without QuarantineState or ForceDeletes stays held (resets still done)", () => {
    const [next, effects] = restart(tooManyDeletes, "Watermark");
    expect(next).toBe(tooManyDeletes);
    expect(resets(effects)).toEqual(["clearWatermark"]);
    expect(effects).toContainEqual({ type: "cancelCycles" });
  });

  it("ForceDeletes without held deletions changes nothing about deletions", () => {
    expect(resets(restart({ state: "Active" }, "ForceDeletes")[1])).toEqual([]);
  });

  it("restart resumes a disabled job; with QuarantineState the series ends", () => {
    const disabled: QuarantineState = { state: "Disabled", disabledAt: T0 + 28 * DAY, quarantine: quarantined };
    expect(restart(disabled)[0]).toEqual({ state: "Active" });
    expect(restart(disabled)[1]).toContainEqual({ type: "setScheduleState", state: "Active" });
    expect(restart(disabled, "Watermark")[0]).toMatchObject({ state: "Quarantined", seriesBegan: T0, nextAttemptAt: LATER });
  });

  it("rejects an unknown flag", () => {
    expect(() => restart(quarantined, "Watermark,Quarantine")).toThrow(/criteria\.resetScope: unknown flag "Quarantine"/);
  });
});

describe("start and pause", () => {
  it("start clears any quarantine, discarding held deletions, and runs a cycle now", () => {
    for (const state of [quarantined, tooManyDeletes]) {
      const [next, effects] = transition(state, { type: "start" }, LATER);
      expect(next).toEqual({ state: "Active" });
      expect(effects).toContainEqual({ type: "scheduleCycle", at: LATER, attempt: null });
    }
    expect(transition(tooManyDeletes, { type: "start" }, LATER)[1]).toContainEqual({ type: "discardHeldDeletions", count: 501 });
  });

  it("pause keeps the quarantine; restart without QuarantineState brings it back, start clears it", () => {
    const [paused, effects] = transition(quarantined, { type: "pause" }, LATER);
    expect(paused).toEqual({ state: "Paused", pausedAt: LATER, escrowsPruned: false, quarantine: quarantined });
    expect(effects).toContainEqual({ type: "setScheduleState", state: "Paused" });
    expect(effects).toContainEqual({ type: "cancelCycles" });
    expect(transition(paused, { type: "tick" }, LATER + 60 * DAY)[0]).toBe(paused);
    expect(restart(paused, "Watermark")[0]).toMatchObject({ state: "Quarantined", seriesBegan: T0 });
    expect(transition(paused, { type: "start" }, LATER)[0]).toEqual({ state: "Active" });
    expect(transition({ state: "Active" }, { type: "pause" }, LATER)[0]).toEqual({
      state: "Paused",
      pausedAt: LATER,
      escrowsPruned: false,
      quarantine: null,
    });
  });

  it("pausing twice keeps the first pause", () => {
    const [paused] = transition({ state: "Active" }, { type: "pause" }, T0);
    expect(transition(paused, { type: "pause" }, LATER)[0]).toBe(paused);
  });
});

describe("quarantine on demand", () => {
  it.each(["QuarantineOnDemand", "QuarantinedOnDemand", undefined] as const)("accepts %s and emits QuarantinedOnDemand", (reason) => {
    const [next, effects] = transition({ state: "Active" }, { type: "quarantineOnDemand", reason, message: "maintenance" }, T0);
    expect(next).toMatchObject({ state: "Held", reason: "QuarantinedOnDemand", error: { message: "maintenance" }, seriesBegan: T0 });
    expect(effects).toContainEqual({ type: "cancelCycles" });
  });

  it("on a quarantined job it changes the reason (notification owed) and stops cycles", () => {
    const [next, effects] = transition(quarantined, { type: "quarantineOnDemand" }, T0 + MINUTE);
    expect(next).toMatchObject({ state: "Held", reason: "QuarantinedOnDemand", seriesBegan: T0, seriesCount: 0, reasonChanges: 1 });
    expect(effects).toContainEqual(expect.objectContaining({ type: "notify" }));
    expect(effects).toContainEqual({ type: "cancelCycles" });
  });

  it("a successful cycle does not lift it; restart does", () => {
    const [held] = transition({ state: "Active" }, { type: "quarantineOnDemand" }, T0);
    const ok: CycleOutcome = { ...rejected, connection: "ok", credentialFailures: 0, successes: 5 };
    expect(transition(held, { type: "cycleCompleted", outcome: ok }, T0 + MINUTE)[0]).toBe(held);
    expect(restart(held)[0]).toEqual({ state: "Active" });
  });
});

describe("accidental-deletion prevention", () => {
  it("500 deletions proceed, 501 are held with TooManyDeletes and a deletionsHeld notification", () => {
    expect(transition({ state: "Active" }, { type: "deletionsPlanned", count: 500 }, T0)).toEqual([{ state: "Active" }, []]);
    const [next, effects] = transition({ state: "Active" }, { type: "deletionsPlanned", count: 501 }, T0);
    expect(next).toMatchObject({ state: "Held", reason: "TooManyDeletes", heldDeletions: 501, seriesBegan: T0 });
    expect(effects[0]).toEqual({ type: "holdDeletions", count: 501 });
    expect(effects).toContainEqual({
      type: "notify",
      notification: { kind: "deletionsHeld", seriesBegan: T0, sequence: 0, reason: "TooManyDeletes", heldDeletions: 501 },
    });
  });

  it("honours a configured threshold, or none when disabled", () => {
    const low = compileQuarantinePolicy({ deleteThreshold: { value: 10 } });
    expect(transition({ state: "Active" }, { type: "deletionsPlanned", count: 11 }, T0, low)[0].state).toBe("Held");
    const off = compileQuarantinePolicy({ deleteThreshold: { enabled: false } });
    expect(transition({ state: "Active" }, { type: "deletionsPlanned", count: 1e6 }, T0, off)[0].state).toBe("Active");
  });

  it("during an attempt of a quarantined job: reason changes to TooManyDeletes, one deletionsHeld notification", () => {
    const [next, effects] = transition(quarantined, { type: "deletionsPlanned", count: 900 }, T0 + 40 * MINUTE);
    expect(next).toMatchObject({ state: "Held", reason: "TooManyDeletes", heldDeletions: 900, seriesBegan: T0, reasonChanges: 1 });
    const notes = effects.filter((e) => e.type === "notify");
    expect(notes).toEqual([
      {
        type: "notify",
        notification: {
          kind: "deletionsHeld",
          seriesBegan: T0,
          sequence: 1,
          reason: "TooManyDeletes",
          previousReason: "EncounteredQuarantineException",
          heldDeletions: 900,
        },
      },
    ]);
  });

  it("deletions planned by a cycle still running after a pause are held too", () => {
    const [paused] = transition({ state: "Active" }, { type: "pause" }, T0);
    const [next, effects] = transition(paused, { type: "deletionsPlanned", count: 600 }, T0 + MINUTE);
    expect(effects[0]).toEqual({ type: "holdDeletions", count: 600 });
    expect(next).toMatchObject({ state: "Paused", quarantine: { state: "Held", reason: "TooManyDeletes", heldDeletions: 600 } });
    expect(effects.some((e) => e.type === "scheduleCycle")).toBe(false);
  });

  it("a second batch while held adds up", () => {
    const [next] = transition(tooManyDeletes, { type: "deletionsPlanned", count: 700 }, T0 + MINUTE);
    expect(next).toMatchObject({ state: "Held", heldDeletions: 1201 });
  });
});
