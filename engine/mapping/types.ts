/**
 * Attribute mappings: how a source object becomes a SCIM resource. Contract between the mapping
 * module (engine/mapping) and the cycle runtime. Target attributes are SCIM attribute paths as the
 * Entra portal lists them: `userName`, `active`, `name.givenName`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, …
 */

export type MappingFlow = "Always" | "ObjectAddOnly";

export interface AttributeMapping {
  /** SCIM attribute path on the target. */
  target: string;
  /** Exactly one of source / constant / expression. `source` is an Entra attribute name. */
  source?: string;
  constant?: string;
  /** Entra function syntax, e.g. `Join(" ", [givenName], [surname])`. */
  expression?: string;
  /** Used when the source value is empty. */
  defaultValue?: string;
  /** @default "Always" */
  flow?: MappingFlow;
  /** Matching attributes are compared in ascending priority (1 = the matching attribute). */
  matchingPriority?: number;
  /** The target attribute is a reference (manager, members): values are source ids to resolve. */
  reference?: boolean;
}

/** Entra's scoping-filter operators. */
export type ScopingOperator =
  | "EQUALS"
  | "NOT EQUALS"
  | "IS TRUE"
  | "IS FALSE"
  | "IS NULL"
  | "IS NOT NULL"
  | "REGEX MATCH"
  | "NOT REGEX MATCH"
  | "Greater_Than"
  | "Greater_Than_OR_EQUALS"
  | "Less_Than"
  | "Less_Than_OR_EQUALS"
  | "Includes"
  | "STARTS_WITH"
  | "ENDS_WITH";

export interface ScopingClause {
  attribute: string;
  operator: ScopingOperator;
  value?: string;
}

/** Clauses inside a group are AND-ed; groups are OR-ed (as in the portal). No groups: all in scope. */
export type ScopingFilter = ScopingClause[][];

export interface ObjectMapping {
  sourceObject: "User" | "Group";
  targetObject: "User" | "Group";
  /** @default true */
  enabled?: boolean;
  attributes: AttributeMapping[];
  scoping?: ScopingFilter;
}

export type ScimValue = string | number | boolean | null;

/** The mapped values of one source object, by target attribute path. Nulls are omitted on the wire. */
export interface MappedObject {
  attributes: Record<string, ScimValue>;
  /** Reference attributes: target path -> source ids, resolved to target ids by the runtime. */
  references: Record<string, string[]>;
}

/** A mapping validated and with every expression parsed once. */
export interface CompiledMapping {
  readonly definition: ObjectMapping;
  /** The target attribute used to match (priority 1) and its value for `source`. */
  matching(source: object): { target: string; value: string | null };
  /** Whether `source` passes the scoping filter. */
  inScope(source: object): boolean;
  /** `operation` decides which ObjectAddOnly mappings apply (only on create). */
  map(source: object, operation: "create" | "update"): MappedObject;
}
