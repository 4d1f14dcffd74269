/**
 * Applies a PatchOp request (RFC 7644 section 3.5.2) to a resource's canonical attributes.
 * Works on a copy and returns it, so a failing operation leaves the stored resource untouched.
 */
import type { AttributeDefinition, ResourceSchema } from "./schemas";
import { type FilterNode, formatAttrPath } from "./filter-parser";
import { compileFilter } from "./filter-evaluator";
import { type PatchTarget, parsePatchPath } from "./patch-path";
import { type InputTolerance, checkRequired, normalizeValue } from "./resource-input";
import { ScimError } from "./scim-error";
import { SCHEMA } from "./types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Attrs = Record<string, Json>;

export interface PatchTolerance extends InputTolerance {
  /** `Add` / `Replace` / `Remove` accepted (Entra's 2017 dialect). @default false */
  caseInsensitiveOps?: boolean;
  /** `remove` with `path: "members"` and `value: [{value: id}]` removes those values. @default false */
  removeByValue?: boolean;
  /** A no-path value object may use paths as keys: `"name.givenName"`, `"urn:...:User:department"`. @default false */
  pathKeys?: boolean;
  /** `add` / `replace` through a value filter that matches nothing creates the element. @default false */
  upsertValuePath?: boolean;
  /** `remove` through a value filter that matches nothing succeeds without change. @default false */
  removeMissingIsNoop?: boolean;
  /** Unquoted words as filter values inside paths. @default false */
  bareFilterValues?: boolean;
}

type Op = "add" | "remove" | "replace";

export function applyPatch(current: Attrs, body: unknown, schema: ResourceSchema, tolerance: PatchTolerance = {}): Attrs {
  const ops = readOperations(body, tolerance);
  const attrs = cloneJson(current) as Attrs;
  const patcher = new Patcher(schema, tolerance);
  ops.forEach((operation, index) => {
    try {
      patcher.apply(attrs, operation.op, operation.path, operation.value, operation.hasValue);
    } catch (error) {
      if (error instanceof ScimError && ops.length > 1) {
        throw new ScimError(error.status, error.scimType, `Operations[${index}]: ${error.detail}`, error.headers);
      }
      throw error;
    }
  });
  prune(attrs);
  checkRequired(attrs, schema);
  return attrs;
}

interface ReadOperation {
  op: Op;
  path: string | undefined;
  value: unknown;
  hasValue: boolean;
}

function readOperations(body: unknown, tolerance: PatchTolerance): ReadOperation[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw ScimError.invalidSyntax(`a PATCH body must be a PatchOp object: {"schemas": ["${SCHEMA.patchOp}"], "Operations": [...]}`);
  }
  const record = body as Record<string, unknown>;
  const key = (name: string) => Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const schemasKey = key("schemas");
  const schemas = schemasKey ? record[schemasKey] : undefined;
  if (schemas === undefined) {
    if (!tolerance.schemasOptional) throw ScimError.invalidSyntax(`the PATCH body must list "schemas": ["${SCHEMA.patchOp}"]`);
  } else if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === SCHEMA.patchOp.toLowerCase())) {
    throw ScimError.invalidSyntax(`"schemas" of a PATCH body must be ["${SCHEMA.patchOp}"]`);
  }
  const opsKey = key("Operations");
  const ops = opsKey ? record[opsKey] : undefined;
  if (!Array.isArray(ops) || ops.length === 0) throw ScimError.invalidSyntax(`"Operations" must be a non-empty array`);
  return ops.map((raw, i) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw ScimError.invalidSyntax(`Operations[${i}] must be an object`);
    const o = raw as Record<string, unknown>;
    const get = (name: string) => {
      const k = Object.keys(o).find((x) => x.toLowerCase() === name);
      return k === undefined ? { has: false, v: undefined } : { has: true, v: o[k] };
    };
    const opText = get("op").v;
    if (typeof opText !== "string") throw ScimError.invalidSyntax(`Operations[${i}].op is required: "add", "remove" or "replace"`);
    const op = tolerance.caseInsensitiveOps ? opText.toLowerCase() : opText;
    if (op !== "add" && op !== "remove" && op !== "replace") {
      throw ScimError.invalidSyntax(`Operations[${i}].op is ${JSON.stringify(opText)}; it must be "add", "remove" or "replace"`);
    }
    const path = get("path").v;
    if (path !== undefined && path !== null && typeof path !== "string") throw ScimError.invalidPath(`Operations[${i}].path must be a string`);
    const value = get("value");
    return { op, path: typeof path === "string" ? path : undefined, value: value.v, hasValue: value.has && value.v !== undefined };
  });
}

class Patcher {
  constructor(
    private readonly schema: ResourceSchema,
    private readonly tolerance: PatchTolerance,
  ) {}

