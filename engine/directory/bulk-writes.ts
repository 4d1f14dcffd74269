import { DirectoryError } from "./directory-error";
import { sameGroup, sameUser, validateId } from "./directory-input";
import { parseDirectoryJson } from "./directory-json";
import { rowFromGroup, rowFromUser, type Statements } from "./directory-statements";
import { generateDirectoryData, type GenerateOptions } from "./generate-directory";
import type { SourceGroup, SourceUser } from "./types";

/**
 * The directory's bulk writes (generation and import), run by SqliteDirectory inside one
 * transaction with one change sequence for everything they write.
 */

export function insertGenerated(
  q: Statements,
  options: GenerateOptions & { assignTo?: string },
  nextSequence: () => number,
): { users: SourceUser[]; groups: SourceGroup[] } {
  const existing = {
    userPrincipalNames: new Set(q.userPrincipalNames.all().map((upn) => upn.toLowerCase())),
    groupNames: new Set(q.listGroups.all().map((g) => g.display_name.toLowerCase())),
    userCount: q.userCount.get()!,
  };
  const data = generateDirectoryData(options, existing);
  if (options.assignTo !== undefined) validateId(options.assignTo, "assignTo");
  const seq = nextSequence();
  // Inserting in key order appends to the clustered B-trees instead of splitting random pages.
  const users = byId(data.users);
  const groups = byId(data.groups);
  for (const user of users) {
    if (q.getUser.get(user.id)) throw seedConflict("user", user.id);
    q.insertUser.run(rowFromUser(user, seq));
  }
  for (const group of groups) {
    if (q.getGroup.get(group.id)) throw seedConflict("group", group.id);
    q.insertGroup.run(rowFromGroup(group, seq));
    for (const memberId of group.memberIds) q.addMember.run(group.id, memberId);
  }
  if (options.assignTo !== undefined) {
    for (const user of users) q.insertAssignment.run(options.assignTo, user.id, "User");
    for (const group of groups) q.insertAssignment.run(options.assignTo, group.id, "Group");
  }
  return data;
}

export interface ImportHelpers {
  newId(): string;
  getUser(id: string): SourceUser | undefined;
  getGroup(id: string): SourceGroup | undefined;
  assignmentChanged(principalId: string, type: "User" | "Group"): void;
}

export function importDirectory(q: Statements, json: unknown, source: string | undefined, seq: number, helpers: ImportHelpers): void {
  const parsed = parseDirectoryJson(
    json,
    {
      userExists: (id) => q.getUser.get(id) !== undefined,
      groupExists: (id) => q.getGroup.get(id) !== undefined,
      userPrincipalNameOwner: (upn) => q.getUserByUpn.get(upn)?.id,
    },
    helpers.newId,
    source,
  );
  for (const user of parsed.users) {
    const current = helpers.getUser(user.id);
    if (!current) q.insertUser.run(rowFromUser(user, seq));
    else if (!sameUser(current, user)) q.replaceUser.run(rowFromUser(user, seq));
    q.deleteTombstone.run("user", user.id);
  }
  for (const group of parsed.groups) importGroup(q, group, seq, helpers.getGroup(group.id));
  for (const a of parsed.assignments) {
    if (q.upsertAssignment.run(a.servicePrincipalId, a.principalId, a.principalType).changes > 0) {
      helpers.assignmentChanged(a.principalId, a.principalType);
    }
  }
}

/** A group from the file: its attributes and exactly its members. */
function importGroup(q: Statements, group: SourceGroup, seq: number, current: SourceGroup | undefined): void {
  if (!current) {
    q.insertGroup.run(rowFromGroup(group, seq));
    for (const memberId of group.memberIds) q.addMember.run(group.id, memberId);
    q.deleteTombstone.run("group", group.id);
    return;
  }
  const before = new Set(current.memberIds);
  const after = new Set(group.memberIds);
  const changedMembers = [...group.memberIds.filter((m) => !before.has(m)), ...current.memberIds.filter((m) => !after.has(m))];
  if (!sameGroup(current, group) || changedMembers.length > 0) q.replaceGroup.run(rowFromGroup(group, seq));
  const assigned = q.hasAnyAssignment.get(group.id) !== undefined;
  for (const memberId of changedMembers) {
    if (after.has(memberId)) q.addMember.run(group.id, memberId);
    else q.removeMember.run(group.id, memberId);
    // The member's effective (group-based) assignment changed only if the group is assigned.
    if (assigned) q.touchUser.run(seq, memberId);
  }
}

function byId<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function seedConflict(kind: string, id: string): DirectoryError {
  return new DirectoryError("Conflict", `${kind} "${id}" exists: this seed was already generated into this directory`, "seed");
}
