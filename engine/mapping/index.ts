/** The mapping module's public surface: compile a mapping once, map source objects to SCIM. */
export { compileMapping, type CompiledObjectMapping } from "./compile-mapping";
export { defaultGroupMapping, defaultUserMapping } from "./default-mappings";
export { entraMappingCatalog } from "./mapping-catalog";
export { diffMapped, diffReferences, type DiffOptions } from "./diff-mapped";
export { compileExpression, type CompiledExpression } from "./expression/compile-expression";
export { ExpressionError, ExpressionEvaluationError } from "./expression/expression-error";
export { MappingEvaluationError } from "./mapping-error";
export { readMapped, toScimResource, type ToScimResourceOptions } from "./scim-resource";
export { sourceAttributeNames } from "./source-attributes";
export { parseTargetPath, type TargetPath } from "./target-path";
export type * from "./types";
