import { describe, expect, it } from "vitest";
import { compileProjection, splitList } from "./projection";
import { USER } from "./schemas";
import { SCHEMA } from "./types";

const user = {
  schemas: [SCHEMA.user, SCHEMA.enterpriseUser],
  id: "1",
  userName: "b",
  password: "never-shown",
  name: { givenName: "B", familyName: "J" },
  emails: [{ value: "w@x", type: "work" }, { value: "h@x", type: "home" }],
  [SCHEMA.enterpriseUser]: { department: "Ops" },
  meta: { resourceType: "User" },
};

describe("attribute projection", () => {
  it("returns id and schemas plus the requested attributes, any case", () => {
    const out = compileProjection(USER, { attributes: splitList("USERNAME,name.givenName,emails.value") })(user);
    expect(out).toEqual({ schemas: user.schemas, id: "1", userName: "b", name: { givenName: "B" }, emails: [{ value: "w@x" }, { value: "h@x" }] });
  });

  it("drops excluded attributes and never returns password", () => {
    const out = compileProjection(USER, { excludedAttributes: ["emails", `${SCHEMA.enterpriseUser}:department`] })(user);
    expect(out.emails).toBeUndefined();
    expect(out[SCHEMA.enterpriseUser]).toBeUndefined();
    expect(out.password).toBeUndefined();
    expect(out.userName).toBe("b");
    expect(compileProjection(USER, {})(user).password).toBeUndefined();
  });

  it("filters values only when the profile allows it", () => {
    expect(() => compileProjection(USER, { attributes: ['emails[type eq "work"]'] })).toThrow(/not an attribute name/);
    const out = compileProjection(USER, { attributes: ['emails[type eq "work"]'] }, { filteredAttributes: true })(user);
    expect(out.emails).toEqual([{ value: "w@x", type: "work" }]);
  });

  it("splits lists without breaking filters", () => {
    expect(splitList('a, emails[type eq "x,y"],b')).toEqual(["a", 'emails[type eq "x,y"]', "b"]);
  });
});
