import { describe, expect, it } from "vitest";
import { attributePatch, disablePatch, eqFilter, memberPatches } from "./dialect";
import { SCHEMA } from "./types";

const changes = [
  { path: "displayName", oldValue: "Ann Old", newValue: "Ann New" },
  { path: "name.givenName", oldValue: null, newValue: "Ann" },
  { path: "active", oldValue: true, newValue: false },
  { path: "title", oldValue: "Engineer", newValue: null },
];

describe("attributePatch", () => {
  it("2017: capitalised ops, one op per attribute, Add for a new value, string booleans", () => {
    expect(attributePatch(changes, "entra-2017")).toEqual({
      schemas: [SCHEMA.patchOp],
      Operations: [
        { op: "Replace", path: "displayName", value: "Ann New" },
        { op: "Add", path: "name.givenName", value: "Ann" },
        { op: "Replace", path: "active", value: "False" },
        { op: "Remove", path: "title" },
      ],
    });
  });

  it("2020: one lower-case replace with a value object of paths, real booleans, removals apart", () => {
    expect(attributePatch(changes, "entra-2020")).toEqual({
      schemas: [SCHEMA.patchOp],
      Operations: [
        { op: "replace", value: { displayName: "Ann New", "name.givenName": "Ann", active: false } },
        { op: "remove", path: "title" },
      ],
    });
  });

  it("returns null when nothing changed and only a remove when only removals", () => {
    expect(attributePatch([], "entra-2020")).toBeNull();
    expect(attributePatch([{ path: "title", oldValue: "x", newValue: null }], "entra-2020")?.Operations).toEqual([
      { op: "remove", path: "title" },
    ]);
  });

  it("disables with Replace active False (2017) or replace {active: false} (2020)", () => {
    expect(disablePatch("entra-2017").Operations).toEqual([{ op: "Replace", path: "active", value: "False" }]);
    expect(disablePatch("entra-2020").Operations).toEqual([{ op: "replace", value: { active: false } }]);
  });

  it("sends true as the string True in 2017", () => {
    expect(attributePatch([{ path: "active", oldValue: false, newValue: true }], "entra-2017")!.Operations).toEqual([
      { op: "Replace", path: "active", value: "True" },
    ]);
  });
});

describe("memberPatches", () => {
  it("2017: add and remove by value arrays", () => {
    expect(memberPatches(["u1", "u2"], ["u3"], "entra-2017").map((r) => r.Operations)).toEqual([
      [{ op: "Add", path: "members", value: [{ value: "u1" }, { value: "u2" }] }],
      [{ op: "Remove", path: "members", value: [{ value: "u3" }] }],
    ]);
  });

  it("2020: add by value array, remove by one path filter per member", () => {
    expect(memberPatches(["u1"], ["u3", "u\"4"], "entra-2020").map((r) => r.Operations)).toEqual([
      [{ op: "add", path: "members", value: [{ value: "u1" }] }],
      [
        { op: "remove", path: 'members[value eq "u3"]' },
        { op: "remove", path: 'members[value eq "u\\"4"]' },
      ],
    ]);
  });

  it("splits large changes into requests of at most maxMembersPerRequest members", () => {
    const ids = Array.from({ length: 250 }, (_, i) => `u${i}`);
    const requests = memberPatches(ids, [], "entra-2020", { maxMembersPerRequest: 100 });
    expect(requests.map((r) => (r.Operations[0]!.value as unknown[]).length)).toEqual([100, 100, 50]);
    expect(memberPatches([], [], "entra-2017")).toEqual([]);
  });
});

describe("eqFilter", () => {
  it("quotes and escapes the value as a JSON string", () => {
    expect(eqFilter("userName", 'a"b\\c@x.io')).toBe('userName eq "a\\"b\\\\c@x.io"');
  });
});
