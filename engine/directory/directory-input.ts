import { DirectoryError } from "./directory-error";
import type { SourceGroup, SourceUser } from "./types";

/**
 * Validation of what callers hand the directory (API bodies end up here, so nothing is trusted):
 * each problem is a DirectoryError `InvalidValue` naming the field.
 */

const USER_STRING_FIELDS = ["mail", "givenName", "surname", "department", "jobTitle", "employeeId", "managerId"] as const;
const USER_FIELDS = new Set<string>([
  "userPrincipalName", "mailNickname", "displayName", "accountEnabled", "softDeleted", ...USER_STRING_FIELDS,
]);
const GROUP_FIELDS = new Set<string>(["displayName", "mailNickname", "description", "softDeleted"]);

/** `local@domain.tld` without spaces; Entra allows more, but nothing the mappings would choke on. */
const UPN = /^[^\s@"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isValidUserPrincipalName(value: string): boolean {
  return value.length <= 256 && UPN.test(value);
}

export function validateId(value: unknown, field = "id"): string {
  if (typeof value !== "string" || value.trim() === "" || value.length > 256 || /[\s]/.test(value)) {
    throw invalid(field, "expected a non-empty id without spaces");
  }
  return value;
}

/** A complete user from a create request, with Entra's defaults for what was left out. */
export function newUser(input: unknown, id: string): SourceUser {
  const record = asRecord(input, "user");
  rejectUnknown(record, USER_FIELDS, "user", ["id"]);
  const upn = upnField(record.userPrincipalName);
  const mailNickname = optionalString(record, "mailNickname") ?? upn.slice(0, upn.indexOf("@"));
  const givenName = optionalString(record, "givenName") ?? null;
  const surname = optionalString(record, "surname") ?? null;
  const displayName =
    optionalString(record, "displayName") ?? ([givenName, surname].filter(Boolean).join(" ") || mailNickname);
  return {
    id,
    userPrincipalName: upn,
    mail: optionalString(record, "mail") ?? null,
    mailNickname: requireNonEmpty(mailNickname, "mailNickname"),
    givenName,
    surname,
    displayName: requireNonEmpty(displayName, "displayName"),
    accountEnabled: optionalBoolean(record, "accountEnabled") ?? true,
    department: optionalString(record, "department") ?? null,
    jobTitle: optionalString(record, "jobTitle") ?? null,
    employeeId: optionalString(record, "employeeId") ?? null,
    managerId: optionalString(record, "managerId") ?? null,
    softDeleted: false,
  };
}

/** `current` with `patch` applied; fields not in the patch keep their value. */
export function patchedUser(current: SourceUser, patch: unknown): SourceUser {
  const record = asRecord(patch, "patch");
  rejectUnknown(record, USER_FIELDS, "user");
  const next: SourceUser = { ...current };
  if ("userPrincipalName" in record) next.userPrincipalName = upnField(record.userPrincipalName);
  if ("mailNickname" in record) next.mailNickname = requireNonEmpty(optionalString(record, "mailNickname"), "mailNickname");
  if ("displayName" in record) next.displayName = requireNonEmpty(optionalString(record, "displayName"), "displayName");
  for (const field of USER_STRING_FIELDS) {
    if (field in record) next[field] = optionalString(record, field) ?? null;
  }
  if ("accountEnabled" in record) next.accountEnabled = requireBoolean(record, "accountEnabled");
  if ("softDeleted" in record) next.softDeleted = requireBoolean(record, "softDeleted");
  return next;
}

export function newGroup(input: unknown, id: string): Omit<SourceGroup, "memberIds"> & { memberIds: string[] } {
  const record = asRecord(input, "group");
  rejectUnknown(record, GROUP_FIELDS, "group", ["id", "memberIds"]);
  const displayName = requireNonEmpty(optionalString(record, "displayName"), "displayName");
  const memberIds = record.memberIds === undefined ? [] : stringArray(record.memberIds, "memberIds");
  return {
    id,
    displayName,
    mailNickname: optionalString(record, "mailNickname") ?? (displayName.replace(/[^A-Za-z0-9._-]+/g, "") || id),
    description: optionalString(record, "description") ?? null,
    memberIds,
    softDeleted: false,
  };
}

export function patchedGroup(current: SourceGroup, patch: unknown): SourceGroup {
  const record = asRecord(patch, "patch");
  rejectUnknown(record, GROUP_FIELDS, "group");
  const next: SourceGroup = { ...current };
  if ("displayName" in record) next.displayName = requireNonEmpty(optionalString(record, "displayName"), "displayName");
  if ("mailNickname" in record) next.mailNickname = requireNonEmpty(optionalString(record, "mailNickname"), "mailNickname");
  if ("description" in record) next.description = optionalString(record, "description") ?? null;
  if ("softDeleted" in record) next.softDeleted = requireBoolean(record, "softDeleted");
  return next;
}

export function sameUser(a: SourceUser, b: SourceUser): boolean {
  return (Object.keys(a) as Array<keyof SourceUser>).every((key) => a[key] === b[key]);
}

export function sameGroup(a: Omit<SourceGroup, "memberIds">, b: Omit<SourceGroup, "memberIds">): boolean {
  return (
    a.displayName === b.displayName &&
    a.mailNickname === b.mailNickname &&
    a.description === b.description &&
    a.softDeleted === b.softDeleted
  );
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DirectoryError("InvalidValue", `expected a ${what} object`);
  }
  return value as Record<string, unknown>;
}

function rejectUnknown(record: Record<string, unknown>, known: Set<string>, what: string, alsoAllowed: string[] = []): void {
  for (const key of Object.keys(record)) {
    if (!known.has(key) && !alsoAllowed.includes(key)) {
      throw invalid(key, `unknown ${what} attribute; expected one of ${[...known, ...alsoAllowed].join(", ")}`);
    }
  }
}

function upnField(value: unknown): string {
  if (value === undefined) throw invalid("userPrincipalName", "required");
  if (typeof value !== "string" || !isValidUserPrincipalName(value)) {
    throw invalid("userPrincipalName", "expected an address like first.last@contoso.example");
  }
  return value;
}

function optionalString(record: Record<string, unknown>, field: string): string | null | undefined {
  const value = record[field];
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== "string") throw invalid(field, "expected a string or null");
  return value;
}

function optionalBoolean(record: Record<string, unknown>, field: string): boolean | undefined {
  return record[field] === undefined ? undefined : requireBoolean(record, field);
}

function requireBoolean(record: Record<string, unknown>, field: string): boolean {
  const value = record[field];
  if (typeof value !== "boolean") throw invalid(field, "expected true or false");
  return value;
}

function requireNonEmpty(value: string | null | undefined, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid(field, "required (a non-empty string)");
  return value;
}

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalid(field, "expected an array of ids");
  }
  return value as string[];
}

function invalid(field: string, problem: string): DirectoryError {
  return new DirectoryError("InvalidValue", `${field}: ${problem}`, field);
}
