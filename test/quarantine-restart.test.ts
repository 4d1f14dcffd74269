/**
 * `restart {criteria: {resetScope}}` with every flag (provisioning model section 5), on a job
 * quarantined for its credentials with escrows, a watermark and a connector data store; and the
 * escrow thresholds and escrow pruning, end to end against the simulator.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import { EngineError } from "../engine/jobs/engine-error";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

const worlds: EngineWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

/** 10 users provisioned, 2 of them escrowed, then the credentials rejected: quarantined. */
async function quarantinedWithState(seed: string): Promise<{ world: EngineWorld; clock: VirtualClock }> {
  const clock = new VirtualClock({ start: T0 });
  const world = await startEngineWorld({ users: 10, seed, clock, job: { start: true, interval: "40m" } });
  worlds.push(world);
  const { engine, jobId, target } = world;
  const failing = engine.directory.listUsers().slice(0, 2).map((u) => `userName eq "${u.userPrincipalName}"`);
  target.faults.use({ id: "two-fail", match: { operation: "create", filter: failing.join(" or ") }, action: { type: "error", status: 400 } });
  await engine.start();
  await clock.advanceBy(MINUTE);
  target.faults.reset();
  target.faults.use({ id: "creds", preset: "invalid-credentials" });
  const someone = engine.directory.listUsers()[5]!;
  engine.directory.updateUser(someone.id, { department: "Changed" });
  await clock.advanceBy(40 * MINUTE);
  expect(engine.status(jobId).quarantine?.reason).toBe("EncounteredQuarantineException");
  expect(engine.escrows(jobId)).toHaveLength(2);
  expect(engine.jobs.job(jobId).watermark).not.toBeNull();
  expect(engine.store.links.count(jobId, "user")).toBe(8);
  target.faults.reset();
  return { world, clock };
}

describe("restart with each resetScope", () => {
  it.each([
    ["", { escrows: 0, watermark: false, links: 8, quarantined: false, next: "initial" }],
    ["None", { escrows: 2, watermark: true, links: 8, quarantined: true, next: "incremental" }],
    ["Escrows", { escrows: 0, watermark: true, links: 8, quarantined: true, next: "incremental" }],
    ["Watermark", { escrows: 2, watermark: false, links: 8, quarantined: true, next: "initial" }],
    ["ConnectorDataStore", { escrows: 2, watermark: true, links: 0, quarantined: true, next: "incremental" }],
    ["QuarantineState", { escrows: 2, watermark: true, links: 8, quarantined: false, next: "incremental" }],
    ["Watermark, Escrows", { escrows: 0, watermark: false, links: 8, quarantined: true, next: "initial" }],
    ["Full", { escrows: 0, watermark: false, links: 0, quarantined: false, next: "initial" }],
  ])("resetScope %j", async (scope, want) => {
    const { world, clock } = await quarantinedWithState(`restart-${scope || "empty"}`);
    const { engine, jobId, target } = world;
    await engine.restartJob(jobId, scope);
    const job = engine.jobs.job(jobId);
    expect(engine.escrows(jobId)).toHaveLength(want.escrows);
    expect(job.watermark !== null).toBe(want.watermark);
    expect(engine.store.links.count(jobId, "user")).toBe(want.links);
    expect(job.quarantine.state).toBe(want.quarantined ? "Quarantined" : "Active");
    expect(job.scheduleState).toBe("Active");
    // Restart runs a cycle now: a kept quarantine makes it the series' next attempt.
    expect(engine.nextCycleAt(jobId)).toBe(clock.now());
    if (want.quarantined) expect(engine.status(jobId).quarantine?.nextAttempt).toBe(new Date(clock.now()).toISOString());
    const restarted = engine.events({ jobId, types: ["jobRestarted"] })[0]!;
    expect(restarted.data.resetScope).toEqual(scope === "" ? ["QuarantineState", "Watermark", "Escrows"] : scope === "Full" ? ["QuarantineState", "Watermark", "Escrows", "ConnectorDataStore"] : scope === "None" ? ["None"] : scope.split(", "));

    await clock.advanceBy(0);
    const last = engine.store.cycles.recent(jobId, 1)[0]!;
    expect(last.kind).toBe(want.next);
    expect(engine.status(jobId).code).toBe("Active");
    // An initial cycle provisions the two escrowed users too (their escrow retry is hours away
    // otherwise); matching before create means that whatever was forgotten, no user exists twice.
    expect(target.store.countUsers()).toBe(want.next === "initial" ? 10 : 8);
  });

  it("refuses an unknown flag with 400 naming criteria.resetScope, and changes nothing", async () => {
    const { world } = await quarantinedWithState("restart-bad");
    const { engine, jobId } = world;
    const error = await engine.restartJob(jobId, "Watermark, Everything").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(/criteria\.resetScope: unknown flag "Everything"/) });
    expect(engine.jobs.job(jobId).quarantine.state).toBe("Quarantined");
    expect(engine.escrows(jobId)).toHaveLength(2);
  });

  it("a paused quarantined job keeps its quarantine; restart without QuarantineState brings it back, start clears it", async () => {
    const { world, clock } = await quarantinedWithState("restart-pause");
    const { engine, jobId } = world;
    engine.pauseJob(jobId);
    expect(engine.job(jobId)).toMatchObject({ schedule: { state: "Paused" }, status: { code: "Paused", quarantine: { reason: "EncounteredQuarantineException", nextAttempt: null } } });
    await engine.restartJob(jobId, "Escrows");
    expect(engine.job(jobId)).toMatchObject({ schedule: { state: "Active" }, status: { code: "Quarantine" } });
    engine.pauseJob(jobId);
    engine.startJob(jobId);
    expect(engine.job(jobId)).toMatchObject({ schedule: { state: "Active" }, status: { quarantine: null } });
    await clock.advanceBy(0);
    expect(engine.status(jobId).code).toBe("Active");
  });
});

