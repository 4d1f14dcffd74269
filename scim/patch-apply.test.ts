import { describe, expect, it } from "vitest";
import { applyPatch, type PatchTolerance } from "./patch-apply";
import { USER, GROUP } from "./schemas";
import { ScimError } from "./scim-error";
import { SCHEMA } from "./types";

const base = () => ({
  userName: "bjensen",
  active: true,
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [
    { value: "b@work.example", type: "work", primary: true },
    { value: "b@home.example", type: "home" },
  ],
});

const ENTRA: PatchTolerance = { booleanStrings: true, caseInsensitiveOps: true, removeByValue: true, pathKeys: true, upsertValuePath: true, removeMissingIsNoop: true };

function patch(ops: unknown[], tolerance: PatchTolerance = {}, current: Record<string, unknown> = base()) {
  return applyPatch(current, { schemas: [SCHEMA.patchOp], Operations: ops }, USER, tolerance);
}

function patchError(ops: unknown[], tolerance: PatchTolerance = {}, current?: Record<string, unknown>): ScimError {
  try {
    patch(ops, tolerance, current);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("the patch was accepted");
}

describe("PATCH add / replace / remove", () => {
  it("replaces a simple attribute and leaves the input untouched", () => {
    const current = base();
    const out = applyPatch(current, { schemas: [SCHEMA.patchOp], Operations: [{ op: "replace", path: "active", value: false }] }, USER);
    expect(out.active).toBe(false);
    expect(current.active).toBe(true);
  });

  it("resolves paths case-insensitively to canonical names", () => {
    expect(patch([{ op: "replace", path: "NAME.GIVENNAME", value: "Babs" }]).name).toEqual({ givenName: "Babs", familyName: "Jensen" });
  });

  it("adds values to a multi-valued attribute without duplicating", () => {
    const out = patch([{ op: "add", path: "emails", value: [{ value: "b@other.example", type: "other" }, { value: "b@home.example", type: "home" }] }]);
    expect(out.emails.map((e: { value: string }) => e.value)).toEqual(["b@work.example", "b@home.example", "b@other.example"]);
  });

  it("applies a no-path value object (add merges, replace replaces)", () => {
    const out = patch([{ op: "add", value: { title: "Guide", name: { middleName: "J" } } }]);
    expect(out.title).toBe("Guide");
    expect(out.name).toEqual({ givenName: "Barbara", familyName: "Jensen", middleName: "J" });
    expect(patch([{ op: "replace", value: { emails: [{ value: "only@x.example" }] } }]).emails).toEqual([{ value: "only@x.example" }]);
  });

  it("treats replace of an unassigned attribute as add (RFC 7644 3.5.2.3)", () => {
    expect(patch([{ op: "replace", path: "title", value: "Guide" }]).title).toBe("Guide");
  });

  it("replaces and removes through value filters", () => {
    const out = patch([{ op: "replace", path: 'emails[type eq "work"].value', value: "new@work.example" }]);
    expect(out.emails[0]).toEqual({ value: "new@work.example", type: "work", primary: true });
    const removed = patch([{ op: "remove", path: 'emails[type eq "home"]' }]);
    expect(removed.emails).toEqual([{ value: "b@work.example", type: "work", primary: true }]);
  });

  it("answers noTarget when a value filter matches nothing (strict) and upserts when tolerant", () => {
    expect(patchError([{ op: "replace", path: 'emails[type eq "other"].value', value: "x@y.example" }]).scimType).toBe("noTarget");
    expect(patchError([{ op: "remove", path: 'emails[type eq "other"]' }]).scimType).toBe("noTarget");
    const out = patch([{ op: "replace", path: 'emails[type eq "other"].value', value: "x@y.example" }], ENTRA);
    expect(out.emails).toContainEqual({ type: "other", value: "x@y.example" });
    expect(patch([{ op: "remove", path: 'emails[type eq "other"]' }], ENTRA).emails).toHaveLength(2);
  });

  it("needs a path to remove (noTarget) and keeps required attributes", () => {
    expect(patchError([{ op: "remove" }]).scimType).toBe("noTarget");
    expect(patchError([{ op: "remove", path: "userName" }]).scimType).toBe("invalidValue");
    expect(patch([{ op: "remove", path: "emails" }]).emails).toBeUndefined();
  });

  it("refuses readOnly attributes with mutability", () => {
    const error = patchError([{ op: "replace", path: "id", value: "x" }]);
    expect(error.scimType).toBe("mutability");
    expect(patchError([{ op: "add", path: "groups", value: [{ value: "g" }] }]).scimType).toBe("mutability");
  });

  it("reports invalid paths, ops and values", () => {
    expect(patchError([{ op: "replace", path: "nosuch", value: 1 }]).scimType).toBe("invalidPath");
    expect(patchError([{ op: "replace", path: "emails[type eq ]", value: 1 }]).scimType).toBe("invalidPath");
    expect(patchError([{ op: "replace", path: "name.nosuch", value: 1 }]).scimType).toBe("invalidPath");
    expect(patchError([{ op: "move", path: "title", value: "x" }]).scimType).toBe("invalidSyntax");
    expect(patchError([{ op: "replace", path: "active", value: "False" }]).scimType).toBe("invalidValue");
    expect(patchError([]).scimType).toBe("invalidSyntax");
    expect(() => applyPatch(base(), { Operations: [{ op: "add", path: "title", value: "x" }] }, USER)).toThrow(/schemas/);
  });

  it("applies all operations or none", () => {
    const current = base();
    expect(() =>
      applyPatch(current, { schemas: [SCHEMA.patchOp], Operations: [{ op: "replace", path: "title", value: "x" }, { op: "replace", path: "id", value: "y" }] }, USER),
    ).toThrow(/Operations\[1\]/);
    expect(current).toEqual(base());
  });

  it("writes extension attributes by URN path and by extension object", () => {
    const out = patch([
      { op: "add", path: `${SCHEMA.enterpriseUser}:department`, value: "Ops" },
      { op: "add", path: SCHEMA.enterpriseUser, value: { employeeNumber: "7" } },
    ]);
    expect(out[SCHEMA.enterpriseUser]).toEqual({ department: "Ops", employeeNumber: "7" });
  });
});

describe("Entra dialects (tolerant)", () => {
  it("accepts capitalised ops and boolean strings", () => {
    expect(patch([{ op: "Replace", path: "active", value: "False" }], ENTRA).active).toBe(false);
    expect(patchError([{ op: "Replace", path: "active", value: false }]).scimType).toBe("invalidSyntax");
  });

  it("accepts a multi-attribute replace with path keys", () => {
    const out = patch([{ op: "replace", value: { active: false, "name.givenName": "Babs", [`${SCHEMA.enterpriseUser}:department`]: "Ops" } }], ENTRA);
    expect(out.active).toBe(false);
    expect(out.name.givenName).toBe("Babs");
    expect(out[SCHEMA.enterpriseUser].department).toBe("Ops");
    expect(patchError([{ op: "replace", value: { "name.givenName": "Babs" } }]).scimType).toBe("invalidPath");
  });

  it("removes members by value array (old dialect) and by path filter (new dialect)", () => {
    const group = { displayName: "g", members: [{ value: "a" }, { value: "b" }, { value: "c" }] };
    const body = (ops: unknown[]) => ({ schemas: [SCHEMA.patchOp], Operations: ops });
    const old = applyPatch(group, body([{ op: "Remove", path: "members", value: [{ value: "a" }, { value: "c" }] }]), GROUP, ENTRA);
    expect(old.members).toEqual([{ value: "b" }]);
    const modern = applyPatch(group, body([{ op: "remove", path: 'members[value eq "b"]' }]), GROUP, ENTRA);
    expect(modern.members).toEqual([{ value: "a" }, { value: "c" }]);
    expect(() => applyPatch(group, body([{ op: "remove", path: "members", value: [{ value: "a" }] }]), GROUP)).toThrow(/takes no value/);
  });
});
