/**
 * Issue 5, acceptance 2: the engine against the simulator over HTTP, engine, target and the
 * engine's embedded mail catcher on one virtual clock. Invalid credentials quarantine the job
 * (EncounteredQuarantineException) with attempts spaced by the backoff; the first mail arrives
 * over real SMTP one day after the series began, the resend seven days later, a reason change
 * sends its own; fixing the cause and letting the next attempt run ends the quarantine; a job left
 * quarantined 28 days is disabled and mailed about.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const iso = (t: number): string => new Date(t).toISOString();
const NOTIFY = JSON.stringify({ Enabled: true, Recipients: "ops@example.com;it@example.com" });

/** Begin times of the attempts of a series that began at `began`: attempt n waits min(40m × 2^n, 24h). */
function attemptTimes(began: number, until: number): number[] {
  const out: number[] = [];
  for (let n = 0, at = began; ; n++) {
    at += Math.min(40 * MINUTE * 2 ** n, DAY);
    if (at > until) return out;
    out.push(at);
  }
}

async function quarantinedWorld(seed: string, extra: { threshold?: unknown } = {}): Promise<{ world: EngineWorld; clock: VirtualClock }> {
  const clock = new VirtualClock({ start: T0 });
  const w = await startEngineWorld({
    users: 12,
    seed,
    clock,
    tokens: ["the-good-target-token"],
    secrets: { SecretToken: "a-wrong-target-token", SyncNotificationSettings: NOTIFY },
    job: { start: true, interval: "40m", ...(extra.threshold ? { quarantine: { threshold: extra.threshold } } : {}) },
  });
  await w.engine.start();
  return { world: w, clock };
}

