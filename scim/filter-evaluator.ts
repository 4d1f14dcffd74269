/**
 * Compiles a parsed filter against a resource schema into a predicate. Attribute names resolve
 * case-insensitively; string comparisons honour each attribute's `caseExact` (so `userName` is
 * compared case-insensitively); dateTime values compare as instants; a multi-valued attribute
 * matches when any of its values does (RFC 7644 section 3.4.2.2).
 */
import type { AttributeDefinition, ResolvedAttribute, ResourceSchema } from "./schemas";
import { type AttrPath, type CompareOp, type CompareValue, type FilterNode, formatAttrPath } from "./filter-parser";
import { ScimError } from "./scim-error";

// Resources are plain JSON objects; `any` keeps the hot path free of casts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resource = any;
export type Predicate = (resource: Resource) => boolean;

/** Reads a top-level attribute of a resource (lets a store keep `meta` in a compact form). */
export type TopGetter = (resource: Resource, attribute: ResolvedAttribute) => unknown;

export const plainGetter: TopGetter = (resource, attribute) =>
  attribute.extension ? resource[attribute.schema]?.[attribute.definition.name] : resource[attribute.definition.name];

export interface CompileOptions {
  get?: TopGetter;
  /** Accept "true"/"false" strings for boolean attributes (Entra's older dialect). @default false */
  booleanStrings?: boolean;
  /** Unknown attributes have no value instead of failing (searches across resource types). @default false */
  unknownAsAbsent?: boolean;
}

interface Context {
  schema: ResourceSchema;
  get: TopGetter;
  booleanStrings: boolean;
  unknownAsAbsent: boolean;
  /** Inside a value filter: the multi-valued complex attribute whose elements are tested. */
  parent?: AttributeDefinition;
}

type Extract = (target: Resource) => unknown[];

export function compileFilter(node: FilterNode, schema: ResourceSchema, options: CompileOptions = {}): Predicate {
  return compile(node, { schema, get: options.get ?? plainGetter, booleanStrings: options.booleanStrings ?? false, unknownAsAbsent: options.unknownAsAbsent ?? false });
}

function compile(node: FilterNode, ctx: Context): Predicate {
  switch (node.kind) {
    case "and": {
      const l = compile(node.left, ctx);
      const r = compile(node.right, ctx);
      return (x) => l(x) && r(x);
    }
    case "or": {
      const l = compile(node.left, ctx);
      const r = compile(node.right, ctx);
      return (x) => l(x) || r(x);
    }
    case "not": {
      const e = compile(node.expr, ctx);
      return (x) => !e(x);
    }
    case "present": {
      const { extract } = resolve(node.path, ctx, true);
      return (x) => extract(x).some(isPresent);
    }
    case "compare": {
      const { extract, definition } = resolve(node.path, ctx, false);
      const test = comparator(definition, node.op, node.value, node.path, ctx);
      if (node.value === null) {
        // `x eq null` holds when x has no value; `x ne null` when it has one.
        const wantPresent = node.op === "ne";
        return (x) => extract(x).some(isPresent) === wantPresent;
      }
      if (node.op === "ne") return (x) => !extract(x).some(test);
      return (x) => extract(x).some(test);
    }
    case "valuePath": {
      if (ctx.parent) throw ScimError.invalidFilter(`value filters cannot be nested (${formatAttrPath(node.path)})`);
      const { extract, definition } = resolve(node.path, ctx, true);
      if (definition.type !== "complex" || !definition.multiValued) {
        throw ScimError.invalidFilter(`"${formatAttrPath(node.path)}" is not a multi-valued complex attribute, so it takes no [filter]`);
      }
      const inner = compile(node.filter, { ...ctx, parent: definition });
      return (x) => extract(x).some((el) => el !== null && typeof el === "object" && inner(el));
    }
  }
}

/** Resolves a path to a value extractor and the definition its values follow. */
function resolve(path: AttrPath, ctx: Context, wholeComplex: boolean): { extract: Extract; definition: AttributeDefinition } {
  const label = formatAttrPath(path);
  if (ctx.parent) {
    if (path.uri || path.sub) throw ScimError.invalidFilter(`"${label}" is not a sub-attribute of ${ctx.parent.name}`);
    const sub = ctx.schema.subAttribute(ctx.parent, path.name);
    if (!sub) throw ScimError.invalidFilter(`${ctx.parent.name} has no sub-attribute "${path.name}"`);
    const name = sub.name;
    return { extract: (el) => flat(el[name]), definition: sub };
  }
  const resolved = path.uri ? ctx.schema.attributeIn(path.uri, path.name) : findAnywhere(ctx.schema, path.name);
  if (!resolved && ctx.unknownAsAbsent) return { extract: () => EMPTY, definition: ABSENT };
  if (!resolved) throw ScimError.invalidFilter(`unknown attribute "${label}" for ${ctx.schema.name}`);
  const get = ctx.get;
  const top = resolved.definition;
  if (path.sub) {
    if (top.type !== "complex") throw ScimError.invalidFilter(`"${top.name}" has no sub-attributes ("${label}")`);
    const sub = ctx.schema.subAttribute(top, path.sub);
    if (!sub) throw ScimError.invalidFilter(`${top.name} has no sub-attribute "${path.sub}"`);
    const name = sub.name;
    return { extract: (r) => subValues(get(r, resolved), name), definition: sub };
  }
  if (top.type === "complex" && !wholeComplex) {
    // A complex attribute compared without a sub-attribute compares its "value" (RFC 7644 3.4.2.2).
    const value = ctx.schema.subAttribute(top, "value");
    if (!value) throw ScimError.invalidFilter(`"${label}" is complex: compare one of its sub-attributes`);
    return { extract: (r) => subValues(get(r, resolved), "value"), definition: value };
  }
  return { extract: (r) => flat(get(r, resolved)), definition: top };
}

