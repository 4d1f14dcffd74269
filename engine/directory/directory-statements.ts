import type { Statement } from "better-sqlite3";
import type { Db } from "../state/database";
import type { Assignment, SourceGroup, SourceUser } from "./types";

/** A user row as stored (SQLite has no booleans). */
export interface UserRow {
  id: string;
  user_principal_name: string;
  mail: string | null;
  mail_nickname: string;
  given_name: string | null;
  surname: string | null;
  display_name: string;
  account_enabled: number;
  department: string | null;
  job_title: string | null;
  employee_id: string | null;
  manager_id: string | null;
  soft_deleted: number;
  change_seq: number;
}

export interface GroupRow {
  id: string;
  display_name: string;
  mail_nickname: string;
  description: string | null;
  soft_deleted: number;
  change_seq: number;
}

interface AssignmentRow {
  service_principal_id: string;
  principal_id: string;
  principal_type: "User" | "Group";
}

const USER_COLUMNS =
  "id, user_principal_name, mail, mail_nickname, given_name, surname, display_name, account_enabled, " +
  "department, job_title, employee_id, manager_id, soft_deleted, change_seq";
const USER_VALUES =
  "@id, @user_principal_name, @mail, @mail_nickname, @given_name, @surname, @display_name, @account_enabled, " +
  "@department, @job_title, @employee_id, @manager_id, @soft_deleted, @change_seq";

