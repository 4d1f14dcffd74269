/**
 * PATCH paths (RFC 7644 section 3.5.2): `attr`, `attr.sub`, `urn:...:attr`, `attr[filter]`,
 * `attr[filter].sub`, or an extension URN on its own. Names resolve case-insensitively.
 */
import type { AttributeDefinition, ResolvedAttribute, ResourceSchema } from "./schemas";
import { type FilterNode, type FilterParseOptions, parseFilter } from "./filter-parser";
import { ScimError } from "./scim-error";

export type PatchTarget =
  | { kind: "extension"; schema: string }
  | {
      kind: "attribute";
      attribute: ResolvedAttribute;
      /** A value filter selecting elements of a multi-valued complex attribute. */
      filter?: FilterNode;
      sub?: AttributeDefinition;
    };

const NAME = /^[A-Za-z$][\w$-]*$/;

export function parsePatchPath(path: string, schema: ResourceSchema, options: FilterParseOptions = {}): PatchTarget {
  const text = path.trim();
  if (text === "") throw ScimError.invalidPath(`the path is empty`);
  let urn: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const split = schema.splitUrn(text.replace(/\[.*$/s, ""));
    if (!split) throw ScimError.invalidPath(`"${path}" names no schema of a ${schema.name} (${schema.schemaUrns.join(", ")})`);
    if (split.rest === "" && !text.includes("[")) {
      if (split.schema === schema.core.id) throw ScimError.invalidPath(`"${path}" is a schema, not an attribute`);
      return { kind: "extension", schema: split.schema };
    }
    urn = split.schema;
    rest = text.slice(split.schema.length + 1);
  }
  const bracket = rest.indexOf("[");
  let head = bracket < 0 ? rest : rest.slice(0, bracket);
  let filterText: string | undefined;
  let tail = "";
  if (bracket >= 0) {
    const close = closingBracket(rest, bracket);
    if (close < 0) throw ScimError.invalidPath(`"${path}" has a '[' without its ']'`);
    filterText = rest.slice(bracket + 1, close);
    tail = rest.slice(close + 1);
    if (tail !== "" && !tail.startsWith(".")) throw ScimError.invalidPath(`unexpected "${tail}" after the filter in "${path}"`);
    tail = tail.slice(1);
  }
  let subName: string | undefined;
  if (filterText === undefined) {
    const dot = head.indexOf(".");
    if (dot >= 0) {
      subName = head.slice(dot + 1);
      head = head.slice(0, dot);
    }
  } else if (tail !== "") subName = tail;
  if (!NAME.test(head) || (subName !== undefined && !NAME.test(subName))) {
    throw ScimError.invalidPath(`"${path}" is not an attribute path`);
  }
  const attribute = urn ? schema.attributeIn(urn, head) : findAttribute(schema, head);
  if (!attribute) throw ScimError.invalidPath(`a ${schema.name} has no attribute "${head}" (path "${path}")`);
  const def = attribute.definition;
  let sub: AttributeDefinition | undefined;
  if (subName !== undefined) {
    if (def.type !== "complex") throw ScimError.invalidPath(`"${def.name}" has no sub-attributes (path "${path}")`);
    sub = schema.subAttribute(def, subName);
    if (!sub) throw ScimError.invalidPath(`"${def.name}" has no sub-attribute "${subName}" (path "${path}")`);
  }
  let filter: FilterNode | undefined;
  if (filterText !== undefined) {
    if (def.type !== "complex" || !def.multiValued) {
      throw ScimError.invalidPath(`"${def.name}" is not a multi-valued complex attribute, so it takes no [filter] (path "${path}")`);
    }
    try {
      filter = parseFilter(filterText, options);
    } catch (error) {
      if (error instanceof ScimError) throw ScimError.invalidPath(`the filter in "${path}" is invalid: ${error.detail}`);
      throw error;
    }
  }
  return { kind: "attribute", attribute, ...(filter ? { filter } : {}), ...(sub ? { sub } : {}) };
}

function findAttribute(schema: ResourceSchema, name: string): ResolvedAttribute | undefined {
  return schema.attribute(name);
}

function closingBracket(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "]") return i;
  }
  return -1;
}