  apply(attrs: Attrs, op: Op, path: string | undefined, value: unknown, hasValue: boolean): void {
    if (path === undefined) {
      if (op === "remove") throw ScimError.noTarget(`"remove" needs a "path" (RFC 7644 3.5.2.2)`);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw ScimError.invalidValue(`"${op}" without a path takes an object of attributes as its value`);
      }
      this.applyObject(attrs, op, value as Attrs);
      return;
    }
    const target = parsePatchPath(path, this.schema, { bareValues: this.tolerance.bareFilterValues });
    if (op !== "remove" && !hasValue) throw ScimError.invalidValue(`"${op}" of "${path}" needs a value`);
    if (op === "remove" && hasValue && !this.tolerance.removeByValue) {
      throw ScimError.invalidSyntax(`"remove" takes no value (RFC 7644 3.5.2.2); select what to remove with a filter, e.g. members[value eq "id"]`);
    }
    this.applyTarget(attrs, op, target, value, path, hasValue);
  }

  private applyObject(attrs: Attrs, op: Op, value: Attrs): void {
    for (const [key, v] of Object.entries(value)) {
      if (key.toLowerCase() === "schemas") continue;
      const direct = this.schema.attribute(key);
      const isPath = !direct && (key.includes(".") || /^urn:/i.test(key) || key.includes("["));
      if (isPath && !/^urn:/i.test(key) && !this.tolerance.pathKeys) {
        throw ScimError.invalidPath(`"${key}" is not an attribute name; a value object holds attributes (use a "path" for "${key}")`);
      }
      if (!direct && !isPath) continue; // unknown attributes are ignored, as on create
      const target = parsePatchPath(key, this.schema, { bareValues: this.tolerance.bareFilterValues });
      if (target.kind === "attribute" && target.attribute.definition.mutability === "readOnly") {
        if (key.toLowerCase() === "id" || key.toLowerCase() === "meta") continue; // echoing id/meta is harmless
      }
      this.applyTarget(attrs, op, target, v, key, true);
    }
  }

  private applyTarget(attrs: Attrs, op: Op, target: PatchTarget, value: unknown, label: string, hasValue: boolean): void {
    if (target.kind === "extension") {
      if (op === "remove") {
        delete attrs[target.schema];
        return;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw ScimError.invalidValue(`${target.schema} takes an object of its attributes`);
      for (const [key, v] of Object.entries(value as Attrs)) {
        const resolved = this.schema.attributeIn(target.schema, key);
        if (!resolved) continue;
        this.applyTarget(attrs, op, { kind: "attribute", attribute: resolved }, v, `${target.schema}:${key}`, true);
      }
      return;
    }
    const def = target.attribute.definition;
    const leaf = target.sub ?? def;
    if (def.mutability === "readOnly" || leaf.mutability === "readOnly") {
      throw ScimError.mutability(`"${label}" is readOnly and cannot be changed`);
    }
    const container = target.attribute.extension ? (attrs[target.attribute.schema] ??= {}) : attrs;
    const name = def.name;

    if (target.filter) {
      this.applyFiltered(container, op, def, target.filter, target.sub, value, label);
      return;
    }
    if (op === "remove") {
      if (hasValue && def.multiValued && def.type === "complex") {
        this.removeByValue(container, def, value, label);
        return;
      }
      if (target.sub) {
        for (const el of asList(container[name])) if (el && typeof el === "object") delete el[target.sub.name];
        return;
      }
      if (def.required) throw ScimError.invalidValue(`${name} is required and cannot be removed`);
      delete container[name];
      return;
    }
    if (target.sub) {
      const v = normalizeValue(value, target.sub, this.schema, this.tolerance, label);
      if (def.multiValued) {
        const list = asList(container[name]);
        if (list.length === 0) container[name] = [{ [target.sub.name]: v }];
        else for (const el of list) el[target.sub.name] = v;
      } else {
        const obj = (container[name] ??= {});
        if (v === undefined) delete obj[target.sub.name];
        else obj[target.sub.name] = v;
      }
      return;
    }
    const v = normalizeValue(value, def, this.schema, this.tolerance, label);
    if (v === undefined) {
      if (op === "replace") delete container[name]; // replace with null: unassign
      return;
    }
    if (def.multiValued) {
      if (op === "replace") container[name] = v;
      else container[name] = mergeList(asList(container[name]), v as Json[]);
      if (def.type === "complex") clearExtraPrimaries(container[name], v as Json[]);
    } else if (def.type === "complex" && container[name] && typeof container[name] === "object") {
      Object.assign(container[name], v);
    } else {
      container[name] = v;
    }
  }

  private applyFiltered(container: Attrs, op: Op, def: AttributeDefinition, filter: FilterNode, sub: AttributeDefinition | undefined, value: unknown, label: string): void {
    const test = elementPredicate(this.schema, def, filter, this.tolerance);
    const list = asList(container[def.name]);
    const hits = list.filter((el) => el && typeof el === "object" && test(el));
    if (op === "remove") {
      if (hits.length === 0) {
        if (this.tolerance.removeMissingIsNoop) return;
        throw ScimError.noTarget(`"${label}" matches no value to remove`);
      }
      if (sub) for (const el of hits) delete el[sub.name];
      else container[def.name] = list.filter((el) => !hits.includes(el));
      return;
    }
    if (hits.length === 0) {
      if (!this.tolerance.upsertValuePath) throw ScimError.noTarget(`"${label}" matches no value (RFC 7644 3.5.2.3)`);
      const element: Attrs = seedFromFilter(filter, def, this.schema);
      const patch = sub ? { [sub.name]: value } : value;
      const merged = normalizeValue([{ ...element, ...(patch as Attrs) }], def, this.schema, this.tolerance, label) as Json[] | undefined;
      if (merged) container[def.name] = [...list, ...merged];
      return;
    }
    for (const el of hits) {
      if (sub) {
        const v = normalizeValue(value, sub, this.schema, this.tolerance, label);
        if (v === undefined) delete el[sub.name];
        else el[sub.name] = v;
      } else {
        const v = normalizeValue([value], def, this.schema, this.tolerance, label) as Json[] | undefined;
        if (v?.[0]) Object.assign(el, v[0]);
      }
    }
    if (def.type === "complex") clearExtraPrimaries(container[def.name], hits);
  }

  private removeByValue(container: Attrs, def: AttributeDefinition, value: unknown, label: string): void {
    const wanted = asList(value).map((v) => (v && typeof v === "object" ? (v as Attrs).value ?? findCi(v as Attrs, "value") : v));
    if (wanted.some((v) => typeof v !== "string")) throw ScimError.invalidValue(`"remove" of ${label} takes values like [{"value": "id"}]`);
    container[def.name] = asList(container[def.name]).filter((el) => !(el && wanted.includes(el.value)));
  }
}

