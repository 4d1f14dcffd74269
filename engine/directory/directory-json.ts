import { z } from "zod";
import { ConfigError, type ConfigProblem } from "../../common/config-error";
import { isValidUserPrincipalName, newGroup, newUser } from "./directory-input";
import type { Assignment, SourceGroup, SourceUser } from "./types";

/**
 * The JSON file format of a directory (what `exportJson` writes and `importJson` reads). Hand-written
 * files may leave out everything but `userPrincipalName` / `displayName`: ids are generated and the
 * other attributes get Entra's defaults.
 */
const text = (what = "a string") =>
  z.string({ error: (issue) => (issue.input === undefined ? "required" : `expected ${what}`) });
const optionalText = z.string({ error: "expected a string or null" }).nullable().optional();
const flag = z.boolean({ error: "expected true or false" }).optional();
const id = text("a non-empty id").regex(/^\S+$/, "expected a non-empty id without spaces").max(256);

const userSchema = z.strictObject({
  id: id.optional(),
  userPrincipalName: text("an address like first.last@contoso.example").refine(isValidUserPrincipalName, {
    error: "expected an address like first.last@contoso.example",
  }),
  mail: optionalText,
  mailNickname: text().min(1, "must not be empty").optional(),
  givenName: optionalText,
  surname: optionalText,
  displayName: text().min(1, "must not be empty").optional(),
  accountEnabled: flag,
  department: optionalText,
  jobTitle: optionalText,
  employeeId: optionalText,
  managerId: optionalText,
  softDeleted: flag,
});

const groupSchema = z.strictObject({
  id: id.optional(),
  displayName: text().min(1, "must not be empty"),
  mailNickname: text().min(1, "must not be empty").optional(),
  description: optionalText,
  memberIds: z.array(text("a user id"), { error: "expected an array of user ids" }).optional(),
  softDeleted: flag,
});

const assignmentSchema = z.strictObject({
  servicePrincipalId: id,
  principalId: id,
  principalType: z.enum(["User", "Group"], { error: 'expected "User" or "Group"' }).optional(),
});

const directorySchema = z.strictObject({
  users: z.array(userSchema, { error: "expected an array of users" }).optional(),
  groups: z.array(groupSchema, { error: "expected an array of groups" }).optional(),
  assignments: z.array(assignmentSchema, { error: "expected an array of assignments" }).optional(),
});

/** What the file's references may point at besides the file itself. */
export interface ExistingDirectory {
  userExists(id: string): boolean;
  groupExists(id: string): boolean;
  /** The id of the existing user holding this userPrincipalName (any case), if any. */
  userPrincipalNameOwner(upn: string): string | undefined;
}

export interface ParsedDirectory {
  users: SourceUser[];
  groups: SourceGroup[];
  assignments: Assignment[];
}

/**
 * Validates a whole directory file; every problem is reported at once, each naming its field
 * (`users[3].userPrincipalName: required`). Throws ConfigError; returns complete objects otherwise.
 */
export function parseDirectoryJson(
  json: unknown,
  existing: ExistingDirectory,
  newId: () => string,
  source?: string,
): ParsedDirectory {
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, source);
  const problems: ConfigProblem[] = [];
  const problem = (field: string, text: string, fix?: string) => problems.push({ field, problem: text, ...(fix ? { fix } : {}) });

  const users = (parsed.data.users ?? []).map((input, i) => {
    const user = newUser({ ...input, softDeleted: undefined }, input.id ?? newId());
    user.softDeleted = input.softDeleted ?? false;
    return { user, field: `users[${i}]` };
  });
  const groups = (parsed.data.groups ?? []).map((input, i) => {
    const group = newGroup({ ...input, softDeleted: undefined }, input.id ?? newId());
    group.softDeleted = input.softDeleted ?? false;
    return { group, field: `groups[${i}]` };
  });

  const userFields = new Map<string, string>();
  const upnFields = new Map<string, string>();
  for (const { user, field } of users) {
    const earlier = userFields.get(user.id);
    if (earlier) problem(`${field}.id`, `duplicate of ${earlier}.id ("${user.id}")`);
    userFields.set(user.id, field);
    const upn = user.userPrincipalName.toLowerCase();
    const sameUpn = upnFields.get(upn);
    if (sameUpn) problem(`${field}.userPrincipalName`, `"${user.userPrincipalName}" is already used by ${sameUpn}`);
    upnFields.set(upn, field);
    const owner = existing.userPrincipalNameOwner(upn);
    if (owner !== undefined && owner !== user.id) {
      problem(`${field}.userPrincipalName`, `"${user.userPrincipalName}" belongs to existing user "${owner}"`);
    }
  }
  const knownUser = (userId: string) => userFields.has(userId) || existing.userExists(userId);
  for (const { user, field } of users) {
    if (user.managerId === null) continue;
    if (user.managerId === user.id) problem(`${field}.managerId`, "a user cannot be their own manager");
    else if (!knownUser(user.managerId)) problem(`${field}.managerId`, `no user with id "${user.managerId}" in the file or the directory`);
  }

  const groupFields = new Map<string, string>();
  for (const { group, field } of groups) {
    const earlier = groupFields.get(group.id);
    if (earlier) problem(`${field}.id`, `duplicate of ${earlier}.id ("${group.id}")`);
    if (userFields.has(group.id) || existing.userExists(group.id)) problem(`${field}.id`, `"${group.id}" is a user's id`);
    groupFields.set(group.id, field);
    group.memberIds.forEach((memberId, m) => {
      if (!knownUser(memberId)) problem(`${field}.memberIds[${m}]`, `no user with id "${memberId}" in the file or the directory`);
    });
    group.memberIds = [...new Set(group.memberIds)].sort();
  }
  const knownGroup = (groupId: string) => groupFields.has(groupId) || existing.groupExists(groupId);

  const assignments = (parsed.data.assignments ?? []).map((input, i): Assignment => {
    const isUser = knownUser(input.principalId);
    const isGroup = !isUser && knownGroup(input.principalId);
    const actual = isUser ? "User" : "Group";
    if (!isUser && !isGroup) {
      problem(`assignments[${i}].principalId`, `no user or group with id "${input.principalId}" in the file or the directory`);
    } else if (input.principalType !== undefined && input.principalType !== actual) {
      problem(`assignments[${i}].principalType`, `"${input.principalId}" is a ${actual.toLowerCase()}`, `set it to "${actual}"`);
    }
    return { servicePrincipalId: input.servicePrincipalId, principalId: input.principalId, principalType: actual };
  });

  if (problems.length > 0) throw new ConfigError(problems, source);
  return { users: users.map((u) => u.user), groups: groups.map((g) => g.group), assignments };
}
