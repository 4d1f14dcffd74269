/**
 * SCIM schema definitions (RFC 7643 sections 4, 7 and 8.7), read once from scimmy's built-in
 * schema classes and turned into plain immutable data with case-insensitive lookup. Only the
 * static class definitions are read: nothing here declares resources in scimmy's process-wide
 * registry, so any number of targets can share these definitions safely.
 */
import SCIMMY from "scimmy";
import { SCHEMA } from "./types";

export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "binary"
  | "complex";

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

export interface SchemaDefinition {
  schemas: [typeof SCHEMA.schema];
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

/** An attribute found by name: the schema it belongs to and its definition. */
export interface ResolvedAttribute {
  schema: string;
  /** True when the attribute lives in an extension (stored under the extension's URN key). */
  extension: boolean;
  definition: AttributeDefinition;
}

/** A resource type with its core schema and extensions, with case-insensitive attribute lookup. */
export class ResourceSchema {
  private readonly byName = new Map<string, ResolvedAttribute>();
  private readonly extensionsByUrn = new Map<string, SchemaDefinition>();
  private readonly subByParent = new Map<AttributeDefinition, Map<string, AttributeDefinition>>();

  constructor(
    readonly name: string,
    readonly endpoint: string,
    readonly description: string,
    readonly core: SchemaDefinition,
    readonly extensions: SchemaDefinition[],
  ) {
    for (const def of [...COMMON_ATTRIBUTES, ...core.attributes]) {
      this.byName.set(def.name.toLowerCase(), { schema: core.id, extension: false, definition: def });
    }
    for (const ext of extensions) this.extensionsByUrn.set(ext.id.toLowerCase(), ext);
    for (const schema of [core, ...extensions]) for (const def of schema.attributes) this.indexSubs(def);
    for (const def of COMMON_ATTRIBUTES) this.indexSubs(def);
  }

  /** Every schema URN a resource of this type may carry. */
  get schemaUrns(): string[] {
    return [this.core.id, ...this.extensions.map((e) => e.id)];
  }

  /** A top-level core (or common) attribute by name, any case. */
  attribute(name: string): ResolvedAttribute | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** An extension schema by URN, any case. */
  extension(urn: string): SchemaDefinition | undefined {
    return this.extensionsByUrn.get(urn.toLowerCase());
  }

  /** A top-level attribute of the named schema (core or extension), any case. */
  attributeIn(schemaUrn: string, name: string): ResolvedAttribute | undefined {
    const lower = schemaUrn.toLowerCase();
    if (lower === this.core.id.toLowerCase()) return this.attribute(name);
    const ext = this.extensionsByUrn.get(lower);
    if (!ext) return undefined;
    const def = ext.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
    return def ? { schema: ext.id, extension: true, definition: def } : undefined;
  }

  /** A sub-attribute of a complex attribute, any case. */
  subAttribute(parent: AttributeDefinition, name: string): AttributeDefinition | undefined {
    return this.subByParent.get(parent)?.get(name.toLowerCase());
  }

  /**
   * Splits a URN-qualified name (`urn:...:User:department` or `urn:...:User`) into the schema URN
   * and the rest; returns undefined when the name does not start with a known schema URN.
   */
  splitUrn(name: string): { schema: string; rest: string } | undefined {
    if (!/^urn:/i.test(name)) return undefined;
    const lower = name.toLowerCase();
    for (const urn of this.schemaUrns) {
      const u = urn.toLowerCase();
      if (lower === u) return { schema: urn, rest: "" };
      if (lower.startsWith(`${u}:`)) return { schema: urn, rest: name.slice(u.length + 1) };
    }
    return undefined;
  }

  private indexSubs(def: AttributeDefinition): void {
    if (!def.subAttributes) return;
    const map = new Map<string, AttributeDefinition>();
    for (const sub of def.subAttributes) map.set(sub.name.toLowerCase(), sub);
    this.subByParent.set(def, map);
  }
}

function attr(name: string, extra: Partial<AttributeDefinition>): AttributeDefinition {
  return {
    name,
    type: "string",
    multiValued: false,
    description: "",
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...extra,
  };
}

/** RFC 7643 section 3.1: attributes every resource has, outside any schema's attribute list. */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attr("id", { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server", description: "A unique identifier for a SCIM resource as defined by the service provider." }),
  attr("externalId", { caseExact: true, description: "A String that is an identifier for the resource as defined by the provisioning client." }),
  attr("meta", {
    type: "complex",
    mutability: "readOnly",
    description: "A complex attribute containing resource metadata.",
    subAttributes: [
      attr("resourceType", { caseExact: true, mutability: "readOnly" }),
      attr("created", { type: "dateTime", mutability: "readOnly" }),
      attr("lastModified", { type: "dateTime", mutability: "readOnly" }),
      attr("location", { type: "reference", caseExact: true, mutability: "readOnly" }),
      attr("version", { caseExact: true, mutability: "readOnly" }),
    ],
  }),
];

function describe(schemaClass: { definition: { describe(basepath?: string): unknown } }): SchemaDefinition {
  const described = schemaClass.definition.describe("/Schemas") as SchemaDefinition & { meta?: unknown };
  // Round-trip through JSON: plain data, detached from scimmy's objects.
  const { meta: _meta, ...plain } = JSON.parse(JSON.stringify(described)) as SchemaDefinition & { meta?: unknown };
  return deepFreeze(plain);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const USER_SCHEMA = describe(SCIMMY.Schemas.User);
export const GROUP_SCHEMA = describe(SCIMMY.Schemas.Group);
export const ENTERPRISE_USER_SCHEMA = describe(SCIMMY.Schemas.EnterpriseUser);

export const USER = new ResourceSchema("User", "/Users", "User Account", USER_SCHEMA, [ENTERPRISE_USER_SCHEMA]);
export const GROUP = new ResourceSchema("Group", "/Groups", "Group", GROUP_SCHEMA, []);

export const ALL_SCHEMAS: readonly SchemaDefinition[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

if (USER_SCHEMA.id !== SCHEMA.user || GROUP_SCHEMA.id !== SCHEMA.group || ENTERPRISE_USER_SCHEMA.id !== SCHEMA.enterpriseUser) {
  throw new Error("scimmy's schema ids changed: check the scimmy version");
}
