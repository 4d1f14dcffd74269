import { describe, expect, it } from "vitest";
import { openDatabase } from "../state/database";
import { DirectoryError } from "./directory-error";
import { directoryMigrations } from "./directory-schema";
import { SqliteDirectory } from "./sqlite-directory";
import { freshDirectory } from "./test-directory";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DirectoryError) return error.code;
    throw error;
  }
  return undefined;
}

describe("SqliteDirectory users", () => {
  it("creates a user with Entra defaults and reads it back", () => {
    const { directory } = freshDirectory();
    const user = directory.createUser({ userPrincipalName: "ada.lovelace@contoso.example", givenName: "Ada", surname: "Lovelace" });
    expect(user).toMatchObject({
      userPrincipalName: "ada.lovelace@contoso.example",
      mailNickname: "ada.lovelace",
      displayName: "Ada Lovelace",
      accountEnabled: true,
      mail: null,
      managerId: null,
      softDeleted: false,
    });
    expect(directory.getUser(user.id)).toEqual(user);
    expect(directory.listUsers()).toEqual([user]);
    expect(directory.userCount()).toBe(1);
  });

  it("updates only what the patch names and keeps ids stable", () => {
    const { directory } = freshDirectory();
    const boss = directory.createUser({ userPrincipalName: "boss@contoso.example" });
    const user = directory.createUser({ id: "u1", userPrincipalName: "u1@contoso.example", department: "Sales" });
    const updated = directory.updateUser("u1", { jobTitle: "Engineer", managerId: boss.id });
    expect(updated).toEqual({ ...user, jobTitle: "Engineer", managerId: boss.id });
    expect(directory.getUser("u1")).toEqual(updated);
  });

  it("lists users in id order", () => {
    const { directory } = freshDirectory();
    for (const id of ["c", "a", "b"]) directory.createUser({ id, userPrincipalName: `${id}@contoso.example` });
    expect(directory.listUsers().map((u) => u.id)).toEqual(["a", "b", "c"]);
  });

  it("soft-deletes, restores and hard-deletes", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "u1", userPrincipalName: "u1@contoso.example" });
    directory.deleteUser("u1");
    expect(directory.getUser("u1")?.softDeleted).toBe(true);
    expect(directory.listUsers()).toHaveLength(1);
    expect(directory.restoreUser("u1").softDeleted).toBe(false);
    directory.deleteUser("u1", { hard: true });
    expect(directory.getUser("u1")).toBeUndefined();
    expect(directory.userCount()).toBe(0);
  });

  it("clears the manager of reports when the manager is hard-deleted", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "m", userPrincipalName: "m@contoso.example" });
    directory.createUser({ id: "r", userPrincipalName: "r@contoso.example", managerId: "m" });
    directory.deleteUser("m", { hard: true });
    expect(directory.getUser("r")?.managerId).toBeNull();
  });

  it("refuses bad input with stable codes and writes nothing", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "u1", userPrincipalName: "taken@contoso.example" });
    const before = directory.watermark();
    expect(codeOf(() => directory.createUser({ userPrincipalName: "TAKEN@contoso.example" }))).toBe("Conflict");
    expect(codeOf(() => directory.createUser({ id: "u1", userPrincipalName: "other@contoso.example" }))).toBe("Conflict");
    expect(codeOf(() => directory.createUser({ userPrincipalName: "not an address" }))).toBe("InvalidValue");
    expect(codeOf(() => directory.createUser({ userPrincipalName: "x@contoso.example", managerId: "nobody" }))).toBe("NotFound");
    expect(codeOf(() => directory.updateUser("nobody", { jobTitle: "x" }))).toBe("NotFound");
    expect(codeOf(() => directory.updateUser("u1", { managerId: "u1" }))).toBe("InvalidValue");
    expect(codeOf(() => directory.updateUser("u1", { accountEnabled: "yes" as unknown as boolean }))).toBe("InvalidValue");
    expect(codeOf(() => directory.updateUser("u1", { shoeSize: 9 } as never))).toBe("InvalidValue");
    expect(codeOf(() => directory.deleteUser("nobody"))).toBe("NotFound");
    expect(codeOf(() => directory.restoreUser("u1"))).toBe("Conflict");
    expect(directory.watermark()).toBe(before);
    expect(directory.userCount()).toBe(1);
  });

  it("names the field in validation messages", () => {
    const { directory } = freshDirectory();
    expect(() => directory.createUser({} as never)).toThrow(/userPrincipalName: required/);
    expect(() => directory.createUser({ userPrincipalName: "a@contoso.example", mail: 3 } as never)).toThrow(/mail: expected a string or null/);
  });
});

