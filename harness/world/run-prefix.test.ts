import { describe, expect, it } from "vitest";
import { RunPrefix } from "./run-prefix";

describe("the run prefix", () => {
  const prefix = new RunPrefix("scimlab-0a1b2c3d-");

  it("is unique per world and valid at the start of a userName", () => {
    const a = RunPrefix.random();
    expect(a.value).toMatch(/^scimlab-[0-9a-f]{12}-$/);
    expect(RunPrefix.random("ci").value).toMatch(/^ci-[0-9a-f]{12}-$/);
    // Worlds of one run share its six-digit run id, and nothing more.
    const [b, c] = [RunPrefix.random("ci", "abc123"), RunPrefix.random("ci", "abc123")];
    expect(b.value).toMatch(/^ci-abc123[0-9a-f]{6}-$/);
    expect(b.value).not.toBe(c.value);
    expect(a.value).not.toBe(RunPrefix.random().value);
  });

  it("is added once, to the unique attributes of new and renamed objects, and stripped for the scenario", () => {
    expect(prefix.add("bob@example.com")).toBe("scimlab-0a1b2c3d-bob@example.com");
    expect(prefix.add(prefix.add("bob@example.com"))).toBe("scimlab-0a1b2c3d-bob@example.com");
    expect(prefix.strip("SCIMLAB-0A1B2C3D-Bob@example.com")).toBe("Bob@example.com");
    expect(prefix.strip("alice@example.com")).toBe("alice@example.com");
    const edit = prefix.edit({ edit: "createUser", user: { userPrincipalName: "new@example.com", mail: "new@example.com", displayName: "New" }, assigned: true });
    expect(edit).toEqual({
      edit: "createUser",
      user: { userPrincipalName: "scimlab-0a1b2c3d-new@example.com", mail: "scimlab-0a1b2c3d-new@example.com", displayName: "New" },
      assigned: true,
    });
    expect(prefix.edit({ edit: "updateGroup", id: "g1", set: { displayName: "Admins", description: "d" } })).toEqual({
      edit: "updateGroup",
      id: "g1",
      set: { displayName: "scimlab-0a1b2c3d-Admins", description: "d" },
    });
    expect(prefix.edit({ edit: "updateUser", id: "u1", set: { jobTitle: "Boss" } })).toEqual({ edit: "updateUser", id: "u1", set: { jobTitle: "Boss" } });
  });

  it("shows resources, expected keys and log identities without it", () => {
    const stored = {
      schemas: [],
      id: "1",
      userName: "scimlab-0a1b2c3d-bob@example.com",
      externalId: "scimlab-0a1b2c3d-bob",
      emails: [{ type: "work", value: "scimlab-0a1b2c3d-bob@example.com" }],
      displayName: "Bob",
    };
    expect(prefix.resource(stored)).toEqual({ ...stored, userName: "bob@example.com", externalId: "bob", emails: [{ type: "work", value: "bob@example.com" }] });
    const expected = prefix.expected({ userKey: "userName", users: [{ key: "scimlab-0a1b2c3d-bob@example.com", active: true }], groupKey: "displayName", groups: [{ key: "scimlab-0a1b2c3d-Admins" }] });
    expect(expected.users).toEqual([{ key: "bob@example.com", active: true }]);
    expect(expected.groups).toEqual([{ key: "Admins" }]);
  });

  it("prefixes names a fault filter compares with eq or sw, and nothing else", () => {
    expect(prefix.filter('userName eq "stuck@example.com" and title eq "x"')).toBe('userName eq "scimlab-0a1b2c3d-stuck@example.com" and title eq "x"');
    expect(prefix.filter('displayName sw "Sales" or emails.value eq "a@b.c"')).toBe('displayName sw "scimlab-0a1b2c3d-Sales" or emails.value eq "scimlab-0a1b2c3d-a@b.c"');
    expect(prefix.filter('userName co "stuck"')).toBe('userName co "stuck"');
  });
});
