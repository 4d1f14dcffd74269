import { describe, expect, it } from "vitest";
import type { SourceGroup, SourceUser } from "../../engine/directory/types";
import { entraMappingCatalog } from "../../engine/mapping/index";
import { expectedTargetOf, type ScopeSnapshot } from "./expected-target";

function user(id: string, extra: Partial<SourceUser> = {}): SourceUser {
  return {
    id, userPrincipalName: `${id}@contoso.example`, mail: null, mailNickname: id, givenName: null, surname: null, displayName: id,
    accountEnabled: true, department: null, jobTitle: null, employeeId: null, managerId: null, softDeleted: false, ...extra,
  };
}

function group(id: string, memberIds: string[] = []): SourceGroup {
  return { id, displayName: `Group ${id}`, mailNickname: id, description: null, memberIds, softDeleted: false };
}

const defaults = () => entraMappingCatalog.defaults();

function snapshot(overrides: Partial<ScopeSnapshot> = {}): ScopeSnapshot {
  return {
    servicePrincipalId: "sp",
    scope: "assigned",
    mappings: defaults(),
    directory: {
      users: [user("ann"), user("bob", { department: "Sales" }), user("cid", { softDeleted: true }), user("dee"), user("eve")],
      groups: [group("g1", ["eve"]), group("g2")],
      assignments: [
        { servicePrincipalId: "sp", principalId: "ann", principalType: "User" },
        { servicePrincipalId: "sp", principalId: "bob", principalType: "User" },
        { servicePrincipalId: "sp", principalId: "cid", principalType: "User" },
        { servicePrincipalId: "sp", principalId: "g1", principalType: "Group" },
        { servicePrincipalId: "other", principalId: "dee", principalType: "User" },
      ],
    },
    ...overrides,
  };
}

describe("the expected target, by the engine's mapping and scoping", () => {
  it("lists the users and groups assigned to the application (directly or through a group), keyed by the matching attribute", () => {
    const expected = expectedTargetOf(snapshot());
    expect(expected.userKey).toBe("userName");
    expect(expected.groupKey).toBe("displayName");
    // cid is soft-deleted, dee is assigned to another application.
    expect(expected.users).toEqual([
      { key: "ann@contoso.example", active: true },
      { key: "bob@contoso.example", active: true },
      { key: "eve@contoso.example", active: true },
    ]);
    expect(expected.groups).toEqual([{ key: "Group g1" }]);
  });

  it("applies the job's scoping filter and `scope: all`", () => {
    const user = { ...defaults().user, scoping: [[{ attribute: "department", operator: "EQUALS" as const, value: "Sales" }]] };
    const scoped = expectedTargetOf(snapshot({ scope: "all", mappings: { user, group: defaults().group } }));
    expect(scoped.users.map((u) => u.key)).toEqual(["bob@contoso.example"]);
    expect(scoped.groups.map((g) => g.key)).toEqual(["Group g1", "Group g2"]);
  });

  it("follows a custom matching attribute", () => {
    const user = {
      ...defaults().user,
      attributes: defaults().user.attributes.map((a) =>
        a.target === "userName" ? { ...a, matchingPriority: undefined } : a.target === "externalId" ? { ...a, matchingPriority: 1 } : a,
      ),
    };
    const expected = expectedTargetOf(snapshot({ mappings: { user, group: defaults().group } }));
    expect(expected.userKey).toBe("externalId");
  });
});
