import { describe, expect, it } from "vitest";
import type { SourceUser } from "../directory/types";
import { managersFirst } from "./cycle-plan";

const user = (id: string, managerId: string | null): SourceUser => ({
  id, managerId, userPrincipalName: `${id}@x.test`, mail: null, mailNickname: id, givenName: null, surname: null,
  displayName: id, accountEnabled: true, department: null, jobTitle: null, employeeId: null, softDeleted: false,
});

describe("managersFirst", () => {
  it("puts every manager before its reports, keeping source order otherwise", () => {
    const users = [user("c", "b"), user("a", null), user("d", null), user("b", "a"), user("e", "c")];
    const order = managersFirst(users).map((u) => u.id);
    expect(order).toEqual(["a", "d", "b", "c", "e"]);
  });

  it("terminates on manager loops and on managers outside the list", () => {
    const order = managersFirst([user("x", "y"), user("y", "x"), user("z", "gone")]).map((u) => u.id);
    expect(order.sort()).toEqual(["x", "y", "z"]);
  });
});
