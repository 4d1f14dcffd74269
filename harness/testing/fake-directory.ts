import type { SourceGroup, SourceUser } from "../../engine/directory/types";
import type { ScopingFilter } from "../../engine/mapping/types";
import type { DirectoryEdit } from "../world/world";

/**
 * The fake world's source directory: users and groups in maps, assignments in a set, ids that sort
 * in creation order (so `{first: n}` picks the first created). Hard deletions leave a tombstone
 * for the fake engine to delete on the target.
 */
export class FakeDirectory {
  readonly users = new Map<string, SourceUser>();
  readonly groups = new Map<string, SourceGroup>();
  readonly assigned = new Set<string>();
  readonly hardDeleted = new Set<string>();
  scoping: ScopingFilter = [];
  private userSeq = 0;
  private groupSeq = 0;

  apply(edit: DirectoryEdit): void {
    switch (edit.edit) {
      case "createUser": {
        const id = edit.user.id ?? this.nextUserId();
        const upn = edit.user.userPrincipalName;
        this.users.set(id, {
          id,
          userPrincipalName: upn,
          mail: edit.user.mail ?? upn,
          mailNickname: edit.user.mailNickname ?? upn.split("@")[0]!,
          givenName: edit.user.givenName ?? null,
          surname: edit.user.surname ?? null,
          displayName: edit.user.displayName ?? upn.split("@")[0]!,
          accountEnabled: edit.user.accountEnabled ?? true,
          department: edit.user.department ?? null,
          jobTitle: edit.user.jobTitle ?? null,
          employeeId: edit.user.employeeId ?? null,
          managerId: edit.user.managerId ?? null,
          softDeleted: false,
        });
        if (edit.assigned) this.assigned.add(id);
        return;
      }
      case "createGroup": {
        const id = edit.group.id ?? this.nextGroupId();
        const name = edit.group.displayName;
        this.groups.set(id, {
          id,
          displayName: name,
          mailNickname: edit.group.mailNickname ?? name.replace(/\W+/g, ""),
          description: edit.group.description ?? null,
          memberIds: [...edit.memberIds],
          softDeleted: false,
        });
        if (edit.assigned) this.assigned.add(id);
        return;
      }
      case "updateUser":
        Object.assign(this.mustUser(edit.id), edit.set);
        return;
      case "updateGroup":
        Object.assign(this.mustGroup(edit.id), edit.set);
        return;
      case "deleteUser":
        if (edit.hard) {
          this.mustUser(edit.id);
          this.users.delete(edit.id);
          this.hardDeleted.add(edit.id);
        } else this.mustUser(edit.id).softDeleted = true;
        return;
      case "deleteGroup":
        if (edit.hard) {
          this.mustGroup(edit.id);
          this.groups.delete(edit.id);
          this.hardDeleted.add(edit.id);
        } else this.mustGroup(edit.id).softDeleted = true;
        return;
      case "assign":
        this.assigned.add(edit.id);
        return;
      case "unassign":
        this.assigned.delete(edit.id);
        return;
      case "addMember": {
        const group = this.mustGroup(edit.groupId);
        if (!group.memberIds.includes(edit.userId)) group.memberIds.push(edit.userId);
        return;
      }
      case "removeMember": {
        const group = this.mustGroup(edit.groupId);
        group.memberIds = group.memberIds.filter((id) => id !== edit.userId);
        return;
      }
      case "generate":
        this.generate(edit.users, edit.groups, edit.assigned);
        return;
    }
  }

  /** Users named user001@example.com, …; groups "Group 1", …; members spread round-robin. */
  generate(users: number, groups: number, assigned: boolean): void {
    const created: string[] = [];
    for (let i = 0; i < users; i++) {
      const n = this.userSeq + 1;
      const upn = `user${String(n).padStart(3, "0")}@example.com`;
      this.apply({ edit: "createUser", user: { userPrincipalName: upn, displayName: `User ${n}`, department: n % 2 ? "Sales" : "Engineering" }, assigned });
      created.push(this.idOf(upn));
    }
    for (let i = 0; i < groups; i++) {
      const members = created.filter((_, k) => k % groups === i);
      this.apply({ edit: "createGroup", group: { displayName: `Group ${this.groupSeq + 1}` }, memberIds: members, assigned });
    }
  }

  /** In scope: assigned directly or through a group, and passing the scoping filter. */
  inScope(user: SourceUser): boolean {
    const viaGroup = [...this.groups.values()].some((g) => this.assigned.has(g.id) && g.memberIds.includes(user.id));
    return (this.assigned.has(user.id) || viaGroup) && this.passesScoping(user);
  }

  private passesScoping(user: SourceUser): boolean {
    if (this.scoping.length === 0) return true;
    return this.scoping.some((clauses) =>
      clauses.every((c) => {
        const value = (user as unknown as Record<string, unknown>)[c.attribute];
        if (c.operator === "EQUALS") return String(value) === c.value;
        if (c.operator === "NOT EQUALS") return String(value) !== c.value;
        if (c.operator === "IS TRUE") return value === true;
        if (c.operator === "IS FALSE") return value === false;
        throw new Error(`the fake world does not evaluate scoping operator ${c.operator}`);
      }),
    );
  }

  private idOf(upn: string): string {
    return [...this.users.values()].find((u) => u.userPrincipalName === upn)!.id;
  }

  private nextUserId(): string {
    return `u-${String(++this.userSeq).padStart(5, "0")}`;
  }

  private nextGroupId(): string {
    return `g-${String(++this.groupSeq).padStart(5, "0")}`;
  }

  private mustUser(id: string): SourceUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`no user ${id}`);
    return user;
  }

  private mustGroup(id: string): SourceGroup {
    const group = this.groups.get(id);
    if (!group) throw new Error(`no group ${id}`);
    return group;
  }
}
