import { describe, expect, it } from "vitest";
import { MINUTE } from "../../common/duration";
import { emptyCounts, type CycleOutcome } from "../cycle/cycle-types";
import { afterCycle, quarantineOutcomeOf } from "./after-cycle";
import { EMPTY_STATUS, type JobRecord } from "./job-types";

const T = Date.parse("2026-01-05T09:00:00Z");
const job = {
  id: "scim.j", servicePrincipalId: "sp", templateId: "scim", intervalMs: 40 * MINUTE, scheduleState: "Active", nextRunAt: T,
  watermark: "w1", status: EMPTY_STATUS, quarantine: { state: "Active" }, forceDeletes: false, createdAt: T,
} as unknown as JobRecord;

function outcome(over: Partial<CycleOutcome> = {}, counts: Partial<CycleOutcome["counts"]> = {}): CycleOutcome {
  return {
    cycleId: "c1", jobId: "scim.j", kind: "incremental", beganAt: T, endedAt: T + 5000, result: "completed",
    counts: { ...emptyCounts(), ...counts }, error: null, escrowsOutstanding: { total: 0, reference: 0 },
    targetWatermark: "w2", deletions: { planned: 0, held: false }, resumed: false, ...over,
  };
}

describe("afterCycle", () => {
  it("a completed cycle advances the watermark, records the execution and schedules the next one an interval later", () => {
    const { job: next, execution } = afterCycle(job, outcome({}, { exported: 3, exports: 3, imported: 5 }), T + 5000);
    expect(next.watermark).toBe("w2");
    expect(next.nextRunAt).toBe(T + 5000 + 40 * MINUTE);
    expect(execution).toMatchObject({ state: "Succeeded", countExported: 3, countImported: 5, timeBegan: "2026-01-05T09:00:00.000Z", timeEnded: "2026-01-05T09:00:05.000Z" });
    expect(next.status.lastSuccessfulExecutionWithExports).toBe(execution);
    expect(next.status.steadyStateFirstAchievedTime).toBe("2026-01-05T09:00:05.000Z");
  });

  it("entry-level failures keep the cycle successful but not steady", () => {
    const { job: next, execution } = afterCycle(job, outcome({ escrowsOutstanding: { total: 2, reference: 0 } }, { failures: 2 }), T);
    expect(execution).toMatchObject({ state: "EntryLevelErrors", countEscrowed: 2, countEscrowedRaw: 2 });
    expect(next.status.steadyStateLastAchievedTime).toBeNull();
    expect(next.status.lastSuccessfulExecutionWithExports).toBeNull();
  });

  it("a failed cycle keeps the watermark and counts successive complete failures", () => {
    const error = { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure", message: "401", tenantActionable: true };
    const first = afterCycle(job, outcome({ result: "failed", error }), T).job;
    const second = afterCycle(first, outcome({ result: "failed", error }), T).job;
    expect(second.watermark).toBe("w1");
    expect(second.status.countSuccessiveCompleteFailures).toBe(2);
    expect(second.status.lastExecution).toMatchObject({ state: "Failed", error });
    expect(afterCycle(second, outcome(), T).job.status.countSuccessiveCompleteFailures).toBe(0);
  });

  it("held deletions keep the watermark; a paused job gets no next run", () => {
    expect(afterCycle(job, outcome({ deletions: { planned: 600, held: true } }), T).job.watermark).toBe("w1");
    expect(afterCycle({ ...job, scheduleState: "Paused" }, outcome(), T).job.nextRunAt).toBeNull();
  });
});

describe("afterCycle and the quarantine machine", () => {
  const credentials = { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure", message: "GET /Users answered 401", tenantActionable: true };

  it("maps a cycle to what the machine judges: connection from the whole-cycle error, successes, failures, calls", () => {
    const counts = { exported: 5, skipped: 2, failures: 3, referenceFailures: 1, requests: 20, credentialRejections: 4 };
    expect(quarantineOutcomeOf(outcome({ kind: "initial" }, counts))).toEqual({
      initial: true, connection: "ok", successes: 7, failures: 3, referenceFailures: 1, calls: 20, credentialFailures: 4, error: undefined,
    });
    expect(quarantineOutcomeOf(outcome({ result: "failed", error: credentials })).connection).toBe("credentialsRejected");
    for (const code of ["SystemForCrossDomainIdentityManagementServiceUnreachable", "Timeout"]) {
      expect(quarantineOutcomeOf(outcome({ result: "failed", error: { code, message: "x", tenantActionable: true } })).connection).toBe("unreachable");
    }
    expect(quarantineOutcomeOf(outcome({ result: "failed", error: { code: "InternalEngineError", message: "x", tenantActionable: false } })).connection).toBe("ok");
  });

  it("a cycle refused for its credentials quarantines: the next run is the attempt, 40 minutes on", () => {
    const { job: next, quarantine } = afterCycle(job, outcome({ result: "failed", error: credentials }), T + 5000);
    expect(next.quarantine).toMatchObject({ state: "Quarantined", reason: "EncounteredQuarantineException", seriesBegan: T + 5000, nextAttemptAt: T + 5000 + 40 * MINUTE });
    expect(next.nextRunAt).toBe(T + 5000 + 40 * MINUTE);
    expect(quarantine.logs.map((l) => l.event)).toEqual(["quarantineEntered"]);
    // A good attempt lifts it and goes back to the interval.
    const lifted = afterCycle(next, outcome(), T + 5000 + 40 * MINUTE).job;
    expect(lifted).toMatchObject({ quarantine: { state: "Active" }, nextRunAt: T + 5000 + 80 * MINUTE });
  });

  it("ForceDeletes holds until a cycle completes", () => {
    expect(afterCycle({ ...job, forceDeletes: true }, outcome({ result: "failed", error: credentials }), T).job.forceDeletes).toBe(true);
    expect(afterCycle({ ...job, forceDeletes: true }, outcome(), T).job.forceDeletes).toBe(false);
  });
});
