import { describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../common/duration";
import { compileQuarantinePolicy, DEFAULT_QUARANTINE_POLICY } from "./quarantine-policy";
import { transition } from "./transition";
import type { CycleOutcome, QuarantineEffect, QuarantineState, QuarantinedState } from "./types";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const ok = (over: Partial<CycleOutcome> = {}): CycleOutcome => ({
  initial: false,
  connection: "ok",
  successes: 100,
  failures: 0,
  referenceFailures: 0,
  calls: 100,
  credentialFailures: 0,
  ...over,
});
const rejected = ok({ connection: "credentialsRejected", successes: 0, calls: 1, credentialFailures: 1 });
const completed = (state: QuarantineState, outcome: CycleOutcome, now: number, policy = DEFAULT_QUARANTINE_POLICY) =>
  transition(state, { type: "cycleCompleted", outcome }, now, policy);
const types = (effects: QuarantineEffect[]) => effects.map((e) => e.type);

describe("entering quarantine from a finished cycle", () => {
  it("a clean cycle changes nothing", () => {
    expect(completed({ state: "Active" }, ok(), T0)).toEqual([{ state: "Active" }, []]);
  });

  it("credentials rejected by the connection test: EncounteredQuarantineException, attempt 0 one interval later", () => {
    const [next, effects] = completed({ state: "Active" }, rejected, T0);
    expect(next).toEqual({
      state: "Quarantined",
      reason: "EncounteredQuarantineException",
      seriesBegan: T0,
      currentBegan: T0,
      seriesCount: 0,
      reasonChanges: 0,
      nextAttemptAt: T0 + 40 * MINUTE,
      error: {
        code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
        message: "The target SCIM endpoint rejected the credentials (401/403).",
        tenantActionable: true,
      },
    });
    expect(effects).toContainEqual({ type: "scheduleCycle", at: T0 + 40 * MINUTE, attempt: 0 });
    expect(effects.find((e) => e.type === "notify")).toBeUndefined(); // the first mail is time-based (planner)
  });

  it("an unreachable target is EncounteredQuarantineException too, with its own error code", () => {
    const [next] = completed({ state: "Active" }, ok({ connection: "unreachable", successes: 0 }), T0);
    expect(next.state === "Quarantined" && next.error?.code).toBe("SystemForCrossDomainIdentityManagementServiceUnreachable");
  });

  it("most calls failing with 401/403: half does not quarantine, more than half does", () => {
    expect(completed({ state: "Active" }, ok({ calls: 100, credentialFailures: 50 }), T0)[0].state).toBe("Active");
    const [next] = completed({ state: "Active" }, ok({ calls: 100, credentialFailures: 51 }), T0);
    expect(next.state === "Quarantined" && next.reason).toBe("EncounteredQuarantineException");
  });

  it("the runtime's error (already scrubbed) becomes quarantine.error", () => {
    const [next] = completed({ state: "Active" }, { ...rejected, error: { code: "Unauthorized", message: "401 from /Users" } }, T0);
    expect(next.state === "Quarantined" && next.error).toEqual({ code: "Unauthorized", message: "401 from /Users", tenantActionable: true });
  });

  it("escrow thresholds quarantine at 5,001 failures and 60.1%, not at 5,000 or 60%", () => {
    expect(completed({ state: "Active" }, ok({ failures: 5000, successes: 0 }), T0)[0].state).toBe("Active");
    expect(completed({ state: "Active" }, ok({ failures: 6000, successes: 4000 }), T0)[0].state).toBe("Active");
    const [a] = completed({ state: "Active" }, ok({ failures: 5001, successes: 0 }), T0);
    const [b] = completed({ state: "Active" }, ok({ failures: 6010, successes: 3990 }), T0);
    expect(a.state === "Quarantined" && a.reason).toBe("EncounteredEscrowProportionThreshold");
    expect(b.state === "Quarantined" && b.reason).toBe("EncounteredEscrowProportionThreshold");
  });

  it("entra-current's 60,000 cap gives EncounteredTotalEscrowThreshold", () => {
    const policy = compileQuarantinePolicy({ threshold: "entra-current" });
    const [next] = completed({ state: "Active" }, ok({ failures: 60_000, referenceFailures: 60_000, successes: 1e6 }), T0, policy);
    expect(next.state === "Quarantined" && next.reason).toBe("EncounteredTotalEscrowThreshold");
  });
});

describe("a series of attempts", () => {
  it("spaces attempts 40m, 80m, 160m, … up to 24h, counting re-evaluations, nextAttempt always right", () => {
    let [state, effects] = completed({ state: "Active" }, rejected, T0);
    const gaps: number[] = [];
    let now = T0;
    for (let i = 0; i < 9; i++) {
      const q = state as QuarantinedState;
      gaps.push((q.nextAttemptAt - now) / MINUTE);
      expect(effects).toContainEqual({ type: "scheduleCycle", at: q.nextAttemptAt, attempt: q.seriesCount });
      now = q.nextAttemptAt;
      [state, effects] = completed(state, rejected, now);
      expect(state).toMatchObject({ state: "Quarantined", seriesBegan: T0, currentBegan: now, seriesCount: i + 1 });
    }
    expect(gaps).toEqual([40, 80, 160, 320, 640, 1280, 1440, 1440, 1440]);
  });

  it("a successful attempt ends the series and resumes the normal schedule", () => {
    const [q] = completed({ state: "Active" }, rejected, T0);
    const [next, effects] = completed(q, ok(), T0 + 40 * MINUTE);
    expect(next).toEqual({ state: "Active" });
    expect(types(effects)).toEqual(["log", "resumeNormalSchedule"]);
    // A new failure begins a new series.
    const [again] = completed(next, rejected, T0 + DAY);
    expect(again).toMatchObject({ seriesBegan: T0 + DAY, seriesCount: 0 });
  });

  it("a reason change keeps the series, updates reason and error, and owes a reasonChanged notification", () => {
    const [q] = completed({ state: "Active" }, rejected, T0);
    const [next, effects] = completed(q, ok({ failures: 9000, successes: 10 }), T0 + 40 * MINUTE);
    expect(next).toMatchObject({
      state: "Quarantined",
      reason: "EncounteredEscrowProportionThreshold",
      seriesBegan: T0,
      seriesCount: 1,
      reasonChanges: 1,
      error: { code: "EscrowProportionThresholdExceeded" },
    });
    expect(effects).toContainEqual({
      type: "notify",
      notification: {
        kind: "reasonChanged",
        seriesBegan: T0,
        sequence: 1,
        reason: "EncounteredEscrowProportionThreshold",
        previousReason: "EncounteredQuarantineException",
      },
    });
    const [same, sameEffects] = completed(next, ok({ failures: 9000, successes: 10 }), T0 + 2 * DAY);
    expect(same).toMatchObject({ reasonChanges: 1, seriesCount: 2 });
    expect(types(sameEffects)).not.toContain("notify");
  });
});

describe("escrow pruning during an initial cycle (option)", () => {
  const prune = compileQuarantinePolicy({ pruneEscrowsOnInitial: true });

  it("prunes escrows, sets escrowsPruned and pauses instead of quarantining", () => {
    const [next, effects] = completed({ state: "Active" }, ok({ initial: true, failures: 9000, successes: 0 }), T0, prune);
    expect(next).toEqual({ state: "Paused", pausedAt: T0, escrowsPruned: true, quarantine: null });
    expect(types(effects)).toEqual(["clearEscrows", "setEscrowsPruned", "setScheduleState", "cancelCycles", "log"]);
  });

  it("does not apply to incremental cycles, credential failures, or when switched off", () => {
    expect(completed({ state: "Active" }, ok({ failures: 9000, successes: 0 }), T0, prune)[0].state).toBe("Quarantined");
    expect(completed({ state: "Active" }, { ...rejected, initial: true }, T0, prune)[0].state).toBe("Quarantined");
    expect(completed({ state: "Active" }, ok({ initial: true, failures: 9000, successes: 0 }), T0)[0].state).toBe("Quarantined");
  });

  it("start clears escrowsPruned", () => {
    const [paused] = completed({ state: "Active" }, ok({ initial: true, failures: 9000, successes: 0 }), T0, prune);
    const [next, effects] = transition(paused, { type: "start" }, T0 + DAY, prune);
    expect(next).toEqual({ state: "Active" });
    expect(effects).toContainEqual({ type: "setEscrowsPruned", value: false });
  });
});

describe("outcomes that arrive while nothing can change", () => {
  it.each(["Held", "Disabled", "Paused"] as const)("a cycle finishing while %s is not evaluated", (name) => {
    const [q] = completed({ state: "Active" }, rejected, T0);
    const held: QuarantineState =
      name === "Held"
        ? transition(q, { type: "quarantineOnDemand" }, T0)[0]
        : name === "Disabled"
          ? { state: "Disabled", disabledAt: T0, quarantine: q as QuarantinedState }
          : { state: "Paused", pausedAt: T0, escrowsPruned: false, quarantine: null };
    const [next, effects] = completed(held, ok(), T0 + MINUTE);
    expect(next).toBe(held);
    expect(types(effects)).toEqual(["log"]);
  });
});