describe("SqliteDirectory groups, members and assignments", () => {
  it("creates groups with members and changes membership", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "a", userPrincipalName: "a@contoso.example" });
    directory.createUser({ id: "b", userPrincipalName: "b@contoso.example" });
    const group = directory.createGroup({ id: "g", displayName: "Sales Team", memberIds: ["b", "a", "b"] });
    expect(group).toMatchObject({ displayName: "Sales Team", mailNickname: "SalesTeam", memberIds: ["a", "b"] });
    directory.removeMember("g", "a");
    expect(directory.getGroup("g")?.memberIds).toEqual(["b"]);
    directory.addMember("g", "a");
    expect(directory.listGroups()).toEqual([{ ...group, memberIds: ["a", "b"] }]);
    expect(codeOf(() => directory.addMember("g", "a"))).toBe("Conflict");
    expect(codeOf(() => directory.removeMember("g", "nobody"))).toBe("NotFound");
    expect(codeOf(() => directory.addMember("nope", "a"))).toBe("NotFound");
    expect(codeOf(() => directory.createGroup({ displayName: "x", memberIds: ["ghost"] }))).toBe("NotFound");
  });

  it("assigns directly and through groups, and not through deleted groups", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "direct", userPrincipalName: "d@contoso.example" });
    directory.createUser({ id: "member", userPrincipalName: "m@contoso.example" });
    directory.createUser({ id: "outsider", userPrincipalName: "o@contoso.example" });
    directory.createGroup({ id: "g", displayName: "G", memberIds: ["member"] });
    expect(directory.assign("sp", "direct")).toEqual({ servicePrincipalId: "sp", principalId: "direct", principalType: "User" });
    directory.assign("sp", "g");
    expect(directory.isAssigned("sp", "direct")).toBe(true);
    expect(directory.isAssigned("sp", "member")).toBe(true);
    expect(directory.isAssigned("sp", "outsider")).toBe(false);
    expect(directory.isAssigned("other-sp", "member")).toBe(false);
    expect(directory.listAssignments("sp").map((a) => a.principalType)).toEqual(["User", "Group"]);
    directory.deleteGroup("g");
    expect(directory.isAssigned("sp", "member")).toBe(false);
    directory.updateGroup("g", { softDeleted: false });
    expect(directory.isAssigned("sp", "member")).toBe(true);
    directory.unassign("sp", "g");
    expect(directory.isAssigned("sp", "member")).toBe(false);
    expect(codeOf(() => directory.assign("sp", "direct"))).toBe("Conflict");
    expect(codeOf(() => directory.assign("sp", "ghost"))).toBe("NotFound");
    expect(codeOf(() => directory.unassign("sp", "outsider"))).toBe("NotFound");
  });

  it("drops memberships and assignments with a hard-deleted principal", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "a", userPrincipalName: "a@contoso.example" });
    directory.createGroup({ id: "g", displayName: "G", memberIds: ["a"] });
    directory.assign("sp", "a");
    directory.deleteUser("a", { hard: true });
    expect(directory.getGroup("g")?.memberIds).toEqual([]);
    expect(directory.listAssignments("sp")).toEqual([]);
    directory.deleteGroup("g", { hard: true });
    expect(directory.groupCount()).toBe(0);
  });
});

describe("SqliteDirectory persistence and batches", () => {
  it("survives closing and reopening the database file", () => {
    const { directory, db, file } = freshDirectory();
    directory.generate({ users: 20, groups: 3, seed: 1, assignTo: "sp" });
    const snapshot = directory.exportJson();
    const watermark = directory.watermark();
    db.close();
    const reopened = new SqliteDirectory(openDatabase(file, directoryMigrations));
    expect(reopened.exportJson()).toEqual(snapshot);
    expect(reopened.watermark()).toBe(watermark);
  });

  it("rolls a failed batch back completely", () => {
    const { directory } = freshDirectory();
    expect(() =>
      directory.batch(() => {
        directory.createUser({ id: "a", userPrincipalName: "a@contoso.example" });
        directory.createUser({ id: "b", userPrincipalName: "A@contoso.example" });
      }),
    ).toThrow(DirectoryError);
    expect(directory.userCount()).toBe(0);
    expect(directory.watermark()).toBe("d1.0");
  });
});