function findAnywhere(schema: ResourceSchema, name: string): ResolvedAttribute | undefined {
  const core = schema.attribute(name);
  if (core) return core;
  for (const ext of schema.extensions) {
    const found = schema.attributeIn(ext.id, name);
    if (found) return found;
  }
  return undefined;
}

function flat(value: unknown): unknown[] {
  if (value === undefined || value === null) return EMPTY;
  return Array.isArray(value) ? value : [value];
}

function subValues(value: unknown, name: string): unknown[] {
  if (value === undefined || value === null) return EMPTY;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const el of value) if (el && typeof el === "object" && (el as Record<string, unknown>)[name] !== undefined) out.push((el as Record<string, unknown>)[name]);
    return out;
  }
  if (typeof value === "object") return flat((value as Record<string, unknown>)[name]);
  return EMPTY;
}

const EMPTY: unknown[] = [];
const ABSENT: AttributeDefinition = {
  name: "(unknown)",
  type: "string",
  multiValued: false,
  description: "",
  required: false,
  caseExact: false,
  mutability: "readOnly",
  returned: "never",
  uniqueness: "none",
};

function isPresent(v: unknown): boolean {
  if (v === null || v === undefined || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function comparator(def: AttributeDefinition, op: CompareOp, value: CompareValue, path: AttrPath, ctx: Context): (v: unknown) => boolean {
  const label = formatAttrPath(path);
  if (value === null) {
    if (op !== "eq" && op !== "ne") throw ScimError.invalidFilter(`"${op}" cannot compare with null (${label})`);
    return () => false; // handled by presence in compile()
  }
  switch (def.type) {
    case "boolean": {
      let b = value;
      if (typeof b === "string" && ctx.booleanStrings && /^(true|false)$/i.test(b)) b = b.toLowerCase() === "true";
      if (typeof b !== "boolean") throw ScimError.invalidFilter(`${label} is a boolean: compare it with true or false`);
      if (op !== "eq" && op !== "ne") throw ScimError.invalidFilter(`"${op}" is not defined for the boolean ${label}`);
      return (v) => v === b || (ctx.booleanStrings && typeof v === "string" && v.toLowerCase() === String(b));
    }
    case "integer":
    case "decimal": {
      if (typeof value !== "number") throw ScimError.invalidFilter(`${label} is a number: compare it with a number`);
      if (op === "co" || op === "sw" || op === "ew") throw ScimError.invalidFilter(`"${op}" is not defined for the number ${label}`);
      return (v) => typeof v === "number" && order(op, v - value);
    }
    case "dateTime": {
      if (typeof value !== "string") throw ScimError.invalidFilter(`${label} is a dateTime: compare it with a quoted date`);
      if (op === "co" || op === "sw" || op === "ew") return stringTest(op, value, false);
      const t = Date.parse(value);
      if (Number.isNaN(t)) throw ScimError.invalidFilter(`"${value}" is not a dateTime (${label})`);
      return (v) => {
        const s = typeof v === "string" ? Date.parse(v) : typeof v === "number" ? v : Number.NaN;
        return !Number.isNaN(s) && order(op, s - t);
      };
    }
    case "complex":
      throw ScimError.invalidFilter(`"${label}" is complex: compare one of its sub-attributes`);
    default: {
      const text = typeof value === "string" ? value : String(value);
      return stringTest(op, text, def.caseExact);
    }
  }
}

function stringTest(op: CompareOp, value: string, caseExact: boolean): (v: unknown) => boolean {
  const needle = caseExact ? value : value.toLowerCase();
  const norm = caseExact ? (s: string) => s : (s: string) => s.toLowerCase();
  switch (op) {
    case "eq":
    case "ne":
      return (v) => typeof v === "string" && norm(v) === needle;
    case "co":
      return (v) => typeof v === "string" && norm(v).includes(needle);
    case "sw":
      return (v) => typeof v === "string" && norm(v).startsWith(needle);
    case "ew":
      return (v) => typeof v === "string" && norm(v).endsWith(needle);
    default:
      return (v) => {
        if (typeof v !== "string") return false;
        const s = norm(v);
        return order(op, s < needle ? -1 : s > needle ? 1 : 0);
      };
  }
}

function order(op: CompareOp, diff: number): boolean {
  switch (op) {
    case "gt":
      return diff > 0;
    case "ge":
      return diff >= 0;
    case "lt":
      return diff < 0;
    case "le":
      return diff <= 0;
    default:
      return diff === 0;
  }
}
