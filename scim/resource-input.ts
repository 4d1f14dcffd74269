/**
 * Turns a request body into a canonical resource: attribute names in their schema casing
 * (names are case-insensitive on the wire), unknown attributes dropped, readOnly attributes
 * ignored (RFC 7644 3.3), null and empty values treated as unassigned (RFC 7643 2.5), every
 * value checked against its type. Throws a 400 ScimError naming the attribute otherwise.
 */
import type { AttributeDefinition, ResourceSchema } from "./schemas";
import { ScimError } from "./scim-error";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface InputTolerance {
  /** "True" / "False" strings accepted for booleans (Entra's 2017 dialect). @default false */
  booleanStrings?: boolean;
  /** A bare string in a multi-valued complex attribute becomes `{value}`; a single value becomes a one-element list. @default false */
  looseMultiValues?: boolean;
  /** A string given for a single complex attribute with a `value` sub-attribute becomes `{value}` (Entra sends the enterprise manager's id this way). @default false */
  bareComplexValue?: boolean;
  /** `displayName` accepted for a complex value's `display` sub-attribute (group members). @default false */
  displayNameAlias?: boolean;
  /** Bodies without `schemas` are accepted. @default false */
  schemasOptional?: boolean;
}

export interface NormalizedInput {
  /** Canonical attributes, without `id`, `meta` and `schemas`. */
  attributes: Record<string, Json>;
  /** The `id` the body carried, if any (PUT bodies may repeat it). */
  id?: string;
}

export function normalizeResource(body: unknown, schema: ResourceSchema, tolerance: InputTolerance = {}): NormalizedInput {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw ScimError.invalidSyntax(`the body must be a JSON object holding a ${schema.name}`);
  }
  const input = body as Record<string, Json>;
  const out: Record<string, Json> = {};
  let id: string | undefined;
  let sawSchemas = false;
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase();
    if (lower === "schemas") {
      sawSchemas = true;
      checkSchemas(value, schema);
      continue;
    }
    if (lower === "id") {
      if (typeof value === "string") id = value;
      continue;
    }
    const ext = schema.splitUrn(key);
    if (ext && ext.rest === "") {
      if (ext.schema === schema.core.id) continue; // a core-schema wrapper object is not a thing
      if (value === null || value === undefined) continue;
      if (typeof value !== "object" || Array.isArray(value)) throw ScimError.invalidValue(`${ext.schema} must be an object of extension attributes`);
      const extension = normalizeExtension(value, ext.schema, schema, tolerance);
      if (Object.keys(extension).length > 0) out[ext.schema] = extension;
      continue;
    }
    const resolved = ext ? schema.attributeIn(ext.schema, ext.rest) : schema.attribute(key);
    if (!resolved) continue; // unknown attributes are not stored
    const def = resolved.definition;
    if (def.mutability === "readOnly") continue;
    const v = normalizeValue(value, def, schema, tolerance, def.name);
    if (v === undefined) continue;
    if (resolved.extension) (out[resolved.schema] ??= {})[def.name] = v;
    else out[def.name] = v;
  }
  if (!sawSchemas && !tolerance.schemasOptional) {
    throw ScimError.invalidSyntax(`the body has no "schemas" attribute; it must list ${schema.core.id}`);
  }
  checkRequired(out, schema);
  return { attributes: out, ...(id !== undefined ? { id } : {}) };
}

function normalizeExtension(value: Record<string, Json>, urn: string, schema: ResourceSchema, tolerance: InputTolerance): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    const resolved = schema.attributeIn(urn, key);
    if (!resolved || resolved.definition.mutability === "readOnly") continue;
    const n = normalizeValue(v, resolved.definition, schema, tolerance, `${urn}:${resolved.definition.name}`);
    if (n !== undefined) out[resolved.definition.name] = n;
  }
  return out;
}

