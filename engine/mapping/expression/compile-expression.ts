import { attributesOf, type ComparisonOperator, type ExpressionNode } from "./ast";
import { ExpressionError } from "./expression-error";
import type { CompiledArgument, EvaluationContext, Evaluator } from "./function-types";
import { CONSTANTS, FUNCTIONS, UNSUPPORTED_FUNCTIONS } from "./functions";
import { parseExpression } from "./parse-expression";
import { isNullOrEmpty, toNumber, toText, type Value } from "./values";

/** Reads one attribute from a source object; null when it has no value. */
export type AttributeReader = (source: object) => Value;

export interface CompileExpressionOptions {
  /**
   * Resolves an attribute name to its reader, or undefined for an unknown attribute (a compile
   * error at the attribute's column). By default any name reads the object's property of that
   * name, compared case-insensitively.
   */
  attribute?: (name: string) => AttributeReader | undefined;
}

/** An expression parsed and compiled once, evaluated per source object. */
export interface CompiledExpression {
  readonly text: string;
  readonly ast: ExpressionNode;
  /** The attribute names it reads, in order of first use. */
  readonly attributes: readonly string[];
  /** True when the whole expression is `IgnoreFlowIfNullOrEmpty(…)`. */
  readonly ignoreFlowIfNullOrEmpty: boolean;
  evaluate(source: object): Value;
}

export function compileExpression(text: string, options: CompileExpressionOptions = {}): CompiledExpression {
  const ast = parseExpression(text);
  const fail = (reason: string, column: number): never => {
    throw new ExpressionError(reason, text, column);
  };
  const resolve = options.attribute ?? defaultReader;
  let root = ast;
  let ignoreFlow = false;
  if (ast.kind === "call" && ast.name.toLowerCase() === "ignoreflowifnullorempty") {
    if (ast.args.length !== 1 || ast.args[0]!.kind === "missing") fail("IgnoreFlowIfNullOrEmpty takes 1 argument (Expression)", ast.column);
    root = ast.args[0]!;
    ignoreFlow = true;
  }
  const evaluator = compileNode(root, resolve, fail);
  return {
    text,
    ast,
    attributes: attributesOf(ast),
    ignoreFlowIfNullOrEmpty: ignoreFlow,
    evaluate: (source) => evaluator({ source, emptyReads: 0 }),
  };
}

function compileNode(
  node: ExpressionNode,
  resolve: (name: string) => AttributeReader | undefined,
  fail: (reason: string, column: number) => never,
): Evaluator {
  switch (node.kind) {
    case "string":
    case "number": {
      const value = node.value;
      return () => value;
    }
    case "constant": {
      if (!CONSTANTS.has(node.name)) {
        fail(`"${node.name}" is neither a function call (missing "(") nor a known constant (${[...CONSTANTS].join(", ")})`, node.column);
      }
      const value = node.name;
      return () => value;
    }
    case "missing":
      return fail("an argument is missing here", node.column);
    case "attribute": {
      const reader = resolve(node.name);
      if (!reader) return fail(`unknown source attribute [${node.name}]`, node.column);
      return (context) => {
        const value = reader(context.source);
        if (isNullOrEmpty(value)) context.emptyReads++;
        return value;
      };
    }
    case "compare": {
      const left = compileNode(node.left, resolve, fail);
      const right = compileNode(node.right, resolve, fail);
      const operator = node.operator;
      return (context) => compare(operator, left(context), right(context));
    }
    case "call":
      return compileCall(node, resolve, fail);
  }
}

function compileCall(
  node: Extract<ExpressionNode, { kind: "call" }>,
  resolve: (name: string) => AttributeReader | undefined,
  fail: (reason: string, column: number) => never,
): Evaluator {
  const key = node.name.toLowerCase();
  if (key === "ignoreflowifnullorempty") return fail("IgnoreFlowIfNullOrEmpty must be the whole expression, not nested in another", node.column);
  const fn = FUNCTIONS.get(key);
  if (!fn) return fail(UNSUPPORTED_FUNCTIONS.get(key) ?? `unknown function ${node.name}`, node.column);
  const count = node.args.length;
  const max = fn.repeating ? Infinity : fn.parameters.length;
  if (count < fn.required || count > max) {
    const expected = fn.repeating ? `at least ${fn.required}` : fn.required === max ? `${max}` : `${fn.required} to ${max}`;
    const names = fn.parameters.join(", ") + (fn.repeating ? ", …" : "");
    fail(`${fn.name} takes ${expected} argument${expected === "1" ? "" : "s"} (${names}), got ${count}`, node.column);
  }
  const args: CompiledArgument[] = node.args.map((arg, i) => {
    const parameter = fn.parameters[Math.min(i, fn.parameters.length - 1)]!;
    if (arg.kind === "missing") {
      if (i < fn.required && !fn.mayBeEmpty?.includes(i)) fail(`${fn.name}: ${parameter} is required`, arg.column);
      return { node: arg, evaluate: null };
    }
    const evaluate = compileNode(arg, resolve, fail);
    const literal = arg.kind === "string" || arg.kind === "number" ? arg.value : arg.kind === "constant" ? arg.name : undefined;
    return literal === undefined ? { node: arg, evaluate } : { node: arg, evaluate, literal };
  });
  return fn.compile(args, fail, node.column);
}

/** Numbers compare as numbers when both sides are numeric; otherwise texts compare ordinally. */
function compare(operator: ComparisonOperator, leftValue: Value, rightValue: Value): boolean {
  const left = toText(leftValue) ?? "";
  const right = toText(rightValue) ?? "";
  const ln = toNumber(left), rn = toNumber(right);
  const order = ln !== null && rn !== null ? Math.sign(ln - rn) : left < right ? -1 : left > right ? 1 : 0;
  switch (operator) {
    case "=": return order === 0;
    case "<>": return order !== 0;
    case ">": return order > 0;
    case ">=": return order >= 0;
    case "<": return order < 0;
    case "<=": return order <= 0;
  }
}

function defaultReader(name: string): AttributeReader {
  const lower = name.toLowerCase();
  return (source) => {
    const record = source as Record<string, unknown>;
    let value = record[name];
    if (value === undefined) {
      const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
      value = key === undefined ? undefined : record[key];
    }
    return asValue(value);
  };
}

/** A property value as an expression value: undefined and non-scalars other than string lists are null. */
export function asValue(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return null;
}

export type { EvaluationContext };
