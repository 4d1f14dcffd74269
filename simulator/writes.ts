/**
 * Create, replace, patch and delete, with uniqueness (409), ETag preconditions (412),
 * group member resolution and `meta` kept on the target's clock.
 */
import { applyPatch } from "../scim/patch-apply";
import { normalizeResource } from "../scim/resource-input";
import { GROUP, type ResourceSchema, USER } from "../scim/schemas";
import { ScimError } from "../scim/scim-error";
import type { ServiceContext } from "./context";
import { seededUuid } from "./ids";
import { etagOf } from "./render";
import type { Attrs, StoredResource } from "./resource-table";
import type { ResourceKind } from "./store";

export const SCHEMA_OF: Record<ResourceKind, ResourceSchema> = { User: USER, Group: GROUP };

export function getOr404(ctx: ServiceContext, kind: ResourceKind, id: string): StoredResource {
  const record = ctx.store.table(kind).get(id);
  if (!record) throw ScimError.notFound(`${kind} ${id} not found`);
  return record;
}

/** `If-Match` (RFC 7644 3.14, RFC 7232): `*` or one of the listed tags must match the current version. */
export function checkIfMatch(record: StoredResource, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  if (!etagMatches(ifMatch, etagOf(record))) {
    throw new ScimError(412, undefined, `If-Match ${ifMatch} does not match the current version ${etagOf(record)}`);
  }
}

export function etagMatches(header: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  const current = strip(etag);
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === current);
}

export function createResource(ctx: ServiceContext, kind: ResourceKind, body: unknown): StoredResource {
  const profile = ctx.profile();
  const { attributes } = normalizeResource(body, SCHEMA_OF[kind], profile.tolerance);
  const attrs = kind === "Group" ? resolveMembers(ctx, attributes) : withoutPassword(attributes);
  checkUnique(ctx, kind, attrs, undefined);
  const now = ctx.clock.now();
  return ctx.store.insert(kind, { id: seededUuid(ctx.random), created: now, lastModified: now, version: 1, attrs });
}

export function replaceResource(ctx: ServiceContext, kind: ResourceKind, id: string, body: unknown, ifMatch?: string): StoredResource {
  const record = getOr404(ctx, kind, id);
  checkIfMatch(record, ifMatch);
  const { attributes } = normalizeResource(body, SCHEMA_OF[kind], ctx.profile().tolerance);
  const attrs = kind === "Group" ? resolveMembers(ctx, attributes) : withoutPassword(attributes);
  checkUnique(ctx, kind, attrs, record);
  ctx.store.update(kind, record, attrs, ctx.clock.now());
  return record;
}

export function patchResource(ctx: ServiceContext, kind: ResourceKind, id: string, body: unknown, ifMatch?: string): StoredResource {
  const record = getOr404(ctx, kind, id);
  checkIfMatch(record, ifMatch);
  const patched = applyPatch(record.attrs, body, SCHEMA_OF[kind], ctx.profile().tolerance);
  const attrs = kind === "Group" ? resolveMembers(ctx, patched) : withoutPassword(patched);
  checkUnique(ctx, kind, attrs, record);
  ctx.store.update(kind, record, attrs, ctx.clock.now());
  return record;
}

export function deleteResource(ctx: ServiceContext, kind: ResourceKind, id: string, ifMatch?: string): void {
  const record = getOr404(ctx, kind, id);
  checkIfMatch(record, ifMatch);
  ctx.store.delete(kind, record, ctx.clock.now());
}

/**
 * Passwords are accepted and dropped: never stored, so never returned, logged or snapshotted
 * (changePassword is advertised as unsupported).
 */
function withoutPassword(attrs: Attrs): Attrs {
  if (attrs.password === undefined) return attrs;
  const { password: _dropped, ...rest } = attrs;
  return rest;
}

function checkUnique(ctx: ServiceContext, kind: ResourceKind, attrs: Attrs, self: StoredResource | undefined): void {
  const table = ctx.store.table(kind);
  const clash = (attribute: string) => {
    const value = attrs[attribute];
    if (typeof value !== "string") return;
    if (table.findBy(attribute, value)?.some((r) => r !== self)) {
      throw ScimError.uniqueness(`${attribute} "${value}" is already used by another ${kind}`);
    }
  };
  clash(kind === "User" ? "userName" : "displayName");
  if (ctx.profile().uniqueExternalId) clash("externalId");
}

/**
 * Members name Users or Groups by id. Known ids get their `type` (and a `display` when none was
 * sent); `$ref` is rendered on the way out. Unknown ids are rejected unless the profile keeps them.
 */
function resolveMembers(ctx: ServiceContext, attrs: Attrs): Attrs {
  const members = attrs.members as Attrs[] | undefined;
  if (!members) return attrs;
  const keep = ctx.profile().unknownMembers === "keep";
  const seen = new Set<string>();
  const resolved: Attrs[] = [];
  for (const m of members) {
    if (typeof m.value !== "string" || m.value === "") {
      if (keep) {
        resolved.push(m);
        continue;
      }
      throw ScimError.invalidValue(`every member needs a "value": the id of a User or Group`);
    }
    if (seen.has(m.value)) continue;
    seen.add(m.value);
    const { $ref: _ref, ...member } = m;
    const user = ctx.store.users.get(m.value);
    const group = user ? undefined : ctx.store.groups.get(m.value);
    if (user) {
      member.type = "User";
      member.display ??= user.attrs.displayName ?? user.attrs.userName;
    } else if (group) {
      member.type = "Group";
      member.display ??= group.attrs.displayName;
    } else if (!keep) {
      throw ScimError.invalidValue(`members: no User or Group has id "${m.value}"`);
    }
    resolved.push(member);
  }
  return { ...attrs, members: resolved };
}
