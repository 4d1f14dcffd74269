import { describe, expect, it } from "vitest";
import { isValidUserPrincipalName } from "./directory-input";
import { freshDirectory } from "./test-directory";

describe("generate", () => {
  it("makes the same directory from the same seed, and another from another seed", () => {
    const a = freshDirectory().directory;
    const b = freshDirectory().directory;
    const c = freshDirectory().directory;
    a.generate({ users: 200, groups: 10, seed: "acme" });
    b.generate({ users: 200, groups: 10, seed: "acme" });
    c.generate({ users: 200, groups: 10, seed: "other" });
    expect(b.exportJson()).toEqual(a.exportJson());
    expect(c.exportJson().users.map((u) => u.id)).not.toEqual(a.exportJson().users.map((u) => u.id));
  });

  it("makes Entra-like users: distinct valid UPNs, nicknames, earlier managers", () => {
    const { directory } = freshDirectory();
    const { users } = directory.generate({ users: 3000, groups: 0, seed: 11 });
    const upns = users.map((u) => u.userPrincipalName.toLowerCase());
    expect(new Set(upns).size).toBe(users.length);
    const index = new Map(users.map((u, i) => [u.id, i]));
    users.forEach((user, i) => {
      expect(isValidUserPrincipalName(user.userPrincipalName), user.userPrincipalName).toBe(true);
      expect(user.userPrincipalName).toMatch(/^[a-z0-9]+\.[a-z0-9]+\d*@contoso\.example$/);
      expect(user.userPrincipalName.startsWith(`${user.mailNickname}@`)).toBe(true);
      expect(user.displayName).toBe(`${user.givenName} ${user.surname}`);
      if (user.managerId !== null) expect(index.get(user.managerId)!).toBeLessThan(i);
    });
    expect(users.filter((u) => u.managerId !== null).length).toBeGreaterThan(users.length * 0.7);
    expect(new Set(users.map((u) => u.department)).size).toBeGreaterThan(5);
    expect(users.some((u) => !u.accountEnabled)).toBe(true);
    expect(users.some((u) => u.mail === null)).toBe(true);
  });

  it("fills groups with distinct members and assigns everything when asked", () => {
    const { directory } = freshDirectory();
    const { users, groups } = directory.generate({ users: 400, groups: 8, seed: 5, assignTo: "sp" });
    expect(new Set(groups.map((g) => g.displayName.toLowerCase())).size).toBe(8);
    for (const group of groups) {
      expect(group.memberIds).toHaveLength(50);
      expect(new Set(group.memberIds).size).toBe(50);
      expect(directory.getGroup(group.id)).toEqual(group);
    }
    expect(directory.listAssignments("sp")).toHaveLength(408);
    expect(directory.isAssigned("sp", users[123]!.id)).toBe(true);
    expect(directory.generate({ users: 8, groups: 2, seed: 6, membersPerGroup: 3 }).groups[0]!.memberIds).toHaveLength(3);
  });

  it("keeps names unique when generating into a non-empty directory", () => {
    const { directory } = freshDirectory();
    directory.generate({ users: 500, groups: 20, seed: 1 });
    directory.generate({ users: 500, groups: 20, seed: 2 });
    const all = directory.listUsers().map((u) => u.userPrincipalName.toLowerCase());
    expect(new Set(all).size).toBe(1000);
    expect(new Set(directory.listGroups().map((g) => g.displayName.toLowerCase())).size).toBe(40);
  });

  it("refuses to generate the same seed twice into one directory, writing nothing", () => {
    const { directory } = freshDirectory();
    directory.generate({ users: 10, groups: 1, seed: 1 });
    const before = directory.exportJson();
    expect(() => directory.generate({ users: 10, groups: 1, seed: 1 })).toThrow(expect.objectContaining({ code: "Conflict" }));
    expect(directory.exportJson()).toEqual(before);
  });

  it("rejects nonsense counts", () => {
    const { directory } = freshDirectory();
    expect(() => directory.generate({ users: -1, groups: 0, seed: 1 })).toThrow(/users: expected a whole number/);
    expect(() => directory.generate({ users: 1, groups: 1.5, seed: 1 })).toThrow(/groups: expected a whole number/);
  });
});
