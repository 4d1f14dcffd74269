import { SCHEMA } from "../../scim/types";
import { targetPath, type TargetObjectType, type TargetPath } from "./target-path";
import type { MappedObject, ScimValue } from "./types";

/**
 * Between the flat mapped form (`{"name.givenName": "Ada", 'emails[type eq "work"].value': …}`)
 * and SCIM resource bodies. The same path reads back what it wrote.
 */

export interface ToScimResourceOptions {
  /**
   * Resolved references: target path -> target ids (the runtime resolves the source ids in
   * `mapped.references`). Entra creates users without a manager and groups without members and
   * adds them by PATCH afterwards, so these are left out unless given.
   */
  references?: Record<string, readonly string[]>;
}

type Json = Record<string, unknown>;

/**
 * The SCIM body for a create: core schema plus each extension URN actually used in `schemas`,
 * nested complex attributes, multi-valued ones as `[{type, value}]` (the first email marked
 * `primary: true`, as Entra sends it), extension attributes under their URN, nulls left out.
 */
export function toScimResource(mapped: MappedObject, type: TargetObjectType, options: ToScimResourceOptions = {}): Json & { schemas: string[] } {
  const schemas = [type === "User" ? SCHEMA.user : SCHEMA.group];
  const body: Json & { schemas: string[] } = { schemas };
  const attributes = mapped.attributes;
  for (const text in attributes) {
    const value = attributes[text]!;
    if (value !== null) write(body, targetPath(text, type), value, schemas);
  }
  const references = options.references ?? {};
  for (const text in references) {
    const path = targetPath(text, type);
    const ids = references[text]!;
    if (path.multiValued) container(body, path, schemas)[path.attribute] = ids.map((value) => ({ value }));
    else if (ids[0] !== undefined) container(body, path, schemas)[path.attribute] = { value: ids[0] };
  }
  const emails = body.emails;
  if (Array.isArray(emails) && emails.length > 0 && !emails.some((e: Json) => "primary" in e)) {
    (emails[0] as Json).primary = true;
  }
  return body;
}

/**
 * Reads `targetPaths` back from a SCIM resource into the flat mapped form (attribute names and
 * filter values compare case-insensitively, as SCIM says); `referencePaths` read as target ids.
 * Absent values read as null.
 */
export function readMapped(
  resource: object,
  targetPaths: readonly string[],
  referencePaths: readonly string[] = [],
  type: TargetObjectType = resourceTypeOf(resource),
): MappedObject {
  const mapped: MappedObject = { attributes: {}, references: {} };
  for (const text of targetPaths) mapped.attributes[text] = read(resource as Json, targetPath(text, type));
  for (const text of referencePaths) {
    const path = targetPath(text, type);
    const holder = path.schema === null ? (resource as Json) : asObject(property(resource as Json, path.schema));
    const value = holder ? property(holder, path.attribute) : undefined;
    const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    mapped.references[text] = items
      .map((item) => (typeof item === "string" ? item : asObject(item) ? property(asObject(item)!, "value") : undefined))
      .filter((id): id is string => typeof id === "string");
  }
  return mapped;
}

function write(body: Json, path: TargetPath, value: ScimValue, schemas: string[]): void {
  const holder = container(body, path, schemas);
  if (path.filter) {
    const list = (holder[path.attribute] ??= []) as Json[];
    let element = list.find((item) => sameFilterValue(item[path.filter!.attribute], path.filter!.value));
    if (!element) list.push((element = { [path.filter.attribute]: path.filter.value }));
    element[path.sub ?? "value"] = value;
  } else if (path.sub) {
    ((holder[path.attribute] ??= {}) as Json)[path.sub] = value;
  } else {
    holder[path.attribute] = value;
  }
}

function read(resource: Json, path: TargetPath): ScimValue {
  const holder = path.schema === null ? resource : asObject(property(resource, path.schema));
  if (!holder) return null;
  const value = property(holder, path.attribute);
  if (path.filter) {
    if (!Array.isArray(value)) return null;
    const element = value.map(asObject).find((item) => item && sameFilterValue(property(item, path.filter!.attribute), path.filter!.value));
    return element ? scalar(property(element, path.sub ?? "value")) : null;
  }
  if (path.sub) {
    const parent = asObject(value);
    return parent ? scalar(property(parent, path.sub)) : null;
  }
  return scalar(value);
}

/** Where the path's attribute lives: the body, or its extension's object (listing the URN in `schemas`). */
function container(body: Json, path: TargetPath, schemas: string[]): Json {
  if (path.schema === null) return body;
  let holder = body[path.schema] as Json | undefined;
  if (!holder) {
    body[path.schema] = holder = {};
    schemas.push(path.schema);
  }
  return holder;
}

/** A property by name, any case (SCIM attribute names are case-insensitive). */
function property(object: Json, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const key in object) if (key.length === name.length && key.toLowerCase() === lower) return object[key];
  return undefined;
}

function sameFilterValue(actual: unknown, wanted: string | boolean): boolean {
  if (typeof wanted === "boolean") return actual === wanted || (typeof actual === "string" && actual.toLowerCase() === String(wanted));
  return typeof actual === "string" && actual.toLowerCase() === wanted.toLowerCase();
}

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function scalar(value: unknown): ScimValue {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : null;
}

function resourceTypeOf(resource: object): TargetObjectType {
  const schemas = (resource as { schemas?: unknown }).schemas;
  return Array.isArray(schemas) && schemas.some((s) => typeof s === "string" && s.toLowerCase() === SCHEMA.group.toLowerCase()) ? "Group" : "User";
}
