import { afterEach, describe, expect, it } from "vitest";
import { count, startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("engine against the simulator over loopback HTTP", () => {
  it("initial cycle: query before create, every user and group created once, members added, status Active", async () => {
    world = await startEngineWorld({ users: 40, groups: 3, seed: "initial" });
    const { engine, target, jobId, requests } = world;
    const outcome = await engine.runCycle(jobId);

    expect(outcome).toMatchObject({ kind: "initial", result: "completed" });
    expect(target.store.countUsers()).toBe(40);
    expect(target.store.countGroups()).toBe(3);
    // Query before create: one filter GET per user, then one POST.
    expect(count(requests, "GET", "/Users")).toBe(40);
    expect(count(requests, "POST", "/Users")).toBe(40);
    expect(requests.filter((r) => r.method === "GET" && r.path === "/Groups").every((r) => r.query.includes("excludedAttributes=members"))).toBe(true);
    // Groups are created without members; members follow by PATCH.
    const groupPosts = requests.filter((r) => r.method === "POST" && r.path === "/Groups");
    expect(groupPosts.every((r) => (r.body as Record<string, unknown>).members === undefined)).toBe(true);
    for (const group of engine.directory.listGroups()) {
      const remote = target.store.listGroups(`displayName eq "${group.displayName}"`)[0]!;
      expect(((remote.members as unknown[]) ?? []).length).toBe(group.memberIds.length);
    }
    // Managers resolved to target ids.
    const withManager = engine.directory.listUsers().filter((u) => u.managerId);
    for (const user of withManager.slice(0, 5)) {
      const remote = target.store.findUserByUserName(user.userPrincipalName)!;
      const manager = engine.directory.getUser(user.managerId!)!;
      const remoteManager = target.store.findUserByUserName(manager.userPrincipalName)!;
      const ext = remote["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as { manager?: { value: string } };
      expect(ext.manager?.value).toBe(remoteManager.id);
    }

    const status = engine.status(jobId);
    expect(status.code).toBe("Active");
    expect(status.lastExecution).toMatchObject({ state: "Succeeded", countExported: 43, countImported: 43 });
    expect(status.synchronizedEntryCountByType).toEqual([{ key: "User", value: 40 }, { key: "Group", value: 3 }]);
    const creates = engine.provisioningLogs({ filter: `jobId eq '${jobId}' and provisioningAction eq 'create'`, top: 1000 });
    expect(creates.value.filter((r) => r.sourceIdentity.identityType === "User")).toHaveLength(40);
    expect(creates.value.every((r) => r.provisioningStatusInfo.status === "success")).toBe(true);
  });

  it("a second initial cycle (after Watermark reset) matches every object and skips them as redundant", async () => {
    world = await startEngineWorld({ users: 10, seed: "redundant" });
    const { engine, jobId, requests, target } = world;
    await engine.runCycle(jobId);
    await engine.restartJob(jobId, "Watermark");
    requests.length = 0;
    const outcome = await engine.runCycle(jobId);
    expect(outcome.kind).toBe("initial");
    expect(count(requests, "GET", "/Users")).toBe(10);
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(outcome.counts.skipped).toBe(10);
    expect(target.store.countUsers()).toBe(10);
    const skipped = engine.provisioningLogs({ filter: `cycleId eq '${outcome.cycleId}'` });
    expect(skipped.value.every((r) => r.provisioningStatusInfo.errorInformation?.errorCode === "RedundantExport")).toBe(true);
  });
});
