import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "../../common/duration";
import { DEFAULT_QUARANTINE_POLICY } from "./quarantine-policy";
import { nextCycleAt, nextTickAt, transition } from "./transition";
import type { CycleOutcome, HeldState, QuarantineEffect, QuarantineState, QuarantinedState } from "./types";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const DEADLINE = T0 + 28 * DAY;
const rejected: CycleOutcome = {
  initial: false,
  connection: "credentialsRejected",
  successes: 0,
  failures: 0,
  referenceFailures: 0,
  calls: 1,
  credentialFailures: 1,
};
const series = {
  seriesBegan: T0,
  currentBegan: T0 + 27 * DAY,
  seriesCount: 30,
  reasonChanges: 0,
  error: null,
};
const quarantined = (nextAttemptAt: number): QuarantinedState => ({
  state: "Quarantined",
  reason: "EncounteredQuarantineException",
  nextAttemptAt,
  ...series,
});

describe("disable after 28 days in one series", () => {
  it("a tick 1 ms before 28 days changes nothing; at 28 days the job is disabled and a mail is owed", () => {
    const q = quarantined(DEADLINE + 5 * HOUR);
    expect(nextTickAt(q)).toBe(DEADLINE);
    expect(transition(q, { type: "tick" }, DEADLINE - 1)).toEqual([q, []]);
    const [next, effects] = transition(q, { type: "tick" }, DEADLINE);
    expect(next).toEqual({ state: "Disabled", disabledAt: DEADLINE, quarantine: q });
    expect(effects).toContainEqual({ type: "setScheduleState", state: "Disabled" });
    expect(effects).toContainEqual({ type: "cancelCycles" });
    expect(effects).toContainEqual({
      type: "notify",
      notification: { kind: "jobDisabled", seriesBegan: T0, sequence: 0, reason: "EncounteredQuarantineException" },
    });
    expect(nextCycleAt(next, DEADLINE)).toBeNull();
    expect(nextTickAt(next)).toBeNull();
  });

  it("an attempt already due at the deadline runs first, and its failure disables", () => {
    const q = quarantined(DEADLINE);
    expect(nextTickAt(q)).toBeNull();
    expect(transition(q, { type: "tick" }, DEADLINE)).toEqual([q, []]);
    const [next, effects] = transition(q, { type: "cycleCompleted", outcome: rejected }, DEADLINE + MINUTE);
    expect(next.state).toBe("Disabled");
    expect(effects.some((e) => e.type === "scheduleCycle")).toBe(false);
  });

  it("a held job (no cycles) is disabled by the tick as well", () => {
    const h: HeldState = { ...series, state: "Held", reason: "QuarantinedOnDemand", heldDeletions: 0, nextAttemptAt: DEADLINE + HOUR };
    expect(nextTickAt(h)).toBe(DEADLINE);
    expect(transition(h, { type: "tick" }, DEADLINE)[0].state).toBe("Disabled");
  });

  it("disabled stays disabled through ticks and outcomes until start", () => {
    const [disabled] = transition(quarantined(DEADLINE + HOUR), { type: "tick" }, DEADLINE);
    expect(transition(disabled, { type: "tick" }, DEADLINE + 90 * DAY)[0]).toBe(disabled);
    const [started, effects] = transition(disabled, { type: "start" }, DEADLINE + DAY);
    expect(started).toEqual({ state: "Active" });
    expect(effects).toContainEqual({ type: "setScheduleState", state: "Active" });
    expect(effects).toContainEqual({ type: "scheduleCycle", at: DEADLINE + DAY, attempt: null });
  });

  it("four weeks of a dead target, driven like the scheduler: attempts on the backoff, disabled at exactly 28 days", () => {
    let state: QuarantineState = { state: "Active" };
    let now = T0;
    let effects: QuarantineEffect[];
    [state, effects] = transition(state, { type: "cycleCompleted", outcome: rejected }, now);
    const attempts: number[] = [];
    const owed: string[] = effects.flatMap((e) => (e.type === "notify" ? [e.notification.kind] : []));
    for (let guard = 0; guard < 1000 && state.state !== "Disabled"; guard++) {
      const cycleAt = nextCycleAt(state, Infinity);
      const tickAt = nextTickAt(state);
      if (tickAt !== null && (cycleAt === null || tickAt < cycleAt)) {
        now = tickAt;
        [state, effects] = transition(state, { type: "tick" }, now);
      } else {
        now = cycleAt!;
        attempts.push(now);
        [state, effects] = transition(state, { type: "cycleCompleted", outcome: rejected }, now);
      }
      owed.push(...effects.flatMap((e) => (e.type === "notify" ? [e.notification.kind] : [])));
    }
    expect(state).toMatchObject({ state: "Disabled", disabledAt: DEADLINE });
    expect(owed).toEqual(["jobDisabled"]);
    // 6 attempts in the first ~42h (40m … 1280m), then one a day.
    expect((attempts[1]! - attempts[0]!) / MINUTE).toBe(80);
    expect((attempts.at(-1)! - attempts.at(-2)!) / HOUR).toBe(24);
    expect(attempts.every((t) => t < DEADLINE)).toBe(true);
    // 40m, 120m, 280m, 600m, 1240m, 2520m, then daily from 2520m while before 40320m (28 days): 26 more.
    expect(attempts.length).toBe(32);
  });
});

describe("held quarantines are re-evaluated on the backoff without running cycles", () => {
  it("a tick at nextAttempt counts a re-evaluation and schedules the next check", () => {
    const [held] = transition({ state: "Active" }, { type: "quarantineOnDemand" }, T0);
    expect(nextCycleAt(held, T0)).toBeNull();
    const first = (held as HeldState).nextAttemptAt;
    expect(first).toBe(T0 + 40 * MINUTE);
    expect(transition(held, { type: "tick" }, first - 1)[0]).toBe(held);
    const [next, effects] = transition(held, { type: "tick" }, first);
    expect(next).toMatchObject({ state: "Held", seriesCount: 1, currentBegan: first, nextAttemptAt: first + 80 * MINUTE });
    expect(effects.map((e) => e.type)).toEqual(["log", "cancelCycles"]);
  });

  it("nextTickAt is the earlier of the next check and the deadline", () => {
    const h: HeldState = { ...series, state: "Held", reason: "TooManyDeletes", heldDeletions: 3, nextAttemptAt: T0 + HOUR };
    expect(nextTickAt(h, DEFAULT_QUARANTINE_POLICY)).toBe(T0 + HOUR);
  });
});
