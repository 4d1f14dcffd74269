import { describe, expect, it } from "vitest";
import { freshDirectory } from "./test-directory";
import type { SourceChange } from "./types";

const summary = (changes: SourceChange[]) => changes.map((c) => `${c.kind}:${c.id}${c.hardDeleted ? ":deleted" : ""}`);

describe("changesSince", () => {
  it("reports nothing right after the watermark it hands out", () => {
    const { directory } = freshDirectory();
    directory.generate({ users: 5, groups: 1, seed: 3 });
    const page = directory.changesSince(directory.watermark());
    expect(page.changes).toEqual([]);
    expect(page.watermark).toBe(directory.watermark());
  });

  it("reports everything from the initial token, users before groups", () => {
    const { directory } = freshDirectory();
    const start = directory.watermark();
    expect(start).toBe("d1.0");
    directory.createGroup({ id: "g", displayName: "G" });
    directory.createUser({ id: "u", userPrincipalName: "u@contoso.example" });
    expect(summary(directory.changesSince(start).changes)).toEqual(["user:u", "group:g"]);
  });

  it("reports each changed object once, in its latest state", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "a", userPrincipalName: "a@contoso.example" });
    directory.createUser({ id: "b", userPrincipalName: "b@contoso.example" });
    const mark = directory.watermark();
    directory.updateUser("a", { jobTitle: "One" });
    directory.updateUser("a", { jobTitle: "Two" });
    const page = directory.changesSince(mark);
    expect(summary(page.changes)).toEqual(["user:a"]);
    expect(page.changes[0]!.object).toMatchObject({ jobTitle: "Two" });
    expect(directory.changesSince(page.watermark).changes).toEqual([]);
  });

  it("does not report an update that changes nothing", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "a", userPrincipalName: "a@contoso.example", jobTitle: "Same" });
    const mark = directory.watermark();
    directory.updateUser("a", { jobTitle: "Same" });
    expect(directory.changesSince(mark).changes).toEqual([]);
    expect(directory.watermark()).toBe(mark);
  });

  it("reports soft deletion with the object and hard deletion as a tombstone", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "soft", userPrincipalName: "s@contoso.example" });
    directory.createUser({ id: "hard", userPrincipalName: "h@contoso.example" });
    directory.createGroup({ id: "g", displayName: "G" });
    const mark = directory.watermark();
    directory.deleteUser("soft");
    directory.deleteUser("hard", { hard: true });
    directory.deleteGroup("g", { hard: true });
    const changes = directory.changesSince(mark).changes;
    expect(summary(changes)).toEqual(["user:soft", "user:hard:deleted", "group:g:deleted"]);
    expect(changes[0]!.object).toMatchObject({ softDeleted: true });
    expect(changes[1]!.object).toBeNull();
  });

  it("forgets the tombstone when the id comes back", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "x", userPrincipalName: "x@contoso.example" });
    const mark = directory.watermark();
    directory.deleteUser("x", { hard: true });
    directory.createUser({ id: "x", userPrincipalName: "x2@contoso.example" });
    const changes = directory.changesSince(mark).changes;
    expect(summary(changes)).toEqual(["user:x"]);
    expect(changes[0]!.object).toMatchObject({ userPrincipalName: "x2@contoso.example" });
  });

  it("reports membership changes as a change of the group, and of the user when the group is assigned", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "u", userPrincipalName: "u@contoso.example" });
    directory.createGroup({ id: "plain", displayName: "Plain" });
    directory.createGroup({ id: "assigned", displayName: "Assigned" });
    directory.assign("sp", "assigned");
    let mark = directory.watermark();
    directory.addMember("plain", "u");
    expect(summary(directory.changesSince(mark).changes)).toEqual(["group:plain"]);
    mark = directory.watermark();
    directory.addMember("assigned", "u");
    const page = directory.changesSince(mark);
    expect(summary(page.changes)).toEqual(["user:u", "group:assigned"]);
    expect(page.changes[1]!.object).toMatchObject({ memberIds: ["u"] });
    mark = directory.watermark();
    directory.removeMember("assigned", "u");
    expect(summary(directory.changesSince(mark).changes)).toEqual(["user:u", "group:assigned"]);
  });

  it("reports assignment changes as a change of the principal (and of a group's members)", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "a", userPrincipalName: "a@contoso.example" });
    directory.createUser({ id: "b", userPrincipalName: "b@contoso.example" });
    directory.createUser({ id: "c", userPrincipalName: "c@contoso.example" });
    directory.createGroup({ id: "g", displayName: "G", memberIds: ["b"] });
    let mark = directory.watermark();
    directory.assign("sp", "a");
    expect(summary(directory.changesSince(mark).changes)).toEqual(["user:a"]);
    mark = directory.watermark();
    directory.assign("sp", "g");
    expect(summary(directory.changesSince(mark).changes)).toEqual(["user:b", "group:g"]);
    mark = directory.watermark();
    directory.unassign("sp", "a");
    expect(summary(directory.changesSince(mark).changes)).toEqual(["user:a"]);
  });

  it("reports the groups and reports of a hard-deleted user", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "boss", userPrincipalName: "boss@contoso.example" });
    directory.createUser({ id: "report", userPrincipalName: "r@contoso.example", managerId: "boss" });
    directory.createGroup({ id: "g", displayName: "G", memberIds: ["boss"] });
    const mark = directory.watermark();
    directory.deleteUser("boss", { hard: true });
    const changes = directory.changesSince(mark).changes;
    expect(summary(changes)).toEqual(["user:report", "group:g", "user:boss:deleted"]);
    expect(changes[0]!.object).toMatchObject({ managerId: null });
    expect(changes[1]!.object).toMatchObject({ memberIds: [] });
  });

  it("rejects tokens it never issued", () => {
    const { directory } = freshDirectory();
    directory.createUser({ userPrincipalName: "a@contoso.example" });
    for (const token of ["", "garbage", "d1.", "d1.-1", "d1.01", "d2.1", "d1.99", 42]) {
      expect(() => directory.changesSince(token as string), String(token)).toThrow(
        expect.objectContaining({ code: "InvalidDeltaToken", message: expect.stringContaining("initial") }),
      );
    }
  });
});
