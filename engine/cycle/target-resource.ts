/**
 * Mapped attributes (flat SCIM paths, as the Entra portal names target attributes) to and from
 * SCIM resources: the body of a POST, and the values a fetched target resource holds, so that the
 * cycle patches only what differs.
 *
 * Paths: `attr`, `attr.sub`, `attr[type eq "work"].sub`, each optionally prefixed by a schema URN
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`).
 */
import type { AttributeChange, AttributeValue } from "../../scim/dialect";
import { SCHEMA, type ResourceTypeName } from "../../scim/types";

interface ParsedPath {
  schema: string | null;
  attribute: string;
  filter: { attribute: string; value: string } | null;
  sub: string | null;
}

const cache = new Map<string, ParsedPath>();
const PATH = /^([A-Za-z$][\w$-]*)(?:\[\s*([A-Za-z$][\w$-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\])?(?:\.([A-Za-z$][\w$-]*))?$/;

export class AttributePathError extends Error {
  constructor(readonly path: string) {
    super(`unsupported target attribute path "${path}": use attr, attr.sub, attr[type eq "x"].sub, optionally after a schema URN`);
    this.name = "AttributePathError";
  }
}

export function parseAttributePath(path: string): ParsedPath {
  const hit = cache.get(path);
  if (hit) return hit;
  let schema: string | null = null;
  let rest = path;
  if (/^urn:/i.test(path)) {
    const bracket = path.indexOf("[");
    const head = bracket < 0 ? path : path.slice(0, bracket);
    const colon = head.lastIndexOf(":");
    schema = path.slice(0, colon);
    rest = path.slice(colon + 1);
  }
  const m = PATH.exec(rest);
  if (!m) throw new AttributePathError(path);
  const parsed: ParsedPath = {
    schema,
    attribute: m[1]!,
    filter: m[2] ? { attribute: m[2], value: JSON.parse(`"${m[3]!}"`) as string } : null,
    sub: m[4] ?? null,
  };
  cache.set(path, parsed);
  return parsed;
}

function coreSchema(type: ResourceTypeName): string {
  return type === "User" ? SCHEMA.user : SCHEMA.group;
}

/**
 * The resource to POST: nulls left out, filtered multi-valued paths as array elements (the work
 * email marked primary, as Entra does), reference paths (`references`) as `{value: id}`.
 */
export function buildResource(
  type: ResourceTypeName,
  attributes: Record<string, AttributeValue>,
  references: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const core = coreSchema(type);
  const schemas = [core];
  const resource: Record<string, unknown> = { schemas };
  for (const [path, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    const p = parseAttributePath(path);
    let container = resource;
    if (p.schema && p.schema.toLowerCase() !== core.toLowerCase()) {
      if (!schemas.includes(p.schema)) schemas.push(p.schema);
      container = (resource[p.schema] ??= {}) as Record<string, unknown>;
    }
    const stored = references.has(path) ? { value } : value;
    if (p.filter) {
      const list = (container[p.attribute] ??= []) as Array<Record<string, unknown>>;
      let element = list.find((e) => sameText(e[p.filter!.attribute], p.filter!.value));
      if (!element) {
        element = { [p.filter.attribute]: p.filter.value };
        if (p.attribute === "emails" && list.length === 0) element.primary = true;
        list.push(element);
      }
      element[p.sub ?? "value"] = value;
    } else if (p.sub) {
      const complex = (container[p.attribute] ??= {}) as Record<string, unknown>;
      complex[p.sub] = value;
    } else {
      container[p.attribute] = stored;
    }
  }
  return resource;
}

/** The value a SCIM resource holds at `path` (a reference's `value`); undefined when absent. */
export function readAttribute(resource: Record<string, unknown>, path: string): AttributeValue | undefined {
  const p = parseAttributePath(path);
  let container: unknown = resource;
  if (p.schema) {
    const key = Object.keys(resource).find((k) => k.toLowerCase() === p.schema!.toLowerCase());
    // A core-schema URN prefix addresses the top level.
    container = key ? resource[key] : /:core:/i.test(p.schema) ? resource : undefined;
  }
  let value = property(container, p.attribute);
  if (p.filter) {
    if (!Array.isArray(value)) return undefined;
    const element = value.find((e) => sameText(property(e, p.filter!.attribute), p.filter!.value));
    value = property(element, p.sub ?? "value");
  } else if (p.sub) {
    value = property(value, p.sub);
  }
  if (value && typeof value === "object" && !Array.isArray(value)) value = property(value, "value");
  if (value === undefined || value === null) return value as undefined | null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return undefined;
}

/** Attributes whose wanted value differs from what the target holds (null wanted = absent). */
export function diffAttributes(
  wanted: Record<string, AttributeValue>,
  resource: Record<string, unknown>,
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const [path, newValue] of Object.entries(wanted)) {
    const oldValue = readAttribute(resource, path);
    if (!sameValue(oldValue, newValue)) changes.push({ path, oldValue: oldValue ?? null, newValue: newValue ?? null });
  }
  return changes;
}

/** Loose equality the way a SCIM round trip shows values: "False" equals false, 3 equals "3". */
export function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  const absentA = a === undefined || a === null || a === "";
  const absentB = b === undefined || b === null || b === "";
  if (absentA || absentB) return absentA === absentB;
  if (typeof a === "boolean" || typeof b === "boolean") return String(a).toLowerCase() === String(b).toLowerCase();
  return String(a) === String(b);
}

function property(value: unknown, name: string): unknown {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

function sameText(a: unknown, b: string): boolean {
  return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}