/** Every statement the directory runs, prepared once per database connection. */
export function prepareStatements(db: Db) {
  const s = <T = unknown>(sql: string): Statement<unknown[], T> => db.prepare(sql);
  return {
    currentSequence: s<number>("SELECT value FROM directory_sequence WHERE id = 1").pluck(),
    nextSequence: s<number>("UPDATE directory_sequence SET value = value + 1 WHERE id = 1 RETURNING value").pluck(),

    getUser: s<UserRow>(`SELECT ${USER_COLUMNS} FROM directory_users WHERE id = ?`),
    getUserByUpn: s<UserRow>(`SELECT ${USER_COLUMNS} FROM directory_users WHERE user_principal_name = ?`),
    listUsers: s<UserRow>(`SELECT ${USER_COLUMNS} FROM directory_users ORDER BY id`),
    userIds: s<string>("SELECT id FROM directory_users").pluck(),
    userPrincipalNames: s<string>("SELECT user_principal_name FROM directory_users").pluck(),
    userCount: s<number>("SELECT count(*) FROM directory_users").pluck(),
    usersChangedAfter: s<UserRow>(`SELECT ${USER_COLUMNS} FROM directory_users WHERE change_seq > ? ORDER BY change_seq, id`),
    insertUser: s(`INSERT INTO directory_users (${USER_COLUMNS}) VALUES (${USER_VALUES})`),
    replaceUser: s(
      "UPDATE directory_users SET user_principal_name = @user_principal_name, mail = @mail, " +
        "mail_nickname = @mail_nickname, given_name = @given_name, surname = @surname, display_name = @display_name, " +
        "account_enabled = @account_enabled, department = @department, job_title = @job_title, " +
        "employee_id = @employee_id, manager_id = @manager_id, soft_deleted = @soft_deleted, change_seq = @change_seq " +
        "WHERE id = @id",
    ),
    touchUser: s("UPDATE directory_users SET change_seq = ? WHERE id = ?"),
    deleteUser: s("DELETE FROM directory_users WHERE id = ?"),
    reportsOf: s<string>("SELECT id FROM directory_users WHERE manager_id = ?").pluck(),
    clearManager: s("UPDATE directory_users SET manager_id = NULL, change_seq = ? WHERE manager_id = ?"),

    getGroup: s<GroupRow>("SELECT id, display_name, mail_nickname, description, soft_deleted, change_seq FROM directory_groups WHERE id = ?"),
    listGroups: s<GroupRow>("SELECT id, display_name, mail_nickname, description, soft_deleted, change_seq FROM directory_groups ORDER BY id"),
    groupIds: s<string>("SELECT id FROM directory_groups").pluck(),
    groupCount: s<number>("SELECT count(*) FROM directory_groups").pluck(),
    groupsChangedAfter: s<GroupRow>(
      "SELECT id, display_name, mail_nickname, description, soft_deleted, change_seq FROM directory_groups " +
        "WHERE change_seq > ? ORDER BY change_seq, id",
    ),
    insertGroup: s(
      "INSERT INTO directory_groups (id, display_name, mail_nickname, description, soft_deleted, change_seq) " +
        "VALUES (@id, @display_name, @mail_nickname, @description, @soft_deleted, @change_seq)",
    ),
    replaceGroup: s(
      "UPDATE directory_groups SET display_name = @display_name, mail_nickname = @mail_nickname, " +
        "description = @description, soft_deleted = @soft_deleted, change_seq = @change_seq WHERE id = @id",
    ),
    touchGroup: s("UPDATE directory_groups SET change_seq = ? WHERE id = ?"),
    deleteGroup: s("DELETE FROM directory_groups WHERE id = ?"),

    membersOf: s<string>("SELECT user_id FROM directory_members WHERE group_id = ? ORDER BY user_id").pluck(),
    allMembers: s<{ group_id: string; user_id: string }>("SELECT group_id, user_id FROM directory_members ORDER BY group_id, user_id"),
    groupsOf: s<string>("SELECT group_id FROM directory_members WHERE user_id = ?").pluck(),
    isMember: s<number>("SELECT 1 FROM directory_members WHERE group_id = ? AND user_id = ?").pluck(),
    addMember: s("INSERT INTO directory_members (group_id, user_id) VALUES (?, ?)"),
    removeMember: s("DELETE FROM directory_members WHERE group_id = ? AND user_id = ?"),
    removeMembersOfGroup: s("DELETE FROM directory_members WHERE group_id = ?"),
    removeMembershipsOfUser: s("DELETE FROM directory_members WHERE user_id = ?"),
    touchMembersOf: s(
      "UPDATE directory_users SET change_seq = ? WHERE id IN (SELECT user_id FROM directory_members WHERE group_id = ?)",
    ),
    touchGroupsOf: s(
      "UPDATE directory_groups SET change_seq = ? WHERE id IN (SELECT group_id FROM directory_members WHERE user_id = ?)",
    ),

    directlyAssigned: s<number>(
      "SELECT 1 FROM directory_assignments WHERE service_principal_id = ? AND principal_id = ?",
    ).pluck(),
    assignedThroughGroup: s<number>(
      "SELECT 1 FROM directory_members m JOIN directory_assignments a ON a.principal_id = m.group_id " +
        "JOIN directory_groups g ON g.id = m.group_id " +
        "WHERE m.user_id = ? AND a.service_principal_id = ? AND g.soft_deleted = 0 LIMIT 1",
    ).pluck(),
    hasAnyAssignment: s<number>("SELECT 1 FROM directory_assignments WHERE principal_id = ? LIMIT 1").pluck(),
    listAssignments: s<AssignmentRow>(
      "SELECT service_principal_id, principal_id, principal_type FROM directory_assignments " +
        "WHERE service_principal_id = ? ORDER BY principal_id",
    ),
    allAssignments: s<AssignmentRow>(
      "SELECT service_principal_id, principal_id, principal_type FROM directory_assignments " +
        "ORDER BY service_principal_id, principal_id",
    ),
    insertAssignment: s(
      "INSERT INTO directory_assignments (service_principal_id, principal_id, principal_type) VALUES (?, ?, ?)",
    ),
    upsertAssignment: s(
      "INSERT OR IGNORE INTO directory_assignments (service_principal_id, principal_id, principal_type) VALUES (?, ?, ?)",
    ),
    deleteAssignment: s("DELETE FROM directory_assignments WHERE service_principal_id = ? AND principal_id = ?"),
    deleteAssignmentsOf: s("DELETE FROM directory_assignments WHERE principal_id = ?"),

    insertTombstone: s("INSERT OR REPLACE INTO directory_tombstones (kind, id, change_seq) VALUES (?, ?, ?)"),
    deleteTombstone: s("DELETE FROM directory_tombstones WHERE kind = ? AND id = ?"),
    tombstonesAfter: s<{ kind: "user" | "group"; id: string }>(
      "SELECT kind, id FROM directory_tombstones WHERE change_seq > ? ORDER BY change_seq, id",
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

export function userFromRow(row: UserRow): SourceUser {
  return {
    id: row.id,
    userPrincipalName: row.user_principal_name,
    mail: row.mail,
    mailNickname: row.mail_nickname,
    givenName: row.given_name,
    surname: row.surname,
    displayName: row.display_name,
    accountEnabled: row.account_enabled === 1,
    department: row.department,
    jobTitle: row.job_title,
    employeeId: row.employee_id,
    managerId: row.manager_id,
    softDeleted: row.soft_deleted === 1,
  };
}

export function rowFromUser(user: SourceUser, changeSeq: number): UserRow {
  return {
    id: user.id,
    user_principal_name: user.userPrincipalName,
    mail: user.mail,
    mail_nickname: user.mailNickname,
    given_name: user.givenName,
    surname: user.surname,
    display_name: user.displayName,
    account_enabled: user.accountEnabled ? 1 : 0,
    department: user.department,
    job_title: user.jobTitle,
    employee_id: user.employeeId,
    manager_id: user.managerId,
    soft_deleted: user.softDeleted ? 1 : 0,
    change_seq: changeSeq,
  };
}

export function groupFromRow(row: GroupRow, memberIds: string[]): SourceGroup {
  return {
    id: row.id,
    displayName: row.display_name,
    mailNickname: row.mail_nickname,
    description: row.description,
    memberIds,
    softDeleted: row.soft_deleted === 1,
  };
}

export function rowFromGroup(group: Omit<SourceGroup, "memberIds">, changeSeq: number): GroupRow {
  return {
    id: group.id,
    display_name: group.displayName,
    mail_nickname: group.mailNickname,
    description: group.description,
    soft_deleted: group.softDeleted ? 1 : 0,
    change_seq: changeSeq,
  };
}

export function assignmentFromRow(row: AssignmentRow): Assignment {
  return { servicePrincipalId: row.service_principal_id, principalId: row.principal_id, principalType: row.principal_type };
}