describe("invalid credentials: quarantine, backoff, mail, recovery", () => {
  it("quarantines with EncounteredQuarantineException, spaces attempts by the backoff, mails on day 1 and day 8, mails a reason change, and lifts on a good attempt", async () => {
    const started = await quarantinedWorld("q-creds", { threshold: { minFailures: 0, proportion: 0.5 } });
    world = started.world;
    const { clock } = started;
    const { engine, jobId, target, servicePrincipalId } = world;

    await clock.advanceBy(MINUTE);
    let status = engine.status(jobId);
    expect(status.code).toBe("Quarantine");
    expect(status.quarantine).toMatchObject({
      reason: "EncounteredQuarantineException",
      seriesBegan: iso(T0),
      currentBegan: iso(T0),
      seriesCount: 0,
      nextAttempt: iso(T0 + 40 * MINUTE),
      error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure", tenantActionable: true },
    });
    expect(engine.job(jobId).schedule.state).toBe("Active");

    // No mail before a full day has passed; the first one exactly at seriesBegan + 1 day.
    await clock.advanceTo(T0 + DAY - 1);
    expect(engine.mails()).toHaveLength(0);
    await clock.advanceTo(T0 + DAY);
    let mails = engine.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      receivedAt: iso(T0 + DAY),
      to: ["ops@example.com", "it@example.com"],
      envelope: { to: ["ops@example.com", "it@example.com"] },
      from: expect.stringContaining("scimlab-provisioning@localhost"),
      headers: expect.objectContaining({ "x-scimlab-notification": "quarantine/0", "x-scimlab-job-id": jobId }),
    });
    expect(mails[0]!.messageId).toMatch(new RegExp(`^<scimlab\\.quarantine\\.0\\.20260105T090000000Z\\..+@localhost>$`));
    expect(mails[0]!.text).toContain("EncounteredQuarantineException");
    expect(mails[0]!.text).toContain(servicePrincipalId);
    expect(mails[0]!.html).toContain("EncounteredQuarantineException");

    // Attempts: 40m, 80m, 160m, … after each evaluation, capped at 24h; nextAttempt always right.
    await clock.advanceTo(T0 + 3 * DAY);
    const begins = engine.store.cycles.recent(jobId, 1000).map((c) => c.beganAt).reverse();
    expect(begins).toEqual([T0, ...attemptTimes(T0, T0 + 3 * DAY)]);
    expect(begins.map((b) => (b - T0) / MINUTE)).toEqual([0, 40, 120, 280, 600, 1240, 2520, 3960]);
    status = engine.status(jobId);
    expect(status.quarantine).toMatchObject({ seriesBegan: iso(T0), seriesCount: 7, nextAttempt: iso(T0 + 3960 * MINUTE + DAY), currentBegan: iso(T0 + 3960 * MINUTE) });
    expect(engine.nextCycleAt(jobId)).toBe(T0 + 3960 * MINUTE + DAY);
    expect(engine.store.cycles.recent(jobId, 1000).every((c) => c.state === "failed")).toBe(true);
    // Each attempt is one connection test, refused with 401.
    expect(world.requests.filter((r) => r.at > T0).map((r) => r.status)).toEqual(Array(7).fill(401));

    // The resend, seven days after the first mail.
    await clock.advanceTo(T0 + 8 * DAY - 1);
    expect(engine.mails()).toHaveLength(1);
    await clock.advanceTo(T0 + 8 * DAY);
    mails = engine.mails();
    expect(mails).toHaveLength(2);
    expect(mails[1]).toMatchObject({ receivedAt: iso(T0 + 8 * DAY), headers: expect.objectContaining({ "x-scimlab-notification": "quarantine/1" }) });
    expect(mails[1]!.messageId).not.toBe(mails[0]!.messageId);

    // Credentials fixed, but every create now fails: the next attempt quarantines for another reason.
    engine.setSecrets(servicePrincipalId, { SecretToken: "the-good-target-token" });
    target.faults.use({ id: "creates-fail", match: { operation: "create" }, action: { type: "error", status: 400 } });
    const attempts = attemptTimes(T0, T0 + 30 * DAY);
    const changeAt = attempts.find((t) => t > T0 + 8 * DAY)!;
    await clock.advanceTo(changeAt);
    status = engine.status(jobId);
    expect(status.quarantine).toMatchObject({
      reason: "EncounteredEscrowProportionThreshold",
      seriesBegan: iso(T0),
      currentBegan: iso(changeAt),
      nextAttempt: iso(changeAt + DAY),
    });
    mails = engine.mails();
    expect(mails).toHaveLength(3);
    expect(mails[2]).toMatchObject({ receivedAt: iso(changeAt), headers: expect.objectContaining({ "x-scimlab-notification": "reasonChanged/1" }) });
    expect(mails[2]!.text).toContain("EncounteredEscrowProportionThreshold");
    expect(engine.escrows(jobId)).toHaveLength(12);

    // The cause gone, the next attempt (escrows are due by then) succeeds: the series ends.
    target.faults.reset();
    await clock.advanceTo(changeAt + DAY);
    status = engine.status(jobId);
    expect(status.code).toBe("Active");
    expect(status.quarantine).toBeNull();
    expect(target.store.countUsers()).toBe(12);
    expect(engine.escrows(jobId)).toEqual([]);
    expect(engine.nextCycleAt(jobId)).toBe(changeAt + DAY + 40 * MINUTE);

    // The audit tells the same story.
    const types = engine.events({ jobId }).map((e) => e.type).filter((t) => t.startsWith("quarantine") || t === "notificationSent");
    expect(types[0]).toBe("quarantineEntered");
    expect(types.filter((t) => t === "notificationSent")).toHaveLength(3);
    expect(types.filter((t) => t === "quarantineReasonChanged")).toHaveLength(1);
    expect(types.at(-1)).toBe("quarantineLeft");
    const left = engine.events({ jobId, types: ["quarantineLeft"] })[0]!;
    expect(left).toMatchObject({ atMs: changeAt + DAY, data: { reason: "EncounteredEscrowProportionThreshold", seriesBegan: iso(T0), by: "cycle" } });

    // No more quarantine mail once it is over.
    await clock.advanceTo(changeAt + 10 * DAY);
    expect(engine.mails()).toHaveLength(3);
  });

  it("a job left quarantined 28 days is disabled at seriesBegan + 28 days and mailed about; no cycles after that until start", async () => {
    const started = await quarantinedWorld("q-disable");
    world = started.world;
    const { clock } = started;
    const { engine, jobId } = world;

    await clock.advanceTo(T0 + 28 * DAY - 1);
    expect(engine.job(jobId).schedule.state).toBe("Active");
    expect(engine.mails().map((m) => m.receivedAt)).toEqual([1, 8, 15, 22].map((d) => iso(T0 + d * DAY)));
    const cyclesBefore = engine.store.cycles.recent(jobId, 1000).length;
    expect(cyclesBefore).toBe(1 + attemptTimes(T0, T0 + 28 * DAY).length);

    await clock.advanceTo(T0 + 28 * DAY);
    const job = engine.job(jobId);
    expect(job.schedule.state).toBe("Disabled");
    expect(job.status.code).toBe("Quarantine");
    expect(job.status.quarantine).toMatchObject({ reason: "EncounteredQuarantineException", seriesBegan: iso(T0), nextAttempt: null });
    expect(engine.nextCycleAt(jobId)).toBeNull();
    const mails = engine.mails();
    expect(mails).toHaveLength(5);
    expect(mails[4]).toMatchObject({ receivedAt: iso(T0 + 28 * DAY), headers: expect.objectContaining({ "x-scimlab-notification": "jobDisabled/0" }) });
    expect(mails[4]!.subject).toMatch(/disabled/i);
    expect(engine.events({ jobId, types: ["jobDisabled", "scheduleChanged"] }).map((e) => [e.type, e.atMs])).toEqual([
      ["jobDisabled", T0 + 28 * DAY],
      ["scheduleChanged", T0 + 28 * DAY],
    ]);

    // Disabled: no cycles, no reminders.
    await clock.advanceTo(T0 + 40 * DAY);
    expect(engine.store.cycles.recent(jobId, 1000)).toHaveLength(cyclesBefore);
    expect(engine.mails()).toHaveLength(5);

    // start resumes it and clears the quarantine; with the same bad token a new series begins.
    engine.startJob(jobId);
    await clock.advanceBy(0);
    const restarted = engine.job(jobId);
    expect(restarted.schedule.state).toBe("Active");
    expect(restarted.status.quarantine).toMatchObject({ seriesBegan: iso(T0 + 40 * DAY), seriesCount: 0 });
    expect(engine.store.cycles.recent(jobId, 1000)).toHaveLength(cyclesBefore + 1);
  });
});

