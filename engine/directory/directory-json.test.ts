import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { freshDirectory } from "./test-directory";

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.problem}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("exportJson / importJson", () => {
  it("round-trips a whole directory into an empty one", () => {
    const source = freshDirectory().directory;
    source.generate({ users: 60, groups: 4, seed: 9, assignTo: "sp" });
    source.deleteUser(source.listUsers()[0]!.id);
    const json = JSON.parse(JSON.stringify(source.exportJson())) as unknown;
    const target = freshDirectory().directory;
    target.importJson(json, "dir.json");
    expect(target.exportJson()).toEqual(source.exportJson());
  });

  it("accepts a minimal hand-written file and fills Entra defaults", () => {
    const { directory } = freshDirectory();
    directory.importJson({
      users: [{ id: "u1", userPrincipalName: "grace.hopper@contoso.example", givenName: "Grace", surname: "Hopper" }],
      groups: [{ displayName: "Navy", memberIds: ["u1"] }],
      assignments: [{ servicePrincipalId: "sp", principalId: "u1" }],
    });
    expect(directory.getUser("u1")).toMatchObject({ displayName: "Grace Hopper", mailNickname: "grace.hopper", accountEnabled: true });
    expect(directory.listGroups()[0]).toMatchObject({ displayName: "Navy", memberIds: ["u1"] });
    expect(directory.isAssigned("sp", "u1")).toBe(true);
  });

  it("updates existing objects in place and reports only real changes", () => {
    const { directory } = freshDirectory();
    directory.importJson({ users: [{ id: "a", userPrincipalName: "a@contoso.example" }, { id: "b", userPrincipalName: "b@contoso.example" }] });
    const mark = directory.watermark();
    directory.importJson({ users: [{ id: "a", userPrincipalName: "a@contoso.example", jobTitle: "CTO" }, { id: "b", userPrincipalName: "b@contoso.example" }] });
    expect(directory.changesSince(mark).changes.map((c) => c.id)).toEqual(["a"]);
  });

  it("names every bad field, with the file, and writes nothing", () => {
    const { directory } = freshDirectory();
    directory.createUser({ id: "existing", userPrincipalName: "taken@contoso.example" });
    const file = {
      users: [
        { id: "u0", userPrincipalName: "ok@contoso.example" },
        { id: "u1", userPrincipalName: "ok@contoso.example" },
        { id: "u2", userPrincipalName: "TAKEN@contoso.example" },
        { id: "u3", userPrincipalName: "u3@contoso.example", managerId: "ghost" },
        { id: "u0", userPrincipalName: "dup@contoso.example" },
      ],
      groups: [{ displayName: "G", memberIds: ["u0", "ghost"] }],
      assignments: [{ servicePrincipalId: "sp", principalId: "nobody" }, { servicePrincipalId: "sp", principalId: "u0", principalType: "Group" }],
    };
    expect(problemsOf(() => directory.importJson(file, "dir.json"))).toEqual([
      'users[1].userPrincipalName: "ok@contoso.example" is already used by users[0]',
      'users[2].userPrincipalName: "TAKEN@contoso.example" belongs to existing user "existing"',
      'users[4].id: duplicate of users[0].id ("u0")',
      'users[3].managerId: no user with id "ghost" in the file or the directory',
      'groups[0].memberIds[1]: no user with id "ghost" in the file or the directory',
      'assignments[0].principalId: no user or group with id "nobody" in the file or the directory',
      'assignments[1].principalType: "u0" is a user',
    ]);
    expect(directory.userCount()).toBe(1);
    expect(() => directory.importJson(file, "dir.json")).toThrow(/^dir\.json: users\[1\]\.userPrincipalName/);
  });

  it("reports shape errors by path, e.g. a missing userPrincipalName", () => {
    const { directory } = freshDirectory();
    const users = [0, 1, 2].map((i) => ({ userPrincipalName: `u${i}@contoso.example` }));
    expect(problemsOf(() => directory.importJson({ users: [...users, { displayName: "No UPN" }] }))).toEqual([
      "users[3].userPrincipalName: required",
    ]);
    expect(problemsOf(() => directory.importJson({ users: [{ userPrincipalName: "bad address" }], groups: {}, extra: 1 }))).toEqual([
      'users[0].userPrincipalName: expected an address like first.last@contoso.example',
      "groups: expected an array of groups",
      '(root): Unrecognized key: "extra"',
    ]);
    expect(problemsOf(() => directory.importJson({ users: [{ userPrincipalName: "a@contoso.example", accountEnabled: "yes" }] }))).toEqual([
      "users[0].accountEnabled: expected true or false",
    ]);
    expect(directory.userCount()).toBe(0);
  });
});
