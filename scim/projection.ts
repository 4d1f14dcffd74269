/**
 * `attributes` / `excludedAttributes` (RFC 7644 section 3.9): which attributes a response carries.
 * `id` and `schemas` are always returned; `returned: "never"` attributes (password) never are.
 */
import type { ResourceSchema } from "./schemas";
import { parseFilter } from "./filter-parser";
import { compileFilter, type Predicate } from "./filter-evaluator";
import { ScimError } from "./scim-error";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ProjectionRequest {
  attributes?: string[] | undefined;
  excludedAttributes?: string[] | undefined;
}

export interface ProjectionOptions {
  /** `attributes=emails[type eq "work"]` returns only the matching values (Microsoft's reference server accepts it). @default false */
  filteredAttributes?: boolean;
  bareFilterValues?: boolean;
}

interface Selection {
  /** Container key: "" for core attributes, the URN for extension ones. */
  container: string;
  name: string;
  sub?: string;
  elements?: Predicate;
  /** The whole extension object. */
  whole?: boolean;
}

/** A compiled projection, reusable across every resource of a list response. */
export type Projector = (resource: Json) => Json;

export function splitList(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (Array.isArray(value)) return value.flatMap((v) => splitList(v) ?? []);
  if (typeof value !== "string") throw ScimError.invalidValue(`attribute lists are comma-separated strings`);
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === "," && depth === 0) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((s) => s !== "");
}

export function compileProjection(schema: ResourceSchema, request: ProjectionRequest, options: ProjectionOptions = {}): Projector {
  const include = request.attributes?.length ? request.attributes.map((a) => select(schema, a, options)).filter(isSelection) : undefined;
  const exclude = request.excludedAttributes?.length ? request.excludedAttributes.map((a) => select(schema, a, options)).filter(isSelection) : undefined;
  const never = neverReturned(schema);
  if (include && include.length > 0) return (resource) => pick(resource, include, never);
  if (exclude && exclude.length > 0) return (resource) => drop(resource, exclude, never);
  if (never.length === 0) return identity;
  // The common case: nothing requested. Copy only when a never-returned attribute is present.
  return (resource) => (never.some((s) => (s.container ? resource[s.container]?.[s.name] : resource[s.name]) !== undefined) ? drop(resource, never, []) : resource);
}

const identity: Projector = (r) => r;
const neverCache = new WeakMap<ResourceSchema, Selection[]>();

function isSelection(s: Selection | undefined): s is Selection {
  return s !== undefined;
}

function select(schema: ResourceSchema, text: string, options: ProjectionOptions): Selection | undefined {
  let path = text;
  let elements: Predicate | undefined;
  const bracket = text.indexOf("[");
  if (bracket >= 0) {
    if (!options.filteredAttributes) {
      throw ScimError.invalidPath(`"${text}" is not an attribute name: attributes take names like "emails" or "emails.value" (RFC 7644 3.10)`);
    }
    const close = text.lastIndexOf("]");
    const name = text.slice(0, bracket);
    const filter = parseFilter(text.slice(bracket + 1, close < 0 ? undefined : close), { bareValues: options.bareFilterValues });
    const predicate = compileFilter({ kind: "valuePath", path: { name }, filter }, schema, { get: (w) => w.el });
    elements = (el) => predicate({ el: [el] });
    path = name + (close >= 0 ? text.slice(close + 1) : "");
  }
  const urn = schema.splitUrn(path);
  if (urn && urn.rest === "") return urn.schema === schema.core.id ? undefined : { container: urn.schema, name: "", whole: true };
  const rest = urn ? urn.rest : path;
  const [name = "", sub] = rest.split(".", 2);
  const resolved = urn ? schema.attributeIn(urn.schema, name) : schema.attribute(name) ?? findInExtensions(schema, name);
  if (!resolved) return undefined; // unknown names select nothing
  const subDef = sub !== undefined ? schema.subAttribute(resolved.definition, sub) : undefined;
  if (sub !== undefined && !subDef) return undefined;
  return {
    container: resolved.extension ? resolved.schema : "",
    name: resolved.definition.name,
    ...(subDef ? { sub: subDef.name } : {}),
    ...(elements ? { elements } : {}),
  };
}

function findInExtensions(schema: ResourceSchema, name: string) {
  for (const ext of schema.extensions) {
    const found = schema.attributeIn(ext.id, name);
    if (found) return found;
  }
  return undefined;
}

function neverReturned(schema: ResourceSchema): Selection[] {
  const cached = neverCache.get(schema);
  if (cached) return cached;
  const out: Selection[] = [];
  for (const s of [schema.core, ...schema.extensions]) {
    for (const def of s.attributes) {
      if (def.returned === "never") out.push({ container: s === schema.core ? "" : s.id, name: def.name });
    }
  }
  neverCache.set(schema, out);
  return out;
}

function pick(resource: Json, selections: Selection[], never: Selection[]): Json {
  const out: Json = { schemas: resource.schemas, id: resource.id };
  for (const s of selections) {
    const source = s.container ? resource[s.container] : resource;
    if (!source) continue;
    if (s.whole) {
      out[s.container] = source;
      continue;
    }
    let value = source[s.name];
    if (value === undefined) continue;
    if (s.elements && Array.isArray(value)) value = value.filter(s.elements);
    if (s.sub) {
      value = Array.isArray(value)
        ? value.filter((el) => el && el[s.sub!] !== undefined).map((el) => ({ [s.sub!]: el[s.sub!] }))
        : value[s.sub] === undefined ? undefined : { ...(containerOf(out, s)[s.name] ?? {}), [s.sub]: value[s.sub] };
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    }
    if (Array.isArray(value) && value.length === 0) continue;
    containerOf(out, s)[s.name] = value;
  }
  return never.length ? drop(out, never, []) : out;
}

function containerOf(out: Json, s: Selection): Json {
  if (!s.container) return out;
  return (out[s.container] ??= {});
}

function drop(resource: Json, selections: Selection[], never: Selection[]): Json {
  const out: Json = { ...resource };
  for (const s of [...selections, ...never]) {
    if (s.whole) {
      delete out[s.container];
      continue;
    }
    if (s.name === "id" || s.name === "schemas") continue;
    if (s.container) {
      if (!out[s.container]) continue;
      out[s.container] = { ...out[s.container] };
      removeFrom(out[s.container], s);
      if (Object.keys(out[s.container]).length === 0) delete out[s.container];
    } else removeFrom(out, s);
  }
  return out;
}

function removeFrom(container: Json, s: Selection): void {
  if (!s.sub) {
    delete container[s.name];
    return;
  }
  const value = container[s.name];
  if (Array.isArray(value)) {
    container[s.name] = value.map((el) => {
      const { [s.sub!]: _gone, ...rest } = el;
      return rest;
    });
  } else if (value && typeof value === "object") {
    const { [s.sub]: _gone, ...rest } = value;
    container[s.name] = rest;
  }
}
