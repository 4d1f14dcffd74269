import type { ExpressionNode } from "./ast";
import type { Value } from "./values";

/** What an evaluator sees: the source object and a count used by IIF's documented limitation. */
export interface EvaluationContext {
  readonly source: object;
  /** How many attribute reads so far gave null or empty. */
  emptyReads: number;
}

export type Evaluator = (context: EvaluationContext) => Value;

/** One compiled argument. `evaluate` is null for an argument left empty (`Switch([x], , …)`). */
export interface CompiledArgument {
  node: ExpressionNode;
  evaluate: Evaluator | null;
  /** The argument's value when it is a literal (string, number or named constant). */
  literal?: Value;
}

export interface FunctionDefinition {
  /** Canonical spelling, as Microsoft documents it. */
  name: string;
  /** Parameter names, for messages; with `repeating`, the last one repeats. */
  parameters: string[];
  /** How many arguments it takes at least; each of them must be present (not left empty)… */
  required: number;
  /** …except these positions, which may be left empty (Switch's defaultValue). */
  mayBeEmpty?: readonly number[];
  repeating?: boolean;
  /**
   * Builds the evaluator once, at compile time: checks what can be checked on literals (a regular
   * expression, a whole number, an even argument count) and reports it through `fail` at the column.
   */
  compile(args: CompiledArgument[], fail: (reason: string, column: number) => never, callColumn: number): Evaluator;
}
