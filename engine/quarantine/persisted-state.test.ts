import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MINUTE } from "../../common/duration";
import { CorruptQuarantineStateError, parseQuarantineState, serializeQuarantineState } from "./persisted-state";
import { transition } from "./transition";
import type { CycleOutcome, HeldState, QuarantineEvent, QuarantineState, QuarantinedState } from "./types";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const q: QuarantinedState = {
  state: "Quarantined",
  reason: "EncounteredEscrowProportionThreshold",
  seriesBegan: T0,
  currentBegan: T0 + 123,
  seriesCount: 4,
  reasonChanges: 1,
  nextAttemptAt: T0 + 640 * MINUTE,
  error: { code: "EscrowProportionThresholdExceeded", message: "Too many \"quoted\" failures", tenantActionable: true },
};
const h: HeldState = { ...q, state: "Held", reason: "TooManyDeletes", heldDeletions: 777, error: null };

const every: Array<[string, QuarantineState]> = [
  ["Active", { state: "Active" }],
  ["Quarantined", q],
  ["Held", h],
  ["Held on demand", { ...h, reason: "QuarantinedOnDemand", heldDeletions: 0 }],
  ["Disabled (quarantined)", { state: "Disabled", disabledAt: T0 + 1, quarantine: q }],
  ["Disabled (held)", { state: "Disabled", disabledAt: T0 + 1, quarantine: h }],
  ["Paused", { state: "Paused", pausedAt: T0, escrowsPruned: false, quarantine: null }],
  ["Paused (escrows pruned)", { state: "Paused", pausedAt: T0, escrowsPruned: true, quarantine: null }],
  ["Paused (quarantined)", { state: "Paused", pausedAt: T0, escrowsPruned: false, quarantine: q }],
];

describe("persisted quarantine state", () => {
  it.each(every)("%s round-trips exactly", (_name, state) => {
    const text = serializeQuarantineState(state);
    expect(parseQuarantineState(text)).toEqual(state);
    expect(serializeQuarantineState(parseQuarantineState(text))).toBe(text);
  });

  it("stores readable ISO times and a version", () => {
    const stored = JSON.parse(serializeQuarantineState(q));
    expect(stored).toMatchObject({ version: 1, seriesBegan: "2026-01-05T09:00:00.000Z", nextAttemptAt: "2026-01-05T19:40:00.000Z" });
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["unknown version", JSON.stringify({ version: 9, state: "Active" }), /unknown version 9/],
    ["unknown state", JSON.stringify({ version: 1, state: "Sleeping" }), /state/],
    ["wrong reason for the state", serializeQuarantineState(q).replace("EncounteredEscrowProportionThreshold", "TooManyDeletes"), /reason/],
    ["bad time", serializeQuarantineState(q).replace("2026-01-05T09:00:00.000Z", "yesterday"), /seriesBegan/],
    ["negative count", serializeQuarantineState(h).replace('"heldDeletions":777', '"heldDeletions":-1'), /heldDeletions/],
    ["extra field", serializeQuarantineState({ state: "Active" }).replace("}", ',"x":1}'), /x/],
  ])("rejects %s with CorruptQuarantineStateError", (_name, text, message) => {
    expect(() => parseQuarantineState(text)).toThrow(CorruptQuarantineStateError);
    expect(() => parseQuarantineState(text)).toThrow(message);
  });

  it("every state the machine can reach round-trips (property)", () => {
    const outcome = fc.record<CycleOutcome>({
      initial: fc.boolean(),
      connection: fc.constantFrom("ok", "credentialsRejected", "unreachable"),
      successes: fc.nat(20_000),
      failures: fc.nat(20_000),
      referenceFailures: fc.nat(100),
      calls: fc.nat(100),
      credentialFailures: fc.nat(100),
    });
    const event: fc.Arbitrary<QuarantineEvent> = fc.oneof(
      outcome.map((o) => ({ type: "cycleCompleted" as const, outcome: o })),
      fc.nat(2000).map((count) => ({ type: "deletionsPlanned" as const, count })),
      fc.constant({ type: "quarantineOnDemand" as const }),
      fc.constantFrom("", "Full", "Watermark", "ForceDeletes", "QuarantineState,Escrows").map((s) => ({ type: "restart" as const, resetScope: s })),
      fc.constant({ type: "start" as const }),
      fc.constant({ type: "pause" as const }),
      fc.constant({ type: "tick" as const }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(event, fc.nat(10 * 86_400_000)), { maxLength: 40 }), (steps) => {
        let state: QuarantineState = { state: "Active" };
        let now = T0;
        for (const [e, dt] of steps) {
          now += dt;
          [state] = transition(state, e, now);
          expect(parseQuarantineState(serializeQuarantineState(state))).toEqual(state);
        }
      }),
      { numRuns: 300 },
    );
  });
});
