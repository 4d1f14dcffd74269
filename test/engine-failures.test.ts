import { afterEach, describe, expect, it } from "vitest";
import { SCHEMA } from "../scim/types";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const status = (code: number) => ({ status: code, headers: { "content-type": "application/scim+json" }, body: { schemas: [SCHEMA.error], status: String(code) } });

describe("cycles that cannot talk to the target", () => {
  it("credentials rejected on every call: the cycle fails as a whole, nothing is escrowed, the watermark stays", async () => {
    world = await startEngineWorld({ users: 30, seed: "fail-401" });
    const { engine, jobId } = world;
    world.intercept(() => status(401));
    const outcome = await engine.runCycle(jobId);
    expect(outcome).toMatchObject({ result: "failed", error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure", tenantActionable: true } });
    // It stopped after the configured run of failures instead of trying all 30.
    expect(outcome.counts.requests).toBeLessThan(30);
    expect(outcome.counts.credentialRejections).toBe(outcome.counts.requests);
    expect(outcome.counts.credentialFailures).toBeGreaterThanOrEqual(10);
    expect(engine.escrows(jobId)).toEqual([]);
    const job = engine.jobs.job(jobId);
    expect(job.watermark).toBeNull();
    expect(job.status.countSuccessiveCompleteFailures).toBe(1);
    expect(engine.status(jobId).lastExecution).toMatchObject({ state: "Failed", error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure" } });
    const failures = engine.provisioningLogs({ filter: `cycleId eq '${outcome.cycleId}' and provisioningStatusInfo/status eq 'failure'` }).value;
    expect(failures[0]!.provisioningStatusInfo.errorInformation?.errorCode).toBe("Unauthorized");

    // The cause gone, the next cycle (initial again) provisions everyone.
    world.intercept(() => null);
    const next = await engine.runCycle(jobId);
    expect(next).toMatchObject({ kind: "initial", result: "completed" });
    expect(world.target.store.countUsers()).toBe(30);
    expect(engine.jobs.job(jobId).status.countSuccessiveCompleteFailures).toBe(0);
  });

  it("an unreachable target fails the cycle with ServiceUnreachable", async () => {
    world = await startEngineWorld({ users: 12, seed: "fail-down" });
    await world.target.stop();
    const outcome = await world.engine.runCycle(world.jobId);
    expect(outcome).toMatchObject({ result: "failed", error: { code: "SystemForCrossDomainIdentityManagementServiceUnreachable" } });
    expect(outcome.counts.unreachableFailures).toBeGreaterThanOrEqual(10);
    expect(world.engine.escrows(world.jobId)).toEqual([]);
    await world.target.start();
  });

  it("a few rejected objects among successes are escrowed like any other entry-level error", async () => {
    world = await startEngineWorld({ users: 20, seed: "fail-some" });
    const { engine, jobId } = world;
    const victims = new Set(engine.directory.listUsers().slice(0, 3).map((u) => u.userPrincipalName));
    world.intercept((req) => (req.method === "POST" && victims.has((req.body as { userName: string }).userName) ? status(403) : null));
    const outcome = await engine.runCycle(jobId);
    expect(outcome).toMatchObject({ result: "completed" });
    expect(outcome.counts).toMatchObject({ failures: 3, credentialFailures: 3, credentialRejections: 3, creates: 17 });
    expect(engine.escrows(jobId).map((e) => e.errorCode)).toEqual(["InsufficientRights", "InsufficientRights", "InsufficientRights"]);
    expect(engine.status(jobId).lastExecution).toMatchObject({ state: "EntryLevelErrors", countEscrowed: 3 });
  });
});

describe("accidental-deletion hook", () => {
  it("holds planned deletes and disables: logged as stagedDelete, nothing sent, watermark kept", async () => {
    let planned = -1;
    world = await startEngineWorld({
      users: 10,
      seed: "hold",
      engine: {
        holdDeletions: (_job, count) => {
          planned = count;
          return count >= 3;
        },
      },
    });
    const { engine, jobId, requests, servicePrincipalId } = world;
    await engine.runCycle(jobId);
    expect(planned).toBe(-1); // nothing to delete: the hook is not asked
    const watermark = engine.jobs.job(jobId).watermark;
    const users = engine.directory.listUsers().filter((u) => !engine.directory.listUsers().some((o) => o.managerId === u.id));
    engine.directory.deleteUser(users[0]!.id, { hard: true });
    engine.directory.unassign(servicePrincipalId, users[1]!.id);
    engine.directory.deleteUser(users[2]!.id);
    requests.length = 0;
    const outcome = await engine.runCycle(jobId);
    expect(planned).toBe(3);
    expect(outcome.deletions).toEqual({ planned: 3, held: true });
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    const staged = engine.provisioningLogs({ filter: `cycleId eq '${outcome.cycleId}' and provisioningAction eq 'stagedDelete'` }).value;
    expect(staged).toHaveLength(3);
    expect(engine.jobs.job(jobId).watermark).toBe(watermark);
  });
});
