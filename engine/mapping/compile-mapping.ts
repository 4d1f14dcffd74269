import { z } from "zod";
import { ConfigError, joinPath, type ConfigProblem } from "../../common/config-error";
import { compileExpression } from "./expression/compile-expression";
import { ExpressionError, ExpressionEvaluationError } from "./expression/expression-error";
import { isNullOrEmpty, toText, type Value } from "./expression/values";
import { MappingEvaluationError } from "./mapping-error";
import { compileClause, compileScoping, SCOPING_OPERATORS, type ClausePredicate } from "./scoping";
import { canonicalSourceAttribute, sourceAttributeNames, sourceAttributeReader } from "./source-attributes";
import { parseTargetPath, type TargetPath } from "./target-path";
import { toTargetValue } from "./target-value";
import type { AttributeMapping, CompiledMapping, MappedObject, MappingFlow, ObjectMapping, ScimValue } from "./types";

/** A compiled mapping with what the runtime needs besides the contract. */
export interface CompiledObjectMapping extends CompiledMapping {
  /** False when the mapping is switched off (Entra: "Enabled: No"): provision no objects of this type. */
  readonly enabled: boolean;
  /** Target paths of value attributes, in mapping order. */
  readonly attributeTargets: readonly string[];
  /** Target paths of reference attributes (manager, members). */
  readonly referenceTargets: readonly string[];
  /** Target paths with a matching priority, ascending (the first is the matching attribute). */
  readonly matchingTargets: readonly string[];
  /** Canonical names of every source attribute the mappings and scoping read. */
  readonly sourceAttributes: readonly string[];
}

const objectType = z.enum(["User", "Group"], { error: 'expected "User" or "Group"' });
const attributeSchema = z.strictObject({
  target: z.string({ error: "required (a SCIM attribute path such as userName)" }).trim().min(1, "must not be empty"),
  source: z.string({ error: "expected a source attribute name" }).trim().min(1, "must not be empty").optional(),
  constant: z.string({ error: "expected a string" }).optional(),
  expression: z.string({ error: "expected an expression string" }).optional(),
  defaultValue: z.string({ error: "expected a string" }).optional(),
  flow: z.enum(["Always", "ObjectAddOnly"], { error: 'expected "Always" or "ObjectAddOnly"' }).optional(),
  matchingPriority: z.number({ error: "expected a whole number from 1" }).int("expected a whole number from 1").min(1, "expected a whole number from 1").optional(),
  reference: z.boolean({ error: "expected true or false" }).optional(),
});
const clauseSchema = z.strictObject({
  attribute: z.string({ error: "required (a source attribute name)" }).trim().min(1, "must not be empty"),
  operator: z.enum(SCOPING_OPERATORS as [string, ...string[]], { error: `expected one of ${SCOPING_OPERATORS.join(", ")}` }),
  value: z.string({ error: "expected a string" }).optional(),
});
const mappingSchema = z.strictObject({
  sourceObject: objectType,
  targetObject: objectType,
  enabled: z.boolean({ error: "expected true or false" }).optional(),
  attributes: z.array(attributeSchema, { error: "expected a list of attribute mappings" }).min(1, "map at least one attribute"),
  scoping: z.array(z.array(clauseSchema, { error: "expected a list of clauses" }), { error: "expected a list of clause groups" }).optional(),
});

interface CompiledAttribute {
  target: string;
  path: TargetPath;
  flow: MappingFlow;
  reference: boolean;
  defaultValue: string | undefined;
  ignoreFlow: boolean;
  evaluate: (source: object) => Value;
}

/**
 * Validates a mapping and compiles every expression and scoping clause once. Every problem is
 * reported at once, each naming its field (`attributes[4].expression: unknown function Foo at
 * column 1 …`), as a ConfigError. `field` prefixes the field names (e.g. `mappings.user`).
 */