function findCi(obj: Attrs, name: string): Json {
  const k = Object.keys(obj).find((x) => x.toLowerCase() === name);
  return k === undefined ? undefined : obj[k];
}

/** A predicate over elements of a multi-valued complex attribute, from a value filter. */
function elementPredicate(schema: ResourceSchema, def: AttributeDefinition, filter: FilterNode, tolerance: PatchTolerance): (el: Attrs) => boolean {
  // Evaluate as `attr[filter]` on a one-attribute wrapper, reusing the filter compiler.
  const predicate = compileFilter({ kind: "valuePath", path: { name: def.name }, filter }, schema, {
    booleanStrings: tolerance.booleanStrings,
    get: (wrapper) => wrapper.el,
  });
  return (el) => predicate({ el: [el] });
}

/** `emails[type eq "work"]` seeds a new element `{type: "work"}` when an upsert creates one. */
function seedFromFilter(filter: FilterNode, def: AttributeDefinition, schema: ResourceSchema): Attrs {
  const out: Attrs = {};
  const walk = (node: FilterNode): void => {
    if (node.kind === "and") {
      walk(node.left);
      walk(node.right);
    } else if (node.kind === "compare" && node.op === "eq" && !node.path.uri && !node.path.sub) {
      const sub = schema.subAttribute(def, node.path.name);
      if (sub) out[sub.name] = node.value;
    } else {
      throw ScimError.noTarget(`the filter of ${def.name} matches no value and cannot describe a new one (${formatAttrPath({ name: def.name })})`);
    }
  };
  walk(filter);
  return out;
}

function asList(value: unknown): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Adds values to a multi-valued attribute, skipping ones already there (same `value`, or same JSON). */
function mergeList(existing: Json[], added: Json[]): Json[] {
  const out = [...existing];
  for (const v of added) {
    const dup = out.some((e) =>
      e && v && typeof e === "object" && typeof v === "object" && e.value !== undefined && v.value !== undefined
        ? e.value === v.value && (e.type ?? null) === (v.type ?? null)
        : JSON.stringify(e) === JSON.stringify(v),
    );
    if (!dup) out.push(v);
  }
  return out;
}

/** When a written value sets `primary: true`, the others lose it (RFC 7643 2.4: at most one primary). */
function clearExtraPrimaries(list: Json[] | undefined, written: Json[]): void {
  if (!Array.isArray(list)) return;
  const winner = written.find((w) => w && w.primary === true);
  if (!winner) return;
  const keep = list.find((el) => el === winner) ?? list.filter((el) => el && el.primary === true).pop();
  for (const el of list) if (el && el !== keep && el.primary === true) delete el.primary;
}

/** Drops empty lists and objects left behind by removals (unassigned, RFC 7643 2.5). */
function prune(attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (Array.isArray(value)) {
      if (value.length === 0) delete attrs[key];
    } else if (value && typeof value === "object") {
      prune(value);
      if (Object.keys(value).length === 0) delete attrs[key];
    }
  }
}

/** Deep copy of plain JSON data (several times faster than structuredClone for small objects). */
function cloneJson(value: Json): Json {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: Attrs = {};
  for (const key in value) out[key] = cloneJson(value[key]);
  return out;
}
