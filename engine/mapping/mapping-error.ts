/**
 * Mapping a source object failed on its values (an expression could not be evaluated for it, or
 * gave a value the target attribute cannot hold). The runtime fails that object's export with
 * this code; the mapping itself is valid and other objects carry on.
 */
export class MappingEvaluationError extends Error {
  readonly code = "ExpressionEvaluationFailed";
  constructor(
    /** The target attribute being mapped. */
    readonly target: string,
    readonly reason: string,
  ) {
    super(`${target}: ${reason}`);
    this.name = "MappingEvaluationError";
  }
}
