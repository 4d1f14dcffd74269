import { compileMapping, type CompiledObjectMapping } from "./compile-mapping";
import { defaultGroupMapping, defaultUserMapping } from "./default-mappings";
import type { ObjectMapping } from "./types";

/**
 * The mappings as the job configuration consumes them (engine/jobs `MappingCatalog`): Entra's
 * defaults (fresh copies, so a caller editing one cannot change the next job's) and the compiler.
 */
export const entraMappingCatalog = {
  defaults(): { user: ObjectMapping; group: ObjectMapping } {
    return { user: structuredClone(defaultUserMapping), group: structuredClone(defaultGroupMapping) };
  },
  /** Validates and compiles; throws ConfigError naming `field` (and the column of a bad expression). */
  compile(mapping: ObjectMapping, field: string): CompiledObjectMapping {
    return compileMapping(mapping, { field });
  },
};
