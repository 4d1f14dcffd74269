/**
 * Renders stored records in their wire form (schemas, id, attributes, computed `groups` and
 * member `$ref`s, `meta`), and reads them for filters and sorting without rendering.
 */
import type { ResolvedAttribute } from "../scim/schemas";
import type { TopGetter } from "../scim/filter-evaluator";
import { SCHEMA } from "../scim/types";
import type { Attrs, StoredResource } from "./resource-table";
import type { ResourceKind, ScimStore } from "./store";

export const ENDPOINT: Record<ResourceKind, string> = { User: "Users", Group: "Groups" };

export function etagOf(record: StoredResource): string {
  return `W/"${record.version}"`;
}

export function locationOf(baseUrl: string, kind: ResourceKind, id: string): string {
  return `${baseUrl}/${ENDPOINT[kind]}/${id}`;
}

/** Formatting dates is a visible share of a render; many records share a timestamp (seeding, bursts). */
const isoCache = new Map<number, string>();
function iso(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    if (isoCache.size >= 4096) isoCache.clear();
    text = new Date(ms).toISOString();
    isoCache.set(ms, text);
  }
  return text;
}

export function metaOf(record: StoredResource, kind: ResourceKind, baseUrl: string): Attrs {
  return {
    resourceType: kind,
    created: iso(record.created),
    lastModified: iso(record.lastModified),
    location: locationOf(baseUrl, kind, record.id),
    version: etagOf(record),
  };
}

export function render(store: ScimStore, kind: ResourceKind, record: StoredResource, baseUrl: string): Attrs {
  const attrs = record.attrs;
  const out: Attrs = {
    schemas: kind === "User" ? (attrs[SCHEMA.enterpriseUser] ? USER_WITH_EXTENSION : USER_ONLY) : GROUP_ONLY,
    id: record.id,
  };
  for (const key in attrs) out[key] = attrs[key];
  if (kind === "Group" && attrs.members) out.members = renderMembers(attrs.members as Attrs[], baseUrl);
  const groups = groupsOf(store, record.id, baseUrl);
  if (groups && kind === "User") out.groups = groups;
  out.meta = metaOf(record, kind, baseUrl);
  return out;
}

const USER_ONLY = [SCHEMA.user];
const USER_WITH_EXTENSION = [SCHEMA.user, SCHEMA.enterpriseUser];
const GROUP_ONLY = [SCHEMA.group];

function renderMembers(members: Attrs[], baseUrl: string): Attrs[] {
  return members.map((m) =>
    m.type === "User" || m.type === "Group" ? { ...m, $ref: `${baseUrl}/${m.type === "User" ? "Users" : "Groups"}/${m.value}` } : m,
  );
}

function groupsOf(store: ScimStore, id: string, baseUrl: string): Attrs[] | undefined {
  const ids = store.groupsOf(id);
  if (!ids || ids.size === 0) return undefined;
  const out: Attrs[] = [];
  for (const gid of ids) {
    const g = store.groups.get(gid);
    if (g) out.push({ value: gid, $ref: `${baseUrl}/Groups/${gid}`, display: g.attrs.displayName, type: "direct" });
  }
  return out;
}

/** Reads top-level attributes of a stored record for filters and sorting. */
export function storedGetter(store: ScimStore, kind: ResourceKind): TopGetter {
  return (record: StoredResource, attribute: ResolvedAttribute) => {
    const name = attribute.definition.name;
    if (attribute.extension) return record.attrs[attribute.schema]?.[name];
    switch (name) {
      case "id":
        return record.id;
      case "meta":
        return metaOf(record, kind, "");
      case "groups":
        return kind === "User" ? groupsOf(store, record.id, "") : undefined;
      default:
        return record.attrs[name];
    }
  };
}
