import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import { SCHEMA } from "../scim/types";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const serverError = { status: 500, headers: { "content-type": "application/scim+json" }, body: { schemas: [SCHEMA.error], status: "500", detail: "database locked" } };

describe("escrows (section 2) on a virtual clock, scheduler on", () => {
  it("retries a failing object 6 h, 12 h, 24 h, then every 24 h after its first failure, and clears it once it succeeds", async () => {
    const clock = new VirtualClock({ start: T0 });
    world = await startEngineWorld({ users: 5, seed: "escrow", clock, job: { start: true } });
    const { engine, target, jobId, requests } = world;
    const victim = engine.directory.listUsers()[2]!;
    let failing = true;
    world.intercept((req) =>
      failing && req.method === "POST" && req.path === "/Users" && (req.body as { userName?: string })?.userName === victim.userPrincipalName ? serverError : null,
    );
    await engine.start();
    await clock.advanceBy(49 * HOUR);

    const attempts = requests.filter((r) => r.method === "POST" && (r.body as { userName?: string }).userName === victim.userPrincipalName).map((r) => r.at - T0);
    expect(attempts).toEqual([0, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR]);
    expect(target.store.countUsers()).toBe(4);
    const [escrow] = engine.escrows(jobId);
    expect(escrow).toMatchObject({ sourceId: victim.id, attempts: 5, errorCode: "InternalServerError", firstFailedAt: T0, nextRetryAt: T0 + 72 * HOUR });
    // Cycles ran every 40 minutes all along; each counts the escrow.
    expect(engine.status(jobId).lastExecution).toMatchObject({ countEscrowed: 1, state: "Succeeded" });
    const failures = engine.provisioningLogs({ filter: "provisioningStatusInfo/status eq 'failure'" }).value;
    expect(failures).toHaveLength(5);
    expect(failures[0]!.provisioningStatusInfo.errorInformation).toMatchObject({ errorCode: "InternalServerError", additionalDetails: "database locked" });

    failing = false;
    await clock.advanceBy(24 * HOUR);
    expect(target.store.findUserByUserName(victim.userPrincipalName)).toBeDefined();
    expect(engine.escrows(jobId)).toEqual([]);
    expect(engine.status(jobId).lastExecution?.countEscrowed).toBe(0);
  });

  it("drops an escrow older than 28 days", async () => {
    const clock = new VirtualClock({ start: T0 });
    world = await startEngineWorld({ users: 3, seed: "escrow-drop", clock, job: { start: true, interval: "1d" } });
    const { engine, jobId } = world;
    const victim = engine.directory.listUsers()[0]!;
    world.intercept((req) => (req.method === "POST" && (req.body as { userName?: string })?.userName === victim.userPrincipalName ? serverError : null));
    await engine.start();
    await clock.advanceBy(28 * DAY);
    expect(engine.escrows(jobId)).toHaveLength(1);
    await clock.advanceBy(DAY + MINUTE);
    expect(engine.escrows(jobId)).toEqual([]);
  });

  it("retries a 429 inside the cycle after Retry-After instead of escrowing", async () => {
    const clock = new VirtualClock({ start: T0 });
    world = await startEngineWorld({ users: 2, seed: "escrow-429", clock });
    const { engine, jobId, requests, target } = world;
    let throttled = 2;
    world.intercept((req) => (req.method === "POST" && req.path === "/Users" && throttled-- > 0 ? { status: 429, headers: { "retry-after": "30" }, body: { schemas: [SCHEMA.error], status: "429" } } : null));
    const outcome = await clock.runUntil(engine.runCycle(jobId));
    expect(outcome.counts.failures).toBe(0);
    expect(engine.escrows(jobId)).toEqual([]);
    expect(target.store.countUsers()).toBe(2);
    const posts = requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => r.status)).toEqual(expect.arrayContaining([429, 429, 201, 201]));
    expect(clock.now() - T0).toBeGreaterThanOrEqual(30_000);
  });
});