function checkSchemas(value: unknown, schema: ResourceSchema): void {
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) {
    throw ScimError.invalidSyntax(`"schemas" must be an array of schema URNs`);
  }
  const known = schema.schemaUrns.map((u) => u.toLowerCase());
  if (!value.some((s: string) => s.toLowerCase() === schema.core.id.toLowerCase())) {
    throw ScimError.invalidValue(`"schemas" must include ${schema.core.id}`);
  }
  const unknown = value.find((s: string) => !known.includes(s.toLowerCase()));
  if (unknown) throw ScimError.invalidValue(`"schemas" names ${unknown}, which a ${schema.name} does not support (supported: ${schema.schemaUrns.join(", ")})`);
}

/** Checks and canonicalises one attribute value; undefined means unassigned. */
export function normalizeValue(value: unknown, def: AttributeDefinition, schema: ResourceSchema, tolerance: InputTolerance, label: string): Json {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    let list: unknown[];
    if (Array.isArray(value)) list = value;
    else if (tolerance.looseMultiValues) list = [value];
    else throw ScimError.invalidValue(`${label} is multi-valued: send an array`);
    const out: Json[] = [];
    for (const item of list) {
      const n = normalizeSingle(item, def, schema, tolerance, label);
      if (n !== undefined) out.push(n);
    }
    if (def.type === "complex") {
      const primaries = out.filter((el) => el && el.primary === true).length;
      if (primaries > 1) throw ScimError.invalidValue(`${label}: "primary" may be true for one value only`);
    }
    return out.length > 0 ? out : undefined;
  }
  if (Array.isArray(value)) throw ScimError.invalidValue(`${label} is single-valued: send one value, not an array`);
  return normalizeSingle(value, def, schema, tolerance, label);
}

function normalizeSingle(value: unknown, def: AttributeDefinition, schema: ResourceSchema, tolerance: InputTolerance, label: string): Json {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case "complex": {
      if (typeof value === "string" && tolerance.looseMultiValues && def.multiValued) return { value };
      if (typeof value === "string" && tolerance.bareComplexValue && !def.multiValued && schema.subAttribute(def, "value")) return { value };
      if (typeof value !== "object" || Array.isArray(value)) throw ScimError.invalidValue(`${label} is complex: send an object`);
      const out: Record<string, Json> = {};
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        let sub = schema.subAttribute(def, key);
        if (!sub && tolerance.displayNameAlias && key.toLowerCase() === "displayname") sub = schema.subAttribute(def, "display");
        if (!sub || sub.mutability === "readOnly") continue;
        const n = normalizeSingle(v, sub, schema, tolerance, `${label}.${sub.name}`);
        if (n !== undefined && out[sub.name] === undefined) out[sub.name] = n;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (tolerance.booleanStrings && typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      throw ScimError.invalidValue(`${label} is a boolean: send true or false, not ${JSON.stringify(value)}`);
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      throw ScimError.invalidValue(`${label} is an integer, not ${JSON.stringify(value)}`);
    case "decimal":
      if (typeof value === "number") return value;
      throw ScimError.invalidValue(`${label} is a decimal number, not ${JSON.stringify(value)}`);
    case "dateTime":
      if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return value;
      throw ScimError.invalidValue(`${label} is a dateTime (like 2026-01-05T09:00:00Z), not ${JSON.stringify(value)}`);
    default:
      if (typeof value === "string") return value;
      throw ScimError.invalidValue(`${label} is a string, not ${JSON.stringify(value)}`);
  }
}

/** Required attributes must be present and non-empty (userName for a User, displayName for a Group). */
export function checkRequired(attributes: Record<string, Json>, schema: ResourceSchema): void {
  for (const def of schema.core.attributes) {
    if (!def.required) continue;
    const v = attributes[def.name];
    if (v === undefined || v === null || v === "") {
      throw ScimError.invalidValue(`${def.name} is required for a ${schema.name}`);
    }
  }
}
