/**
 * Accidental-deletion prevention (provisioning model section 6) against the simulator over HTTP:
 * a cycle planning more deletes plus disables than the threshold holds them (stagedDelete logs),
 * the job is held with TooManyDeletes and a mail goes out; ForceDeletes pushes them through;
 * fixing the cause and restarting discards them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import { count, startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const SETTINGS = JSON.stringify({ Enabled: true, Recipients: "ops@example.com", DeleteThresholdEnabled: true, DeleteThresholdValue: 5 });

async function provisioned(seed: string): Promise<{ world: EngineWorld; clock: VirtualClock; victims: string[] }> {
  const clock = new VirtualClock({ start: T0 });
  const w = await startEngineWorld({ users: 20, seed, clock, secrets: { SyncNotificationSettings: SETTINGS }, job: { start: true, interval: "40m" } });
  await w.engine.start();
  await clock.advanceBy(MINUTE);
  expect(w.target.store.countUsers()).toBe(20);
  // Users nobody reports to, so that removing them touches no manager reference.
  const users = w.engine.directory.listUsers();
  const victims = users.filter((u) => !users.some((o) => o.managerId === u.id)).map((u) => u.id);
  return { world: w, clock, victims };
}

describe("accidental-deletion prevention", () => {
  it("holds deletions over the threshold, quarantines with TooManyDeletes, mails, runs no cycles; ForceDeletes pushes them through", async () => {
    const started = await provisioned("del-force");
    world = started.world;
    const { clock, victims } = started;
    const { engine, jobId, target, servicePrincipalId } = world;
    for (const id of victims.slice(0, 4)) engine.directory.deleteUser(id, { hard: true });
    for (const id of victims.slice(4, 7)) engine.directory.unassign(servicePrincipalId, id);
    world.requests.length = 0;

    await clock.advanceBy(40 * MINUTE);
    const status = engine.status(jobId);
    expect(status.code).toBe("Quarantine");
    expect(status.quarantine).toMatchObject({ reason: "TooManyDeletes", error: { code: "TooManyDeletes" } });
    expect(world.requests.filter((r) => r.method === "DELETE" || r.method === "PATCH")).toEqual([]);
    expect(target.store.countUsers()).toBe(20);
    const staged = engine.provisioningLogs({ filter: "provisioningAction eq 'stagedDelete'" }).value;
    expect(staged).toHaveLength(7);
    const mails = engine.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ receivedAt: new Date(T0 + 40 * MINUTE).toISOString(), headers: expect.objectContaining({ "x-scimlab-notification": "deletionsHeld/0" }) });
    expect(mails[0]!.text).toContain("7");
    expect(engine.events({ jobId, types: ["deletionsHeld"] })[0]!.data).toMatchObject({ count: 7, threshold: 5 });

    // Held: synchronization stops.
    const cycles = engine.store.cycles.recent(jobId, 100).length;
    await clock.advanceBy(6 * HOUR);
    expect(engine.store.cycles.recent(jobId, 100)).toHaveLength(cycles);
    expect(engine.nextCycleAt(jobId)).toBeNull();

    // ForceDeletes lifts TooManyDeletes and exports the held deletions in the cycle it runs now.
    await engine.restartJob(jobId, "ForceDeletes");
    await clock.advanceBy(0);
    expect(engine.status(jobId)).toMatchObject({ code: "Active", quarantine: null });
    expect(count(world.requests, "DELETE", "/Users")).toBe(4);
    expect(target.store.countUsers()).toBe(16);
    expect(target.store.listUsers().filter((u) => u.active === false)).toHaveLength(3);
    expect(engine.events({ jobId, types: ["deletionsPushed"] })[0]!.data).toMatchObject({ count: 7 });
    expect(engine.jobs.job(jobId).forceDeletes).toBe(false);
  });

  it("fixing the cause and restarting discards the held deletions", async () => {
    const started = await provisioned("del-discard");
    world = started.world;
    const { clock, victims } = started;
    const { engine, jobId, target, servicePrincipalId } = world;
    for (const id of victims.slice(0, 6)) engine.directory.unassign(servicePrincipalId, id);
    await clock.advanceBy(40 * MINUTE);
    expect(engine.status(jobId).quarantine?.reason).toBe("TooManyDeletes");

    // The unassignment was the accident: assign them again, then clear the quarantine.
    for (const id of victims.slice(0, 6)) engine.directory.assign(servicePrincipalId, id);
    world.requests.length = 0;
    await engine.restartJob(jobId, "QuarantineState");
    await clock.advanceBy(0);
    expect(engine.status(jobId)).toMatchObject({ code: "Active", quarantine: null });
    expect(engine.events({ jobId, types: ["deletionsDiscarded"] })[0]!.data).toEqual({ count: 6 });
    expect(world.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(target.store.listUsers().every((u) => u.active !== false)).toBe(true);
  });

  it("users disabled in the source count as disables: over the threshold they are held, at it they go through", async () => {
    const started = await provisioned("del-account-disabled");
    world = started.world;
    const { clock, victims } = started;
    const { engine, jobId, target } = world;
    const enabled = victims.filter((id) => engine.directory.getUser(id)?.accountEnabled !== false);
    expect(enabled.length).toBeGreaterThanOrEqual(11);
    // Five accounts disabled in the source: at the threshold (5), not over it.
    for (const id of enabled.slice(0, 5)) engine.directory.updateUser(id, { accountEnabled: false });
    await clock.advanceBy(40 * MINUTE);
    expect(engine.status(jobId).quarantine).toBeNull();
    const inactive = (): number => target.store.listUsers().filter((u) => u.active === false).length;
    const before = inactive();

    // Six more (still assigned, in scope, but their mapping now sets active false): held.
    world.requests.length = 0;
    for (const id of enabled.slice(5, 11)) engine.directory.updateUser(id, { accountEnabled: false });
    await clock.advanceBy(40 * MINUTE);
    expect(engine.status(jobId).quarantine?.reason).toBe("TooManyDeletes");
    expect(engine.provisioningLogs({ filter: "provisioningAction eq 'stagedDelete'" }).value).toHaveLength(6);
    expect(world.requests.filter((r) => r.method === "PATCH")).toEqual([]);
    expect(inactive()).toBe(before);

    await engine.restartJob(jobId, "ForceDeletes");
    await clock.advanceBy(0);
    expect(engine.status(jobId)).toMatchObject({ code: "Active", quarantine: null });
    expect(inactive()).toBe(before + 6);
  });

  it("a threshold switched off lets any number through; deletions at the threshold are not held", async () => {
    const started = await provisioned("del-off");
    world = started.world;
    const { clock, victims } = started;
    const { engine, jobId, target } = world;
    for (const id of victims.slice(0, 5)) engine.directory.deleteUser(id, { hard: true });
    await clock.advanceBy(40 * MINUTE);
    expect(engine.status(jobId).quarantine).toBeNull();
    expect(target.store.countUsers()).toBe(15);

    engine.setNotificationSettings(jobId, { deleteThresholdEnabled: false });
    for (const id of victims.slice(5, 12)) engine.directory.deleteUser(id, { hard: true });
    await clock.advanceBy(40 * MINUTE);
    expect(engine.status(jobId).quarantine).toBeNull();
    expect(target.store.countUsers()).toBe(15 - Math.min(7, victims.length - 5));
  });
});
