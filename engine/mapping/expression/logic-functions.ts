import { ExpressionEvaluationError } from "./expression-error";
import type { CompiledArgument, EvaluationContext, FunctionDefinition } from "./function-types";
import { isNullOrEmpty, toBoolean, toText, type Value } from "./values";

/** Conditions, choices and tests, lazily evaluated where Entra's documentation implies it. */

const run = (arg: CompiledArgument | undefined, context: EvaluationContext): Value =>
  arg?.evaluate ? arg.evaluate(context) : null;

function test(name: string, predicate: (value: Value) => boolean): FunctionDefinition {
  return {
    name,
    parameters: ["Expression"],
    required: 1,
    compile: ([expression]) => (context) => predicate(run(expression, context)),
  };
}

export const LOGIC_FUNCTIONS: FunctionDefinition[] = [
  {
    // The last argument doubles as the default: "first value that isn't NULL" covers both.
    name: "Coalesce",
    parameters: ["source", "defaultValue"],
    required: 1,
    repeating: true,
    compile: (args) => (context) => {
      for (const arg of args) {
        const value = run(arg, context);
        if (value !== null && !(Array.isArray(value) && value.length === 0)) return value;
      }
      return null;
    },
  },
  {
    // Documented limitation, reproduced: "If the source attribute used within the IIF function is
    // empty or null, the condition check fails" - the IIF then gives no value at all, which is why
    // Microsoft recommends Switch for null checks.
    name: "IIF",
    parameters: ["condition", "valueIfTrue", "valueIfFalse"],
    required: 3,
    compile: ([condition, ifTrue, ifFalse]) => (context) => {
      const emptyBefore = context.emptyReads;
      const value = run(condition, context);
      if (context.emptyReads > emptyBefore) return null;
      const truth = toBoolean(value);
      if (truth === null) {
        throw new ExpressionEvaluationError(`IIF: the condition gave ${JSON.stringify(toText(value))}, which is neither True nor False`);
      }
      return truth ? run(ifTrue, context) : run(ifFalse, context);
    },
  },
  {
    // Case-sensitive comparison of the source's text with each key; a null source matches "".
    name: "Switch",
    parameters: ["source", "defaultValue", "key", "value"],
    required: 4,
    mayBeEmpty: [1],
    repeating: true,
    compile: (args, fail) => {
      if (args.length % 2 !== 0) {
        fail("Switch takes the source, the default value, then key and value pairs: the last key has no value", args[args.length - 1]!.node.column);
      }
      const [source, fallback, ...pairs] = args;
      return (context) => {
        const text = toText(run(source, context)) ?? "";
        for (let i = 0; i < pairs.length; i += 2) {
          if ((toText(run(pairs[i], context)) ?? "") === text) return run(pairs[i + 1], context);
        }
        return run(fallback, context);
      };
    },
  },
  {
    name: "Not",
    parameters: ["source"],
    required: 1,
    compile: ([source]) => (context) => toBoolean(run(source, context)) !== true,
  },
  {
    name: "CBool",
    parameters: ["Expression"],
    required: 1,
    compile: ([expression]) => (context) => {
      const value = run(expression, context);
      if (isNullOrEmpty(value)) return false;
      const truth = toBoolean(value);
      if (truth === null) throw new ExpressionEvaluationError(`CBool: ${JSON.stringify(toText(value))} is not a boolean or a number`);
      return truth;
    },
  },
  test("IsNull", (value) => value === null || (Array.isArray(value) && value.length === 0)),
  test("IsNullOrEmpty", isNullOrEmpty),
  test("IsPresent", (value) => !isNullOrEmpty(value)),
  test("IsString", (value) => typeof value === "string"),
];
