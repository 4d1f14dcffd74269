/**
 * What every answer of the simulator must satisfy, whatever was sent (issue 9): no 5xx that no
 * fault asked for, every error a SCIM error body whose `status` and `scimType` fit the HTTP
 * status, plus the expectation of the request's family. And the invariants of the process and
 * the store after a run: Object.prototype untouched, ids unique, userName (and group
 * displayName) unique ignoring case, every group member an existing resource, indexes in step.
 */
import { SCHEMA } from "../scim/types";
import type { Target } from "../simulator/index";
import type { RawResponse } from "./fuzz-http-client";

/** scimType values of RFC 7644 3.12 and RFC 9865 (cursors). */
const SCIM_TYPES_400 = new Set(["invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive", "invalidCursor", "expiredCursor"]);

export interface Expectation {
  /** Statuses this family of request may get. */
  statuses: readonly number[];
  /** For 400: the scimTypes this family may get (default: any RFC one). */
  scimTypes?: readonly string[];
  /** A HEAD request: answers carry no body. */
  bodyless?: boolean;
}

/** Returns the problems with one answer (empty when it is fine). */
export function problemsWith(res: RawResponse, expected: Expectation): string[] {
  const problems: string[] = [];
  // 501 is a defined answer (/Me); any other 5xx is a failure nobody asked for.
  if (res.status >= 500 && !(res.status === 501 && expected.statuses.includes(501))) problems.push(`answered ${res.status} with no fault installed`);
  if (!expected.statuses.includes(res.status)) problems.push(`status ${res.status} is not one of ${expected.statuses.join(", ")}`);
  if (expected.bodyless) {
    if (res.text !== "") problems.push("a HEAD answer with a body");
  } else if (res.status >= 400) problems.push(...errorBodyProblems(res, expected));
  else if (res.status !== 204 && res.status !== 304 && res.text !== "" && res.json === undefined) problems.push("a success whose body is not JSON");
  return problems;
}

function errorBodyProblems(res: RawResponse, expected: Expectation): string[] {
  const problems: string[] = [];
  if (!/^application\/scim\+json/.test(String(res.headers["content-type"] ?? "")) && res.text !== "") problems.push(`error content-type ${String(res.headers["content-type"])}`);
  if (res.text === "") return ["an error without a body"];
  const body = res.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== "object") return [...problems, "error body is not JSON"];
  if (!Array.isArray(body.schemas) || body.schemas.length !== 1 || body.schemas[0] !== SCHEMA.error) problems.push(`error schemas ${JSON.stringify(body.schemas)}`);
  if (body.status !== String(res.status)) problems.push(`error body status ${JSON.stringify(body.status)} for HTTP ${res.status}`);
  if (typeof body.detail !== "string" || body.detail === "") problems.push("error without detail");
  const scimType = body.scimType;
  if (res.status === 400) {
    if (typeof scimType !== "string" || !SCIM_TYPES_400.has(scimType)) problems.push(`400 with scimType ${JSON.stringify(scimType)}`);
    else if (expected.scimTypes && !expected.scimTypes.includes(scimType)) problems.push(`400 ${scimType}, expected one of ${expected.scimTypes.join(", ")}`);
  } else if (res.status === 409) {
    if (scimType !== "uniqueness") problems.push(`409 with scimType ${JSON.stringify(scimType)}`);
  } else if (scimType !== undefined) problems.push(`${res.status} carries scimType ${JSON.stringify(scimType)}`);
  if (res.status === 401 && !res.headers["www-authenticate"]) problems.push("401 without WWW-Authenticate");
  if (res.status === 405 && !res.headers.allow) problems.push("405 without Allow");
  return problems;
}

/** The prototypes a pollution would touch, as they were before the run. */
export function prototypeFingerprint(): string {
  const names = (o: object) => Object.getOwnPropertyNames(o).sort().join(",");
  return [names(Object.prototype), names(Array.prototype), names(Function.prototype), names(String.prototype)].join("|");
}

export function pollutionProblems(before: string): string[] {
  const problems: string[] = [];
  if (prototypeFingerprint() !== before) problems.push("a prototype gained or lost a property");
  const probe = {} as Record<string, unknown>;
  for (const key of ["polluted", "isAdmin", "x", "value", "userName"]) if (probe[key] !== undefined) problems.push(`({}).${key} is ${String(probe[key])}`);
  return problems;
}

/** The store's invariants, read through the target's public API. */
export function storeProblems(target: Target, options: { membersMustExist: boolean }): string[] {
  const problems: string[] = [];
  const snapshot = target.store.snapshot();
  const ids = new Set<string>();
  const userNames = new Map<string, string>();
  const groupNames = new Map<string, string>();
  for (const r of [...snapshot.users, ...snapshot.groups]) {
    if (ids.has(r.id)) problems.push(`id ${r.id} used twice`);
    ids.add(r.id);
  }
  for (const u of snapshot.users) {
    const name = u.attrs.userName;
    if (typeof name !== "string" || name === "") {
      problems.push(`user ${u.id} has no userName`);
      continue;
    }
    const other = userNames.get(name.toLowerCase());
    if (other) problems.push(`userName ${JSON.stringify(name)} held by ${other} and ${u.id}`);
    userNames.set(name.toLowerCase(), u.id);
    const found = target.store.findUserByUserName(name);
    if (found?.id !== u.id) problems.push(`the userName index finds ${String(found?.id)} for ${u.id}`);
  }
  for (const g of snapshot.groups) {
    const name = g.attrs.displayName;
    if (typeof name !== "string" || name === "") problems.push(`group ${g.id} has no displayName`);
    else {
      const other = groupNames.get(name.toLowerCase());
      if (other) problems.push(`group displayName ${JSON.stringify(name)} held by ${other} and ${g.id}`);
      groupNames.set(name.toLowerCase(), g.id);
    }
    const members = (g.attrs.members ?? []) as Array<{ value?: unknown; type?: unknown }>;
    const seen = new Set<unknown>();
    for (const m of members) {
      if (seen.has(m.value)) problems.push(`group ${g.id} lists ${String(m.value)} twice`);
      seen.add(m.value);
      if (!options.membersMustExist) continue;
      if (typeof m.value !== "string" || !ids.has(m.value)) problems.push(`group ${g.id} has member ${JSON.stringify(m.value)}, which does not exist`);
      else if (m.type === "User") {
        const groups = (target.store.getUser(m.value)?.groups ?? []) as Array<{ value: string }>;
        if (!groups.some((x) => x.value === g.id)) problems.push(`user ${m.value} does not list its group ${g.id}`);
      }
    }
  }
  return problems;
}
