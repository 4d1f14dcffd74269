/**
 * `sortBy` / `sortOrder` (RFC 7644 section 3.4.2.3). A multi-valued attribute sorts by its
 * primary value (or its first); strings compare by the attribute's `caseExact`; resources
 * without a value sort last in ascending order and first in descending order.
 */
import type { ResourceSchema } from "./schemas";
import { parseAttrPath } from "./filter-parser";
import type { TopGetter } from "./filter-evaluator";
import { plainGetter } from "./filter-evaluator";
import { ScimError } from "./scim-error";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type SortKey = (resource: Json) => string | number | boolean | undefined;

export function compileSortKey(schema: ResourceSchema, sortBy: string, get: TopGetter = plainGetter): SortKey {
  const path = parseAttrPath(sortBy);
  if (!path) throw ScimError.invalidValue(`sortBy "${sortBy}" is not an attribute name`);
  const resolved = path.uri ? schema.attributeIn(path.uri, path.name) : schema.attribute(path.name);
  if (!resolved) throw ScimError.invalidValue(`sortBy "${sortBy}": a ${schema.name} has no such attribute`);
  let def = resolved.definition;
  let sub: string | undefined;
  if (path.sub) {
    const s = schema.subAttribute(def, path.sub);
    if (!s) throw ScimError.invalidValue(`sortBy "${sortBy}": ${def.name} has no sub-attribute ${path.sub}`);
    sub = s.name;
    def = s;
  } else if (def.type === "complex") {
    if (!schema.subAttribute(def, "value")) throw ScimError.invalidValue(`sortBy "${sortBy}" is complex: sort by one of its sub-attributes`);
    sub = "value";
  }
  const caseExact = def.caseExact;
  const isDate = def.type === "dateTime";
  return (resource) => {
    let v = get(resource, resolved);
    if (Array.isArray(v)) v = v.find((el) => el && el.primary === true) ?? v[0];
    if (sub !== undefined) v = v && typeof v === "object" ? (v as Json)[sub] : undefined;
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return isDate ? Date.parse(v) : caseExact ? v : v.toLowerCase();
    return v as number | boolean;
  };
}

export function sortResources<T>(items: T[], key: (item: T) => string | number | boolean | undefined, descending: boolean): T[] {
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort((a, b) => {
    if (a.k === undefined && b.k === undefined) return 0;
    if (a.k === undefined) return descending ? -1 : 1;
    if (b.k === undefined) return descending ? 1 : -1;
    const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    return descending ? -c : c;
  });
  return keyed.map((k) => k.item);
}
