import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY } from "../../common/duration";
import { toGraphQuarantine } from "./graph-view";
import { seriesOf } from "./operator-transitions";
import { DEFAULT_QUARANTINE_POLICY } from "./quarantine-policy";
import { nextCycleAt, transition } from "./transition";
import type { CycleOutcome, QuarantineEvent, QuarantineState } from "./types";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const outcome = fc.record<CycleOutcome>({
  initial: fc.boolean(),
  connection: fc.constantFrom("ok", "ok", "credentialsRejected", "unreachable"),
  successes: fc.nat(20_000),
  failures: fc.nat(20_000),
  referenceFailures: fc.nat(100),
  calls: fc.nat(100),
  credentialFailures: fc.nat(100),
});
const event: fc.Arbitrary<QuarantineEvent> = fc.oneof(
  { weight: 6, arbitrary: outcome.map((o) => ({ type: "cycleCompleted" as const, outcome: o })) },
  { weight: 2, arbitrary: fc.nat(1000).map((count) => ({ type: "deletionsPlanned" as const, count })) },
  { weight: 1, arbitrary: fc.constant({ type: "quarantineOnDemand" as const }) },
  {
    weight: 1,
    arbitrary: fc
      .subarray(["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore", "ForceDeletes", "Full", "None"])
      .map((flags) => ({ type: "restart" as const, resetScope: flags.join(",") })),
  },
  { weight: 1, arbitrary: fc.constant({ type: "start" as const }) },
  { weight: 1, arbitrary: fc.constant({ type: "pause" as const }) },
  { weight: 4, arbitrary: fc.constant({ type: "tick" as const }) },
);
const runs = fc.array(fc.tuple(event, fc.nat(3 * DAY)), { maxLength: 60 });

describe("invariants over any sequence of events", () => {
  it("series times are ordered, nextAttempt is never in the past, schedules match the state, disable only after 28 days", () => {
    fc.assert(
      fc.property(runs, (steps) => {
        let state: QuarantineState = { state: "Active" };
        let now = T0;
        for (const [e, dt] of steps) {
          now += dt;
          const [next, effects] = transition(state, e, now);
          state = next;
          const series = seriesOf(state);
          if (series) {
            expect(series.seriesBegan).toBeLessThanOrEqual(series.currentBegan);
            expect(series.currentBegan).toBeLessThanOrEqual(now);
            if (state.state === "Quarantined" || state.state === "Held") {
              expect(series.nextAttemptAt).toBeGreaterThanOrEqual(Math.min(now, series.currentBegan));
              expect(series.nextAttemptAt).toBeLessThanOrEqual(now + DEFAULT_QUARANTINE_POLICY.backoffCapMs);
            }
          }
          if (state.state === "Disabled") expect(state.disabledAt).toBeGreaterThanOrEqual(state.quarantine.seriesBegan + 28 * DAY);
          for (const effect of effects) {
            if (effect.type === "scheduleCycle") {
              // An attempt is exactly the stored nextAttempt; a start/restart cycle runs now on an active job.
              if (state.state === "Quarantined") expect(effect.at).toBe(state.nextAttemptAt);
              else expect([state.state, effect.at, effect.attempt]).toEqual(["Active", now, null]);
            }
            if (effect.type === "cancelCycles" && e.type !== "deletionsPlanned") expect(nextCycleAt(state, 0)).toBeNull();
          }
          expect(toGraphQuarantine(state) === null).toBe(series === null);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a notification key is owed at most once per run (jobDisabled: once per series by design)", () => {
    fc.assert(
      fc.property(runs, (steps) => {
        let state: QuarantineState = { state: "Active" };
        let now = T0;
        const keys = new Set<string>();
        for (const [e, dt] of steps) {
          now += dt;
          const [next, effects] = transition(state, e, now);
          state = next;
          for (const effect of effects) {
            if (effect.type !== "notify" || effect.notification.kind === "jobDisabled") continue;
            const { seriesBegan, kind, sequence } = effect.notification;
            const key = `${seriesBegan}/${kind}/${sequence}`;
            expect(keys.has(key)).toBe(false);
            keys.add(key);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
