import { randomUUID } from "node:crypto";
import { createRandom } from "../../common/random";
import { migrate, type Db } from "../state/database";
import { decodeDeltaToken, encodeDeltaToken } from "./delta-token";
import { DirectoryError } from "./directory-error";
import { newGroup, newUser, patchedGroup, patchedUser, sameGroup, sameUser, validateId } from "./directory-input";
import { directoryMigrations } from "./directory-schema";
import {
  assignmentFromRow, groupFromRow, prepareStatements, rowFromGroup, rowFromUser, userFromRow, type Statements,
} from "./directory-statements";
import { importDirectory, insertGenerated } from "./bulk-writes";
import type { GenerateOptions } from "./generate-directory";
import type {
  Assignment, DeltaPage, DirectoryJson, NewGroup, NewUser, SourceChange, SourceDirectory, SourceGroup, SourceUser,
} from "./types";

export interface DirectoryOptions {
  /**
   * Seed for the ids of objects created without one, derived from (seed, change sequence) so they
   * stay unique across restarts. Without it ids come from `crypto.randomUUID()`.
   */
  idSeed?: number | string;
}

/**
 * The source directory, persisted in the engine's SQLite file. Every mutation runs in a transaction
 * and bumps the change sequence, so a crash never leaves half a change and `changesSince` sees each
 * committed change exactly once. Wrap bulk work in {@link SqliteDirectory.batch} to commit once.
 */
export class SqliteDirectory implements SourceDirectory {
  private readonly q: Statements;
  private readonly transaction: (fn: () => unknown) => unknown;

  constructor(
    private readonly db: Db,
    private readonly options: DirectoryOptions = {},
  ) {
    migrate(db, directoryMigrations);
    this.q = prepareStatements(db);
    this.transaction = db.transaction((fn: () => unknown) => fn());
  }

  /** Runs `work` in one transaction (nested calls join it): all of it commits, or none of it. */
  batch<T>(work: () => T): T {
    return this.transaction(work) as T;
  }

  getUser(id: string): SourceUser | undefined {
    const row = this.q.getUser.get(id);
    return row ? userFromRow(row) : undefined;
  }

  getGroup(id: string): SourceGroup | undefined {
    const row = this.q.getGroup.get(id);
    return row ? groupFromRow(row, this.q.membersOf.all(id)) : undefined;
  }

  listUsers(): SourceUser[] {
    return this.q.listUsers.all().map(userFromRow);
  }

  listGroups(): SourceGroup[] {
    const members = new Map<string, string[]>();
    for (const { group_id, user_id } of this.q.allMembers.iterate()) {
      const list = members.get(group_id);
      if (list) list.push(user_id);
      else members.set(group_id, [user_id]);
    }
    return this.q.listGroups.all().map((row) => groupFromRow(row, members.get(row.id) ?? []));
  }

  userCount(): number {
    return this.q.userCount.get()!;
  }

  groupCount(): number {
    return this.q.groupCount.get()!;
  }

  isAssigned(servicePrincipalId: string, principalId: string): boolean {
    return (
      this.q.directlyAssigned.get(servicePrincipalId, principalId) !== undefined ||
      this.q.assignedThroughGroup.get(principalId, servicePrincipalId) !== undefined
    );
  }

  listAssignments(servicePrincipalId: string): Assignment[] {
    return this.q.listAssignments.all(servicePrincipalId).map(assignmentFromRow);
  }

  watermark(): string {
    return encodeDeltaToken(this.q.currentSequence.get()!);
  }

