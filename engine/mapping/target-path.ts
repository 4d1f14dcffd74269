import { GROUP, USER, type AttributeDefinition, type AttributeType, type ResourceSchema } from "../../scim/schemas";

/**
 * A target attribute path as the Entra portal writes them: `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:department`, `urn:…:CustomExt:2.0:User:tag`.
 * Core and enterprise attributes are checked against the SCIM schemas (so a typo is an error and
 * the type is known); attributes of other extension URNs are custom and taken as written.
 */
export interface TargetPath {
  readonly text: string;
  /** The extension schema URN, or null for the resource's core schema. */
  readonly schema: string | null;
  /** The top-level attribute (spelled as the schema spells it, when known). */
  readonly attribute: string;
  /** `[type eq "work"]`: selects one element of a multi-valued complex attribute. */
  readonly filter?: { readonly attribute: string; readonly value: string | boolean };
  readonly sub?: string;
  /** Type of the value at the end of the path; `unknown` for custom extensions. */
  readonly type: AttributeType | "unknown";
  readonly caseExact: boolean;
  /** The top-level attribute is multi-valued (members, emails). */
  readonly multiValued: boolean;
  /** A complex attribute without a sub-attribute: only a reference (manager, members) may target it. */
  readonly complex: boolean;
}

export type TargetObjectType = "User" | "Group";

const SCHEMAS: Record<TargetObjectType, ResourceSchema> = { User: USER, Group: GROUP };
const NAME = /^[A-Za-z][\w$-]*$/;
const FILTER = /^\s*([A-Za-z][\w$-]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*$/i;

const cache: Record<TargetObjectType, Map<string, TargetPath>> = { User: new Map(), Group: new Map() };

/** {@link parseTargetPath}, cached: mappings use a handful of paths for every object. */
export function targetPath(text: string, type: TargetObjectType): TargetPath {
  const byText = cache[type];
  let path = byText.get(text);
  if (!path) {
    path = parseTargetPath(text, type);
    byText.set(text, path);
  }
  return path;
}

/** Parses and checks a target path; throws an Error whose message says what is wrong. */
export function parseTargetPath(text: string, type: TargetObjectType): TargetPath {
  const schema = SCHEMAS[type];
  const trimmed = text.trim();
  if (trimmed === "") throw new Error("the target attribute is empty");
  let urn: string | null = null;
  let known = true;
  let rest = trimmed;
  if (/^urn:/i.test(trimmed)) {
    const split = schema.splitUrn(beforeFilter(trimmed));
    if (split) {
      if (split.rest === "") throw new Error(`"${text}" is a schema URN, not an attribute`);
      urn = split.schema === schema.core.id ? null : split.schema;
      rest = trimmed.slice(split.schema.length + 1);
    } else {
      const colon = beforeFilter(trimmed).lastIndexOf(":");
      urn = trimmed.slice(0, colon);
      rest = trimmed.slice(colon + 1);
      known = false;
      if (!/^urn:[\w.-]+(:[\w.-]+)+$/i.test(urn)) throw new Error(`"${urn}" is not a schema URN`);
    }
  }
  const { head, filterText, sub } = splitPath(rest, text);
  if (!NAME.test(head) || (sub !== undefined && !NAME.test(sub))) throw new Error(`"${text}" is not an attribute path`);
  let filter = filterText === undefined ? undefined : parseFilter(filterText, text);
  if (!known) {
    return { text, schema: urn, attribute: head, ...(filter ? { filter } : {}), ...(sub ? { sub } : {}), type: "unknown", caseExact: false, multiValued: filter !== undefined, complex: false };
  }
  const resolved = urn ? schema.attributeIn(urn, head) : schema.attribute(head);
  if (!resolved) throw new Error(`a SCIM ${type} has no attribute "${head}"${urn ? ` in ${urn}` : ""}`);
  const def = resolved.definition;
  if (def.mutability === "readOnly") throw new Error(`"${def.name}" is read-only on the target`);
  let leaf: AttributeDefinition = def;
  if (filter) {
    if (def.type !== "complex" || !def.multiValued) throw new Error(`"${def.name}" is not multi-valued, so it takes no [filter]`);
    const filterDef = schema.subAttribute(def, filter.attribute);
    if (!filterDef) throw new Error(`"${def.name}" has no sub-attribute "${filter.attribute}" to filter on`);
    // `primary eq "True"` (as the portal writes it) compares with a boolean.
    const value = filterDef.type === "boolean" && typeof filter.value === "string" ? filter.value.toLowerCase() === "true" : filter.value;
    filter = { attribute: filterDef.name, value };
  }
  let subName: string | undefined;
  if (sub !== undefined) {
    if (def.type !== "complex") throw new Error(`"${def.name}" has no sub-attributes`);
    const subDef = schema.subAttribute(def, sub);
    if (!subDef) throw new Error(`"${def.name}" has no sub-attribute "${sub}"`);
    leaf = subDef;
    subName = subDef.name;
  } else if (filter) {
    throw new Error(`"${text}" selects an element of "${def.name}" but no sub-attribute; add one, e.g. .value`);
  }
  return {
    text,
    schema: urn,
    attribute: def.name,
    ...(filter ? { filter } : {}),
    ...(subName ? { sub: subName } : {}),
    type: leaf.type,
    caseExact: leaf.caseExact === true,
    multiValued: def.multiValued,
    complex: leaf.type === "complex",
  };
}

function beforeFilter(text: string): string {
  const bracket = text.indexOf("[");
  return bracket < 0 ? text : text.slice(0, bracket);
}

function splitPath(rest: string, text: string): { head: string; filterText?: string; sub?: string } {
  const bracket = rest.indexOf("[");
  if (bracket < 0) {
    const dot = rest.indexOf(".");
    return dot < 0 ? { head: rest } : { head: rest.slice(0, dot), sub: rest.slice(dot + 1) };
  }
  const close = rest.lastIndexOf("]");
  if (close < bracket) throw new Error(`"${text}" has a '[' without its ']'`);
  const tail = rest.slice(close + 1);
  if (tail !== "" && !tail.startsWith(".")) throw new Error(`unexpected "${tail}" after the filter in "${text}"`);
  return { head: rest.slice(0, bracket), filterText: rest.slice(bracket + 1, close), ...(tail ? { sub: tail.slice(1) } : {}) };
}

function parseFilter(filterText: string, text: string): { attribute: string; value: string | boolean } {
  const match = FILTER.exec(filterText);
  if (!match) throw new Error(`the filter in "${text}" must have the form [type eq "work"]`);
  const value = match[3] !== undefined ? match[3].toLowerCase() === "true" : match[2]!.replace(/\\(.)/g, "$1");
  return { attribute: match[1]!, value };
}
