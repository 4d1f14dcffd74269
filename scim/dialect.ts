/**
 * How Entra's provisioning service words its SCIM requests, in both of its dialects.
 *
 * Entra switched its SCIM client in 2020 behind the `aadOptscim062020` feature flag (appended to
 * the tenant URL). Targets in the field must survive both:
 * - `entra-2017` (no flag): capitalised ops (`Add`, `Replace`, `Remove`), booleans as strings
 *   (`"True"`, `"False"`), one op per attribute, member removal by a value array.
 * - `entra-2020` (flag on): lower-case ops, real booleans, one `replace` carrying a value object
 *   keyed by attribute path, member removal by a path filter `members[value eq "id"]`.
 * POST bodies carry real booleans in both. Null attributes are never sent.
 */
import { SCHEMA, type PatchOperation, type PatchRequest } from "./types";

export type EntraDialect = "entra-2017" | "entra-2020";

export const ENTRA_DIALECTS: readonly EntraDialect[] = ["entra-2017", "entra-2020"];

/** A single attribute value as mappings produce it. */
export type AttributeValue = string | number | boolean | null;

/** One attribute that differs between what the target holds and what the source wants. */
export interface AttributeChange {
  /** SCIM attribute path, e.g. `name.givenName` or `emails[type eq "work"].value`. */
  path: string;
  /** What the target holds now; null or undefined when it holds nothing. */
  oldValue?: AttributeValue | undefined;
  /** What the source wants; null removes the attribute. */
  newValue: AttributeValue;
}

type Op = "add" | "replace" | "remove";

function opName(op: Op, dialect: EntraDialect): string {
  return dialect === "entra-2017" ? op[0]!.toUpperCase() + op.slice(1) : op;
}

/** Booleans travel as `"True"`/`"False"` in 2017 PATCH bodies, as JSON booleans in 2020. */
export function patchValue(value: AttributeValue, dialect: EntraDialect): AttributeValue {
  if (typeof value === "boolean" && dialect === "entra-2017") return value ? "True" : "False";
  return value;
}

function patchRequest(operations: PatchOperation[]): PatchRequest {
  return { schemas: [SCHEMA.patchOp], Operations: operations };
}

/**
 * The PATCH request that applies `changes` to a resource, or null when there is nothing to change.
 * A change from nothing is an `Add`, to nothing a `Remove`, otherwise a `Replace`; the 2020
 * dialect folds adds and replaces into one `replace` with a value object.
 */
export function attributePatch(changes: readonly AttributeChange[], dialect: EntraDialect): PatchRequest | null {
  if (changes.length === 0) return null;
  const removals = changes.filter((c) => c.newValue === null);
  const sets = changes.filter((c) => c.newValue !== null);
  const operations: PatchOperation[] = [];
  if (dialect === "entra-2017") {
    for (const c of sets) {
      const op: Op = c.oldValue === null || c.oldValue === undefined ? "add" : "replace";
      operations.push({ op: opName(op, dialect), path: c.path, value: patchValue(c.newValue, dialect) });
    }
  } else if (sets.length > 0) {
    const value: Record<string, AttributeValue> = {};
    for (const c of sets) value[c.path] = patchValue(c.newValue, dialect);
    operations.push({ op: opName("replace", dialect), value });
  }
  for (const c of removals) operations.push({ op: opName("remove", dialect), path: c.path });
  return patchRequest(operations);
}

/** `PATCH … Replace active False`: how the service disables a user on the target. */
export function disablePatch(dialect: EntraDialect): PatchRequest {
  return attributePatch([{ path: "active", oldValue: true, newValue: false }], dialect)!;
}

export interface MemberPatchOptions {
  /** Members per request; larger changes are split into several requests. @default 100 */
  maxMembersPerRequest?: number;
}

/**
 * The PATCH requests that add and remove group members (target ids). Adds go by a value array in
 * both dialects; removals by a value array in 2017 and by one path filter per member in 2020.
 */
export function memberPatches(
  add: readonly string[],
  remove: readonly string[],
  dialect: EntraDialect,
  options: MemberPatchOptions = {},
): PatchRequest[] {
  const size = Math.max(1, options.maxMembersPerRequest ?? 100);
  const requests: PatchRequest[] = [];
  for (let i = 0; i < add.length; i += size) {
    const chunk = add.slice(i, i + size);
    requests.push(
      patchRequest([{ op: opName("add", dialect), path: "members", value: chunk.map((id) => ({ value: id })) }]),
    );
  }
  for (let i = 0; i < remove.length; i += size) {
    const chunk = remove.slice(i, i + size);
    if (dialect === "entra-2017") {
      requests.push(
        patchRequest([{ op: opName("remove", dialect), path: "members", value: chunk.map((id) => ({ value: id })) }]),
      );
    } else {
      requests.push(
        patchRequest(chunk.map((id) => ({ op: opName("remove", dialect), path: `members[value eq ${quote(id)}]` }))),
      );
    }
  }
  return requests;
}

/** A SCIM string literal (RFC 7644 filters use JSON string syntax). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** `attribute eq "value"`, the filter the service matches with. */
export function eqFilter(attribute: string, value: string): string {
  return `${attribute} eq ${quote(value)}`;
}