  changesSince(watermark: string): DeltaPage {
    return this.batch(() => {
      const current = this.q.currentSequence.get()!;
      const after = decodeDeltaToken(watermark, current);
      const changes: SourceChange[] = [];
      for (const row of this.q.usersChangedAfter.all(after)) {
        changes.push({ kind: "user", id: row.id, hardDeleted: false, object: userFromRow(row) });
      }
      for (const row of this.q.groupsChangedAfter.all(after)) {
        const object = groupFromRow(row, this.q.membersOf.all(row.id));
        changes.push({ kind: "group", id: row.id, hardDeleted: false, object });
      }
      const tombstones = this.q.tombstonesAfter.all(after);
      // Users before groups, as everywhere else in the page (the sort is stable: change order stays).
      tombstones.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "user" ? -1 : 1));
      for (const { kind, id } of tombstones) changes.push({ kind, id, hardDeleted: true, object: null });
      return { changes, watermark: encodeDeltaToken(current) };
    });
  }

  createUser(input: NewUser): SourceUser {
    return this.batch(() => {
      const seq = this.nextSequence();
      const id = this.idFor(input, seq);
      const user = newUser(input, id);
      if (this.q.getUser.get(id) || this.q.getGroup.get(id)) throw conflict(`an object with id "${id}" already exists`, "id");
      this.assertUpnFree(user.userPrincipalName, id);
      this.assertManager(user.managerId, id);
      this.q.insertUser.run(rowFromUser(user, seq));
      this.q.deleteTombstone.run("user", id);
      return user;
    });
  }

  updateUser(id: string, patch: Partial<Omit<SourceUser, "id">>): SourceUser {
    return this.batch(() => {
      const current = this.requireUser(id);
      const next = patchedUser(current, patch);
      if (sameUser(current, next)) return current;
      if (next.userPrincipalName !== current.userPrincipalName) this.assertUpnFree(next.userPrincipalName, id);
      if (next.managerId !== current.managerId) this.assertManager(next.managerId, id);
      this.q.replaceUser.run(rowFromUser(next, this.nextSequence()));
      return next;
    });
  }

  deleteUser(id: string, options: { hard?: boolean } = {}): void {
    this.batch(() => {
      const current = this.requireUser(id);
      if (!options.hard) {
        if (current.softDeleted) throw conflict(`user "${id}" is already soft-deleted; delete it with hard: true to remove it for good`);
        this.q.replaceUser.run(rowFromUser({ ...current, softDeleted: true }, this.nextSequence()));
        return;
      }
      const seq = this.nextSequence();
      this.q.touchGroupsOf.run(seq, id); // the groups lose a member
      this.q.clearManager.run(seq, id); // the reports lose their manager
      this.q.removeMembershipsOfUser.run(id);
      this.q.deleteAssignmentsOf.run(id);
      this.q.deleteUser.run(id);
      this.q.insertTombstone.run("user", id, seq);
    });
  }

  restoreUser(id: string): SourceUser {
    return this.batch(() => {
      const current = this.requireUser(id);
      if (!current.softDeleted) throw conflict(`user "${id}" is not deleted`);
      const restored = { ...current, softDeleted: false };
      this.q.replaceUser.run(rowFromUser(restored, this.nextSequence()));
      return restored;
    });
  }

  createGroup(input: NewGroup): SourceGroup {
    return this.batch(() => {
      const seq = this.nextSequence();
      const id = this.idFor(input, seq);
      const group = newGroup(input, id);
      if (this.q.getGroup.get(id) || this.q.getUser.get(id)) throw conflict(`an object with id "${id}" already exists`, "id");
      group.memberIds = [...new Set(group.memberIds)].sort();
      for (const memberId of group.memberIds) this.requireUser(memberId);
      this.q.insertGroup.run(rowFromGroup(group, seq));
      for (const memberId of group.memberIds) this.q.addMember.run(id, memberId);
      this.q.deleteTombstone.run("group", id);
      return group;
    });
  }

  updateGroup(id: string, patch: Partial<Omit<SourceGroup, "id" | "memberIds">>): SourceGroup {
    return this.batch(() => {
      const current = this.requireGroup(id);
      const next = patchedGroup(current, patch);
      if (sameGroup(current, next)) return current;
      const seq = this.nextSequence();
      this.q.replaceGroup.run(rowFromGroup(next, seq));
      // A deleted or restored group stops or starts conferring its assignments on its members.
      if (next.softDeleted !== current.softDeleted && this.q.hasAnyAssignment.get(id)) this.q.touchMembersOf.run(seq, id);
      return next;
    });
  }

  deleteGroup(id: string, options: { hard?: boolean } = {}): void {
    this.batch(() => {
      const current = this.requireGroup(id);
      if (!options.hard) {
        if (current.softDeleted) throw conflict(`group "${id}" is already soft-deleted; delete it with hard: true to remove it for good`);
        this.updateGroup(id, { softDeleted: true });
        return;
      }
      const seq = this.nextSequence();
      if (this.q.hasAnyAssignment.get(id)) this.q.touchMembersOf.run(seq, id);
      this.q.removeMembersOfGroup.run(id);
      this.q.deleteAssignmentsOf.run(id);
      this.q.deleteGroup.run(id);
      this.q.insertTombstone.run("group", id, seq);
    });
  }

  addMember(groupId: string, userId: string): void {
    this.batch(() => {
      this.requireGroup(groupId);
      this.requireUser(userId);
      if (this.q.isMember.get(groupId, userId)) throw conflict(`user "${userId}" is already a member of group "${groupId}"`);
      this.q.addMember.run(groupId, userId);
      this.membershipChanged(groupId, userId);
    });
  }

  removeMember(groupId: string, userId: string): void {
    this.batch(() => {
      this.requireGroup(groupId);
      if (!this.q.isMember.get(groupId, userId)) {
        throw new DirectoryError("NotFound", `user "${userId}" is not a member of group "${groupId}"`);
      }
      this.q.removeMember.run(groupId, userId);
      this.membershipChanged(groupId, userId);
    });
  }

  assign(servicePrincipalId: string, principalId: string): Assignment {
    return this.batch(() => {
      validateId(servicePrincipalId, "servicePrincipalId");
      const principalType = this.principalType(principalId);
      if (this.q.directlyAssigned.get(servicePrincipalId, principalId)) {
        throw conflict(`"${principalId}" is already assigned to service principal "${servicePrincipalId}"`);
      }
      this.q.insertAssignment.run(servicePrincipalId, principalId, principalType);
      this.assignmentChanged(principalId, principalType);
      return { servicePrincipalId, principalId, principalType };
    });
  }

  unassign(servicePrincipalId: string, principalId: string): void {
    this.batch(() => {
      if (!this.q.directlyAssigned.get(servicePrincipalId, principalId)) {
        throw new DirectoryError("NotFound", `"${principalId}" is not assigned to service principal "${servicePrincipalId}"`);
      }
      const principalType = this.principalType(principalId);
      this.q.deleteAssignment.run(servicePrincipalId, principalId);
      this.assignmentChanged(principalId, principalType);
    });
  }

  generate(options: GenerateOptions & { assignTo?: string }): { users: SourceUser[]; groups: SourceGroup[] } {
    return this.batch(() => insertGenerated(this.q, options, this.nextSequence.bind(this)));
  }

  exportJson(): DirectoryJson {
    return this.batch(() => ({
      users: this.listUsers(),
      groups: this.listGroups(),
      assignments: this.q.allAssignments.all().map(assignmentFromRow),
    }));
  }

  /**
   * Adds or updates the file's users, groups (with exactly the file's members) and assignments;
   * objects not in the file stay. All or nothing: a ConfigError naming every bad field, or one commit.
   */
  importJson(json: unknown, source?: string): void {
    this.batch(() => {
      const seq = this.nextSequence();
      let n = 0;
      importDirectory(this.q, json, source, seq, {
        newId: () => this.newId(seq, n++),
        getUser: (id) => this.getUser(id),
        getGroup: (id) => this.getGroup(id),
        assignmentChanged: (principalId, type) => this.assignmentChanged(principalId, type, seq),
      });
    });
  }

  private membershipChanged(groupId: string, userId: string): void {
    const seq = this.nextSequence();
    this.q.touchGroup.run(seq, groupId);
    // The user's effective (group-based) assignment changes only if the group is assigned somewhere.
    if (this.q.hasAnyAssignment.get(groupId)) this.q.touchUser.run(seq, userId);
  }

  private assignmentChanged(principalId: string, type: "User" | "Group", seq = this.nextSequence()): void {
    if (type === "User") {
      this.q.touchUser.run(seq, principalId);
      return;
    }
    this.q.touchGroup.run(seq, principalId);
    this.q.touchMembersOf.run(seq, principalId);
  }

  private principalType(principalId: string): "User" | "Group" {
    if (this.q.getUser.get(principalId)) return "User";
    if (this.q.getGroup.get(principalId)) return "Group";
    throw new DirectoryError("NotFound", `no user or group with id "${principalId}"`, "principalId");
  }

  private requireUser(id: string): SourceUser {
    const user = this.getUser(id);
    if (!user) throw DirectoryError.notFound("user", id);
    return user;
  }

  private requireGroup(id: string): SourceGroup {
    const group = this.getGroup(id);
    if (!group) throw DirectoryError.notFound("group", id);
    return group;
  }

  private assertUpnFree(upn: string, ownId: string): void {
    const owner = this.q.getUserByUpn.get(upn);
    if (owner && owner.id !== ownId) {
      throw conflict(`userPrincipalName "${upn}" is already used by user "${owner.id}"`, "userPrincipalName");
    }
  }

  private assertManager(managerId: string | null, ownId: string): void {
    if (managerId === null) return;
    if (managerId === ownId) throw new DirectoryError("InvalidValue", "managerId: a user cannot be their own manager", "managerId");
    if (!this.q.getUser.get(managerId)) {
      throw new DirectoryError("NotFound", `managerId: no user with id "${managerId}"`, "managerId");
    }
  }

  private idFor(input: { id?: string }, seq: number): string {
    return input.id === undefined ? this.newId(seq, 0) : validateId(input.id);
  }

  private newId(seq: number, n: number): string {
    const seed = this.options.idSeed;
    return seed === undefined ? randomUUID() : createRandom(`${seed}/id/${seq}/${n}`).uuid();
  }

  private nextSequence(): number {
    return this.q.nextSequence.get()!;
  }
}

function conflict(message: string, field?: string): DirectoryError {
  return new DirectoryError("Conflict", message, field);
}

/** Opens the directory stored in `db` (applying its migrations if the runtime has not). */
export function openDirectory(db: Db, options?: DirectoryOptions): SqliteDirectory {
  return new SqliteDirectory(db, options);
}
