/**
 * The request bodies of each client validate imitates. The Entra dialects come from
 * scim/dialect.ts, the very functions the engine uses; `rfc` is plain RFC 7644 (lower-case ops,
 * one op per attribute with a path, real booleans, member removal by a path filter); `okta` is
 * Okta's SCIM 2.0 client (value-object replace for `active`, PUT for attribute updates).
 */
import {
  attributePatch,
  disablePatch,
  memberPatches,
  type AttributeChange,
  type EntraDialect,
} from "../../../scim/dialect";
import { SCHEMA, type PatchOperation, type PatchRequest } from "../../../scim/types";

export type RequestDialect = EntraDialect | "rfc" | "okta";

export const ENTERPRISE_MANAGER = `${SCHEMA.enterpriseUser}:manager`;

function isEntra(dialect: RequestDialect): dialect is EntraDialect {
  return dialect === "entra-2017" || dialect === "entra-2020";
}

function patch(operations: PatchOperation[]): PatchRequest {
  return { schemas: [SCHEMA.patchOp], Operations: operations };
}

/** The PATCH that applies `changes` (at least one). */
export function changePatch(changes: readonly AttributeChange[], dialect: RequestDialect): PatchRequest {
  if (isEntra(dialect)) return attributePatch(changes, dialect)!;
  return patch(
    changes.map((c) => {
      if (c.newValue === null) return { op: "remove", path: c.path };
      return { op: c.oldValue === null || c.oldValue === undefined ? "add" : "replace", path: c.path, value: c.newValue };
    }),
  );
}

/** The PATCH that sets the enterprise manager to a user id. */
export function managerPatch(managerId: string, dialect: RequestDialect): PatchRequest {
  // The engine resolves the reference to a target id and sends it as the attribute's value.
  return changePatch([{ path: ENTERPRISE_MANAGER, oldValue: null, newValue: managerId }], dialect);
}

export function disableRequest(dialect: RequestDialect): PatchRequest {
  if (isEntra(dialect)) return disablePatch(dialect);
  if (dialect === "okta") return patch([{ op: "replace", value: { active: false } }]);
  return patch([{ op: "replace", path: "active", value: false }]);
}

/** The member PATCH requests: adds by value array, removals per dialect. */
export function memberRequests(add: readonly string[], remove: readonly string[], dialect: RequestDialect): PatchRequest[] {
  if (isEntra(dialect)) return memberPatches(add, remove, dialect);
  const requests: PatchRequest[] = [];
  if (add.length) requests.push(patch([{ op: "add", path: "members", value: add.map((value) => ({ value })) }]));
  if (remove.length) requests.push(patch(remove.map((id) => ({ op: "remove", path: `members[value eq ${JSON.stringify(id)}]` }))));
  return requests;
}

/** How the dialect's member removal is worded, for messages. */
export function removalForm(dialect: RequestDialect): string {
  return dialect === "entra-2017" ? `{"op": "Remove", "path": "members", "value": [{"value": "<id>"}]}` : `{"op": "remove", "path": "members[value eq \\"<id>\\"]"}`;
}