describe("escrow thresholds end to end", () => {
  async function cycleWithFailures(seed: string, failing: number, threshold: unknown, prune = false): Promise<EngineWorld> {
    const clock = new VirtualClock({ start: T0 });
    const world = await startEngineWorld({
      users: 20, seed, clock, job: { start: true, quarantine: { threshold, ...(prune ? { pruneEscrowsOnInitial: true } : {}) } },
    });
    worlds.push(world);
    const names = world.engine.directory.listUsers().slice(0, failing).map((u) => `userName eq "${u.userPrincipalName}"`);
    world.target.faults.use({ match: { operation: "create", filter: names.join(" or ") }, action: { type: "error", status: 409, scimType: "uniqueness" } });
    await world.engine.start();
    await clock.advanceBy(MINUTE);
    expect(world.engine.escrows(world.jobId).length).toBe(prune ? 0 : failing);
    return world;
  }

  it("entra-2019 with minFailures 10: 10 failures of 20 is not enough, 13 (65%) is EncounteredEscrowProportionThreshold", async () => {
    const policy = { preset: "entra-2019", minFailures: 10 };
    expect((await cycleWithFailures("thr-10", 10, policy)).engine.status(worlds[0]!.jobId).quarantine).toBeNull();
    const w = await cycleWithFailures("thr-13", 13, policy);
    expect(w.engine.status(w.jobId).quarantine).toMatchObject({
      reason: "EncounteredEscrowProportionThreshold",
      error: { code: "EscrowProportionThresholdExceeded", message: expect.stringContaining("13 failed, 7 succeeded") },
    });
  });

  it("11 failures (55%): none with and, EncounteredTotalEscrowThreshold with an explicit or", async () => {
    const and = await cycleWithFailures("thr-and", 11, { minFailures: 10 });
    expect(and.engine.status(and.jobId).quarantine).toBeNull();
    const or = await cycleWithFailures("thr-or", 11, { minFailures: 10, combinator: "or" });
    expect(or.engine.status(or.jobId).quarantine?.reason).toBe("EncounteredTotalEscrowThreshold");
  });

  it("pruning during an initial cycle clears the escrows and pauses instead of quarantining; start resumes", async () => {
    const w = await cycleWithFailures("thr-prune", 13, { minFailures: 10 }, true);
    expect(w.engine.job(w.jobId)).toMatchObject({ schedule: { state: "Paused" }, status: { code: "Paused", escrowsPruned: true, quarantine: null } });
    expect(w.engine.events({ jobId: w.jobId, types: ["escrowsPruned"] })).toHaveLength(1);
    w.engine.startJob(w.jobId);
    expect(w.engine.job(w.jobId)).toMatchObject({ schedule: { state: "Active" }, status: { escrowsPruned: false } });
  });
});