export function compileMapping(definition: ObjectMapping, options: { file?: string; field?: string } = {}): CompiledObjectMapping {
  const prefix = options.field ?? "";
  const parsed = mappingSchema.safeParse(definition);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, options.file, prefix);
  const mapping = parsed.data as ObjectMapping;
  const problems: ConfigProblem[] = [];
  const problem = (path: Array<string | number>, text: string) => problems.push({ field: joinPath(prefix, path), problem: text });
  const sourceType = mapping.sourceObject;
  const known = (name: string) => sourceAttributeReader(sourceType, name);
  const sourceAttributes = new Set<string>();

  const attributes: CompiledAttribute[] = [];
  const targets = new Map<string, number>();
  mapping.attributes.forEach((attribute, i) => {
    const compiled = compileAttribute(attribute, mapping, (path, text) => problem(["attributes", i, ...path], text), sourceAttributes);
    const key = attribute.target.toLowerCase();
    const earlier = targets.get(key);
    if (earlier !== undefined) problem(["attributes", i, "target"], `"${attribute.target}" is already mapped by attributes[${earlier}]`);
    targets.set(key, i);
    if (compiled) attributes.push(compiled);
  });

  const prioritized = mapping.attributes
    .map((attribute, i) => ({ attribute, i }))
    .filter(({ attribute }) => attribute.matchingPriority !== undefined)
    .sort((a, b) => a.attribute.matchingPriority! - b.attribute.matchingPriority!);
  prioritized.forEach(({ attribute, i }, n) => {
    const previous = prioritized[n - 1];
    if (previous && previous.attribute.matchingPriority === attribute.matchingPriority) {
      problem(["attributes", i, "matchingPriority"], `priority ${attribute.matchingPriority} is already used by attributes[${previous.i}]`);
    }
    if (attribute.reference) problem(["attributes", i, "matchingPriority"], "a reference attribute cannot be used for matching");
  });
  if (prioritized[0]?.attribute.matchingPriority !== 1) {
    problem(["attributes"], "no matching attribute: set matchingPriority 1 on the attribute that identifies objects on the target (userName for users, displayName for groups)");
  }

  const inScope = compileScoping(mapping.scoping ?? [], (clause, g, c): ClausePredicate => {
    const reader = known(clause.attribute);
    if (!reader) {
      problem(["scoping", g, c, "attribute"], unknownAttribute(sourceType, clause.attribute));
      return () => false;
    }
    sourceAttributes.add(canonicalSourceAttribute(sourceType, clause.attribute)!);
    try {
      return compileClause(clause, reader);
    } catch (error) {
      problem(["scoping", g, c, "value"], (error as Error).message);
      return () => false;
    }
  });
  if (problems.length > 0) throw new ConfigError(problems, options.file);

  const matchingTarget = attributes.find((a) => a.target.toLowerCase() === prioritized[0]!.attribute.target.toLowerCase())!;
  return {
    definition,
    enabled: mapping.enabled !== false,
    attributeTargets: attributes.filter((a) => !a.reference).map((a) => a.target),
    referenceTargets: attributes.filter((a) => a.reference).map((a) => a.target),
    matchingTargets: prioritized.map(({ attribute }) => attribute.target.trim()),
    sourceAttributes: [...sourceAttributes],
    inScope,
    matching: (source) => ({ target: matchingTarget.target, value: toText(valueOf(matchingTarget, source) ?? null) }),
    map: (source, operation) => {
      const mapped: MappedObject = { attributes: {}, references: {} };
      for (const attribute of attributes) {
        if (attribute.flow === "ObjectAddOnly" && operation === "update") continue;
        if (attribute.reference) {
          mapped.references[attribute.target] = referenceIds(attribute, source);
          continue;
        }
        const value = valueOf(attribute, source);
        if (value === undefined) continue;
        mapped.attributes[attribute.target] = value;
      }
      return mapped;
    },
  };
}

function compileAttribute(
  attribute: AttributeMapping,
  mapping: ObjectMapping,
  problem: (path: Array<string | number>, text: string) => void,
  sourceAttributes: Set<string>,
): CompiledAttribute | undefined {
  const sourceType = mapping.sourceObject;
  const kinds = (["source", "constant", "expression"] as const).filter((k) => attribute[k] !== undefined);
  if (kinds.length !== 1) {
    problem([], kinds.length === 0 ? "give one of source, constant or expression" : `give only one of source, constant or expression (found ${kinds.join(" and ")})`);
    return undefined;
  }
  let path: TargetPath;
  try {
    path = parseTargetPath(attribute.target, mapping.targetObject);
  } catch (error) {
    problem(["target"], (error as Error).message);
    return undefined;
  }
  const reference = attribute.reference === true;
  if (reference && kinds[0] !== "source") problem(["reference"], "a reference maps a source attribute (manager, members), not a constant or an expression");
  if (reference && !path.complex) problem(["reference"], `"${attribute.target}" is not a reference attribute (such as manager or members)`);
  if (!reference && path.complex) problem(["target"], `"${attribute.target}" is complex: map one of its sub-attributes, or set reference: true for manager or members`);

  let evaluate: (source: object) => Value;
  let ignoreFlow = false;
  if (attribute.source !== undefined) {
    const reader = sourceAttributeReader(sourceType, attribute.source);
    if (!reader) {
      problem(["source"], unknownAttribute(sourceType, attribute.source));
      return undefined;
    }
    sourceAttributes.add(canonicalSourceAttribute(sourceType, attribute.source)!);
    evaluate = reader;
  } else if (attribute.constant !== undefined) {
    const constant = attribute.constant;
    evaluate = () => constant;
  } else {
    try {
      const compiled = compileExpression(attribute.expression!, { attribute: (name) => sourceAttributeReader(sourceType, name) });
      for (const name of compiled.attributes) sourceAttributes.add(canonicalSourceAttribute(sourceType, name)!);
      evaluate = (source) => compiled.evaluate(source);
      ignoreFlow = compiled.ignoreFlowIfNullOrEmpty;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problem(["expression"], error.message);
      return undefined;
    }
  }
  return {
    target: attribute.target.trim(),
    path,
    flow: attribute.flow ?? "Always",
    reference,
    defaultValue: attribute.defaultValue,
    ignoreFlow,
    evaluate,
  };
}

/** The attribute's target value for `source`; undefined when it must not flow at all. */
function valueOf(attribute: CompiledAttribute, source: object): ScimValue | undefined {
  let value: Value;
  try {
    value = attribute.evaluate(source);
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) throw new MappingEvaluationError(attribute.target, error.message);
    throw error;
  }
  if (isNullOrEmpty(value)) {
    if (attribute.ignoreFlow) return undefined;
    if (attribute.defaultValue !== undefined) value = attribute.defaultValue;
  }
  return toTargetValue(value, attribute.path);
}

function referenceIds(attribute: CompiledAttribute, source: object): string[] {
  const value = attribute.evaluate(source);
  if (value === null || value === "") return [];
  if (Array.isArray(value)) return [...(value as string[])];
  return [toText(value as Value)!];
}

function unknownAttribute(type: "User" | "Group", name: string): string {
  const names = sourceAttributeNames(type);
  const close = names.filter((known) => distance(known.toLowerCase(), name.toLowerCase()) <= 2);
  return `unknown ${type} attribute "${name}"${close.length > 0 ? `; did you mean ${close.join(" or ")}?` : ""} (see docs/mappings.md for the list)`;
}

/** Levenshtein distance, for "did you mean" suggestions on short names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