describe("fixing the credentials", () => {
  it("the next attempt after the fix ends the quarantine, exactly at quarantine.nextAttempt", async () => {
    const started = await quarantinedWorld("q-fix");
    world = started.world;
    const { clock } = started;
    const { engine, jobId, target, servicePrincipalId } = world;
    await clock.advanceTo(T0 + 5 * 60 * MINUTE);
    const pending = Date.parse(engine.status(jobId).quarantine!.nextAttempt!);
    expect(pending).toBe(T0 + 600 * MINUTE);
    engine.setSecrets(servicePrincipalId, { SecretToken: "the-good-target-token" });
    await clock.advanceTo(pending - 1);
    expect(engine.status(jobId).code).toBe("Quarantine");
    expect(target.store.countUsers()).toBe(0);
    await clock.advanceTo(pending);
    expect(engine.status(jobId)).toMatchObject({ code: "Active", quarantine: null, lastExecution: { state: "Succeeded" } });
    expect(target.store.countUsers()).toBe(12);
    expect(engine.events({ jobId, types: ["quarantineLeft"] })).toMatchObject([{ atMs: pending, data: { reason: "EncounteredQuarantineException", by: "cycle" } }]);
    expect(engine.nextCycleAt(jobId)).toBe(pending + 40 * MINUTE);
  });
});

describe("credential failures the cycle notices on its own", () => {
  it("most calls of a completed cycle answered 401/403 quarantine it; an unreachable target too", async () => {
    const clock = new VirtualClock({ start: T0 });
    // A long failure run allowed, so that the cycle completes and its share of 403s is what counts.
    world = await startEngineWorld({ users: 16, seed: "q-most", clock, job: { start: true, abortAfterConsecutiveFailures: 1000 } });
    const { engine, jobId } = world;
    let n = 0;
    // Three of every four users' lookups refused: 12 refused calls of 20 (60%).
    world.intercept((req) => (req.method === "GET" && n++ % 4 !== 3 ? { status: 403, headers: { "content-type": "application/scim+json" }, body: { status: "403" } } : null));
    const outcome = await clock.runUntil(engine.runCycle(jobId));
    expect(outcome.result).toBe("completed");
    expect(outcome.counts.credentialRejections / outcome.counts.requests).toBeGreaterThan(0.5);
    expect(engine.status(jobId).quarantine).toMatchObject({
      reason: "EncounteredQuarantineException",
      error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure" },
    });

    world.intercept(() => null);
    await world.target.stop();
    await engine.start();
    await clock.advanceBy(40 * MINUTE);
    expect(engine.status(jobId).quarantine).toMatchObject({
      reason: "EncounteredQuarantineException",
      seriesCount: 1,
      error: { code: "SystemForCrossDomainIdentityManagementServiceUnreachable" },
    });
    expect(engine.nextCycleAt(jobId)).toBe(T0 + 40 * MINUTE + 80 * MINUTE);
    await world.target.start();
    await clock.advanceBy(80 * MINUTE + HOUR);
    expect(engine.status(jobId)).toMatchObject({ code: "Active", quarantine: null });
  });
});
