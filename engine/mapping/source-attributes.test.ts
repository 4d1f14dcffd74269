import { describe, expect, it } from "vitest";
import { canonicalSourceAttribute, sourceAttributeNames, sourceAttributeReader } from "./source-attributes";

describe("source attributes", () => {
  it("know Entra's names, in any case", () => {
    expect(canonicalSourceAttribute("User", "surName")).toBe("surname");
    expect(canonicalSourceAttribute("User", "ISSOFTDELETED")).toBe("IsSoftDeleted");
    expect(canonicalSourceAttribute("User", "members")).toBeUndefined();
    expect(canonicalSourceAttribute("Group", "members")).toBe("members");
    expect(canonicalSourceAttribute("User", "extension_0123456789abcdef0123456789abcdef_costCenter")).toBe(
      "extension_0123456789abcdef0123456789abcdef_costCenter",
    );
    expect(sourceAttributeNames("Group")).toContain("objectId");
  });

  it("read the directory's fields through Entra's names", () => {
    const read = (type: "User" | "Group", name: string, source: object) => sourceAttributeReader(type, name)!(source);
    expect(read("User", "objectId", { id: "u1" })).toBe("u1");
    expect(read("User", "manager", { managerId: "m1" })).toBe("m1");
    expect(read("Group", "members", { memberIds: ["a", "b"] })).toEqual(["a", "b"]);
    expect(read("User", "JOBTITLE", { jobTitle: "CTO" })).toBe("CTO");
    expect(read("User", "jobTitle", { JobTitle: "CTO" })).toBe("CTO");
    expect(read("User", "city", { jobTitle: "CTO" })).toBeNull();
    expect(read("User", "department", { department: { nested: true } })).toBeNull();
  });

  it("compute IsSoftDeleted unless the object carries it", () => {
    const read = sourceAttributeReader("User", "IsSoftDeleted")!;
    expect(read({ softDeleted: false, accountEnabled: true })).toBe(false);
    expect(read({ softDeleted: true, accountEnabled: true })).toBe(true);
    expect(read({ softDeleted: false, accountEnabled: false })).toBe(true);
    expect(read({ softDeleted: false, accountEnabled: true, IsSoftDeleted: true })).toBe(true);
    expect(sourceAttributeReader("Group", "IsSoftDeleted")!({ softDeleted: true })).toBe(true);
  });
});
