/**
 * The source directory: an in-process stand-in for the Entra ID tenant the engine provisions from.
 * Contract between the directory (engine/directory) and the cycle runtime (engine/cycle, …).
 */

/** A directory user, with Entra attribute names. */
export interface SourceUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  mailNickname: string;
  givenName: string | null;
  surname: string | null;
  displayName: string;
  accountEnabled: boolean;
  department: string | null;
  jobTitle: string | null;
  employeeId: string | null;
  /** Source id of the manager, if any. */
  managerId: string | null;
  /** Soft-deleted (in the recycle bin): provisioning disables it on the target. */
  softDeleted: boolean;
}

export interface SourceGroup {
  id: string;
  displayName: string;
  mailNickname: string;
  description: string | null;
  /** Source ids of member users (nested groups are not provisioned, as in Entra). */
  memberIds: string[];
  softDeleted: boolean;
}

export type SourceObjectKind = "user" | "group";

/**
 * One object's change since a watermark. `object` is its current state; `hardDeleted` objects have
 * no current state (the tombstone keeps the id so that the cycle can delete it on the target).
 */
export type SourceChange =
  | { kind: "user"; id: string; hardDeleted: false; object: SourceUser }
  | { kind: "group"; id: string; hardDeleted: false; object: SourceGroup }
  | { kind: SourceObjectKind; id: string; hardDeleted: true; object: null };

export interface DeltaPage {
  changes: SourceChange[];
  /** The watermark to save once these changes are processed (an opaque delta token). */
  watermark: string;
}

export interface NewUser extends Partial<Omit<SourceUser, "id" | "softDeleted">> {
  id?: string;
  userPrincipalName: string;
}

export interface NewGroup extends Partial<Omit<SourceGroup, "id" | "softDeleted">> {
  id?: string;
  displayName: string;
}

/** App-role assignment of a user or group to an application (service principal). */
export interface Assignment {
  servicePrincipalId: string;
  principalId: string;
  principalType: "User" | "Group";
}

export interface SourceDirectory {
  getUser(id: string): SourceUser | undefined;
  getGroup(id: string): SourceGroup | undefined;
  /** Every user/group that is not hard-deleted (soft-deleted ones included), in id order. */
  listUsers(): SourceUser[];
  listGroups(): SourceGroup[];
  userCount(): number;
  groupCount(): number;

  /** Direct and group-based assignments: a user is assigned when it, or a group it belongs to, is. */
  isAssigned(servicePrincipalId: string, principalId: string): boolean;
  listAssignments(servicePrincipalId: string): Assignment[];

  /** The current delta token. Changes after it are returned by `changesSince`. */
  watermark(): string;
  /**
   * Objects changed after `watermark` (one entry per object, its latest state), including
   * assignment and membership changes (reported as a change of the principal / the group).
   * Throws a DirectoryError with code `InvalidDeltaToken` for a token it never issued.
   */
  changesSince(watermark: string): DeltaPage;

  createUser(input: NewUser): SourceUser;
  updateUser(id: string, patch: Partial<Omit<SourceUser, "id">>): SourceUser;
  /** Soft delete (recycle bin) unless `hard`; hard deletion leaves a tombstone for delta queries. */
  deleteUser(id: string, options?: { hard?: boolean }): void;
  restoreUser(id: string): SourceUser;
  createGroup(input: NewGroup): SourceGroup;
  updateGroup(id: string, patch: Partial<Omit<SourceGroup, "id" | "memberIds">>): SourceGroup;
  deleteGroup(id: string, options?: { hard?: boolean }): void;
  addMember(groupId: string, userId: string): void;
  removeMember(groupId: string, userId: string): void;
  assign(servicePrincipalId: string, principalId: string): Assignment;
  unassign(servicePrincipalId: string, principalId: string): void;

  /** Adds `users` users and `groups` groups with faker (same seed, same people) and memberships. */
  generate(options: { users: number; groups: number; seed: number | string; assignTo?: string }): {
    users: SourceUser[];
    groups: SourceGroup[];
  };
  /** The whole directory as JSON (users, groups, assignments), the format `importJson` reads. */
  exportJson(): DirectoryJson;
  importJson(json: unknown, source?: string): void;
}

export interface DirectoryJson {
  users: SourceUser[];
  groups: SourceGroup[];
  assignments: Assignment[];
}
