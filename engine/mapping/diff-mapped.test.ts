import { describe, expect, it } from "vitest";
import { attributePatch } from "../../scim/dialect";
import { diffMapped, diffReferences } from "./diff-mapped";

describe("diffMapped", () => {
  it("lists only the changed target paths, with old and new values", () => {
    const current = { userName: "ada@x.example", displayName: "Ada", title: null, "name.givenName": "Ada" };
    const desired = { userName: "ada@x.example", displayName: "Ada L.", title: "CTO", "name.givenName": "Ada" };
    expect(diffMapped(current, desired)).toEqual([
      { path: "displayName", oldValue: "Ada", newValue: "Ada L." },
      { path: "title", oldValue: null, newValue: "CTO" },
    ]);
  });

  it("finds nothing to do for a redundant export", () => {
    const same = { attributes: { userName: "a@x.example", active: true }, references: {} };
    expect(diffMapped(same, same)).toEqual([]);
  });

  it("compares booleans as booleans and strings as the schema's caseExact says", () => {
    expect(diffMapped({ active: "False" }, { active: false })).toEqual([]);
    expect(diffMapped({ active: "True" }, { active: false })).toEqual([{ path: "active", oldValue: "True", newValue: false }]);
    expect(diffMapped({ userName: "ADA@x.example" }, { userName: "ada@x.example" })).toEqual([]);
    expect(diffMapped({ externalId: "Ada" }, { externalId: "ada" })).toEqual([{ path: "externalId", oldValue: "Ada", newValue: "ada" }]);
    expect(diffMapped({ displayName: "g" }, { displayName: "G" }, { type: "Group" })).toEqual([]);
    expect(diffMapped({ "urn:x:y:2.0:User:n": 1 }, { "urn:x:y:2.0:User:n": "1" })).toEqual([]);
  });

  it("keeps target values whose source became null, unless null values flow", () => {
    expect(diffMapped({ title: "CTO" }, { title: null })).toEqual([]);
    expect(diffMapped({ title: "CTO" }, { title: null }, { flowNulls: true })).toEqual([{ path: "title", oldValue: "CTO", newValue: null }]);
    expect(diffMapped({ title: null }, { title: null }, { flowNulls: true })).toEqual([]);
  });

  it("feeds the dialect's PATCH builder", () => {
    const changes = diffMapped({ active: true, title: "A" }, { active: false, title: "B" });
    expect(attributePatch(changes, "entra-2017")?.Operations).toEqual([
      { op: "Replace", path: "active", value: "False" },
      { op: "Replace", path: "title", value: "B" },
    ]);
  });
});

describe("diffReferences", () => {
  it("lists ids to add and remove", () => {
    expect(diffReferences(["a", "b"], ["b", "c"])).toEqual({ added: ["c"], removed: ["a"] });
    expect(diffReferences([], [])).toEqual({ added: [], removed: [] });
  });
});
