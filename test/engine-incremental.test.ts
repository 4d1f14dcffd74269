import { afterEach, describe, expect, it } from "vitest";
import type { SourceUser } from "../engine/directory/types";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Users that manage nobody and belong to no group: their changes touch nothing else. */
function loners(world: EngineWorld): SourceUser[] {
  const users = world.engine.directory.listUsers();
  const managers = new Set(users.map((u) => u.managerId).filter(Boolean));
  const members = new Set(world.engine.directory.listGroups().flatMap((g) => g.memberIds));
  return users.filter((u) => !managers.has(u.id) && !members.has(u.id));
}

describe("incremental cycles reach the target with the minimal requests", () => {
  for (const dialect of ["entra-2017", "entra-2020"] as const) {
    it(`update, disable, unassign, hard delete and membership changes (${dialect})`, async () => {
      world = await startEngineWorld({ users: 60, groups: 2, seed: `incremental-${dialect}`, job: { dialect } });
      const { engine, target, jobId, servicePrincipalId: sp, requests } = world;
      await engine.runCycle(jobId);
      const dir = engine.directory;
      const [updated, disabled, unassigned, deleted] = loners(world);
      const [groupA, groupB] = dir.listGroups();
      const joiner = loners(world)[4]!;
      const leaver = groupB!.memberIds.find((id) => !dir.listUsers().some((u) => u.managerId === id))!;
      const remote = (upn: string) => target.store.findUserByUserName(upn)!;
      const deletedRemoteId = remote(deleted!.userPrincipalName).id;
      const leaverRemoteId = remote(dir.getUser(leaver)!.userPrincipalName).id;

      dir.updateUser(updated!.id, { displayName: "Renamed Person" });
      dir.updateUser(disabled!.id, { accountEnabled: false });
      dir.unassign(sp, unassigned!.id);
      dir.deleteUser(deleted!.id, { hard: true });
      dir.addMember(groupA!.id, joiner.id);
      dir.removeMember(groupB!.id, leaver);
      requests.length = 0;

      const outcome = await engine.runCycle(jobId);
      expect(outcome).toMatchObject({ kind: "incremental", result: "completed" });
      const writes = requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`).sort();
      const id = (u: SourceUser) => remote(u.userPrincipalName).id;
      const groupId = (name: string) => target.store.listGroups(`displayName eq "${name}"`)[0]!.id;
      expect(writes).toEqual(
        [
          `PATCH /Users/${id(updated!)}`,
          `PATCH /Users/${id(disabled!)}`,
          `PATCH /Users/${id(unassigned!)}`,
          `DELETE /Users/${deletedRemoteId}`,
          `PATCH /Groups/${groupId(groupA!.displayName)}`,
          `PATCH /Groups/${groupId(groupB!.displayName)}`,
        ].sort(),
      );
      // The connector data store knows every target id and value: nothing needs to be read.
      expect(requests.filter((r) => r.method === "GET")).toEqual([]);

      const body = (path: string) => requests.find((r) => r.method === "PATCH" && r.path === path)!.body as { Operations: unknown[] };
      if (dialect === "entra-2017") {
        expect(body(`/Users/${id(updated!)}`).Operations).toEqual([{ op: "Replace", path: "displayName", value: "Renamed Person" }]);
        expect(body(`/Users/${id(disabled!)}`).Operations).toEqual([{ op: "Replace", path: "active", value: "False" }]);
        expect(body(`/Groups/${groupId(groupB!.displayName)}`).Operations).toEqual([{ op: "Remove", path: "members", value: [{ value: leaverRemoteId }] }]);
      } else {
        expect(body(`/Users/${id(updated!)}`).Operations).toEqual([{ op: "replace", value: { displayName: "Renamed Person" } }]);
        expect(body(`/Users/${id(disabled!)}`).Operations).toEqual([{ op: "replace", value: { active: false } }]);
        expect(body(`/Groups/${groupId(groupB!.displayName)}`).Operations).toEqual([{ op: "remove", path: `members[value eq "${leaverRemoteId}"]` }]);
      }

      expect(remote(updated!.userPrincipalName).displayName).toBe("Renamed Person");
      expect(remote(disabled!.userPrincipalName).active).toBe(false);
      expect(remote(unassigned!.userPrincipalName).active).toBe(false);
      expect(target.store.getUser(deletedRemoteId)).toBeUndefined();
      const members = (name: string) => ((target.store.listGroups(`displayName eq "${name}"`)[0]!.members as Array<{ value: string }>) ?? []).map((m) => m.value);
      expect(members(groupA!.displayName)).toContain(id(joiner));
      expect(members(groupB!.displayName)).not.toContain(leaverRemoteId);

      const actions = engine
        .provisioningLogs({ filter: `cycleId eq '${outcome.cycleId}' and provisioningStatusInfo/status eq 'success'` })
        .value.map((r) => `${r.provisioningAction} ${r.sourceIdentity.identityType}`)
        .sort();
      expect(actions).toEqual(["delete User", "disable User", "disable User", "update Group", "update Group", "update User"]);

      // Nothing changed since: the next cycle sends only the connection test (a filter on a random
      // userName, which must match nothing), so that expired credentials show even when all is quiet.
      requests.length = 0;
      await engine.runCycle(jobId);
      expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /Users 200"]);
      expect(requests[0]!.query).toMatch(/filter=userName eq "[0-9a-f-]{36}"/);
    });
  }

  it("an update whose target object vanished matches again and re-creates it", async () => {
    world = await startEngineWorld({ users: 8, seed: "incremental-vanished" });
    const { engine, target, jobId, requests } = world;
    await engine.runCycle(jobId);
    const [user] = loners(world);
    target.store.deleteUser(target.store.findUserByUserName(user!.userPrincipalName)!.id);
    engine.directory.updateUser(user!.id, { jobTitle: "Rehired" });
    requests.length = 0;
    const outcome = await engine.runCycle(jobId);
    expect(requests.map((r) => `${r.method} ${r.path.replace(/^(\/\w+)\/.+$/, "$1/{id}")} ${r.status}`)).toEqual([
      "PATCH /Users/{id} 404",
      "GET /Users 200",
      "POST /Users 201",
    ]);
    expect(outcome.counts).toMatchObject({ creates: 1, failures: 0 });
    expect(target.store.findUserByUserName(user!.userPrincipalName)?.title).toBe("Rehired");
  });
});
