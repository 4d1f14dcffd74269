import { ExpressionEvaluationError } from "./expression-error";
import type { CompiledArgument, EvaluationContext, FunctionDefinition } from "./function-types";
import { toText, type Value } from "./values";

/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName,
 * template): which arguments are present (not left empty) picks one of five documented behaviours,
 * decided once at compile time. An empty string counts as present (`Replace([mail], "@x", , , "", , )`).
 * Patterns use .NET syntax; the common subset (named groups `(?<n>…)`, `${n}` in replacements) is
 * translated to JavaScript's.
 */
type Form = "literal" | "template" | "regex" | "group" | "fallback";

const run = (arg: CompiledArgument | undefined, context: EvaluationContext): Value =>
  arg?.evaluate ? arg.evaluate(context) : null;

export const REPLACE_FUNCTION: FunctionDefinition = {
  name: "Replace",
  parameters: ["source", "oldValue", "regexPattern", "regexGroupName", "replacementValue", "replacementAttributeName", "template"],
  required: 1,
  compile: (args, fail, callColumn) => {
    const [source, oldValue, pattern, groupName, replacement, replacementAttribute, template] = args;
    const has = (arg: CompiledArgument | undefined) => arg?.evaluate != null;
    const form = chooseForm(has(oldValue), has(pattern), has(groupName), has(replacement), has(replacementAttribute), has(template));
    if (!form) {
      return fail(
        "Replace needs oldValue with replacementValue or template, or regexPattern with replacementValue " +
          "(and optionally regexGroupName), or regexPattern, regexGroupName and replacementAttributeName",
        callColumn,
      );
    }
    const regexCache = new Map<string, RegExp>();
    if (typeof pattern?.literal === "string") {
      try {
        regexCache.set(pattern.literal, toRegExp(pattern.literal));
      } catch (error) {
        fail(`Replace: regexPattern is not a valid regular expression (${(error as Error).message})`, pattern.node.column);
      }
      if (typeof groupName?.literal === "string" && !pattern.literal.includes(`(?<${groupName.literal}>`)) {
        fail(`Replace: regexPattern has no group named "${groupName.literal}"`, groupName.node.column);
      }
    }
    const regex = (context: EvaluationContext): RegExp => {
      const text = toText(run(pattern, context)) ?? "";
      let compiled = regexCache.get(text);
      if (!compiled) {
        try {
          compiled = toRegExp(text);
        } catch (error) {
          throw new ExpressionEvaluationError(`Replace: regexPattern ${JSON.stringify(text)} is not valid (${(error as Error).message})`);
        }
        if (regexCache.size > 100) regexCache.clear(); // patterns from attributes: keep the cache bounded
        regexCache.set(text, compiled);
      }
      compiled.lastIndex = 0;
      return compiled;
    };

    return (context) => {
      const value = toText(run(source, context));
      switch (form) {
        case "literal": {
          const old = toText(run(oldValue, context)) ?? "";
          return value === null || old === "" ? value : value.split(old).join(toText(run(replacement, context)) ?? "");
        }
        case "template": {
          if (value === null) return null;
          const text = toText(run(template, context)) ?? "";
          const old = toText(run(oldValue, context)) ?? "";
          return old === "" ? text : text.split(old).join(value);
        }
        case "regex":
          return value === null ? null : value.replace(regex(context), dotnetReplacement(toText(run(replacement, context)) ?? ""));
        case "group":
          return value === null ? null : replaceGroup(value, regex(context), toText(run(groupName, context)) ?? "", toText(run(replacement, context)) ?? "");
        case "fallback": {
          if (value !== null && value !== "") return value;
          const other = toText(run(replacementAttribute, context));
          if (other === null) return null;
          const match = regex(context).exec(other);
          return match?.groups?.[toText(run(groupName, context)) ?? ""] ?? null;
        }
      }
    };
  },
};

function chooseForm(
  oldValue: boolean, pattern: boolean, group: boolean, replacement: boolean, attribute: boolean, template: boolean,
): Form | undefined {
  if (oldValue && template) return "template";
  if (oldValue && replacement) return "literal";
  if (pattern && group && attribute) return "fallback";
  if (pattern && group && replacement) return "group";
  if (pattern && !group && replacement) return "regex";
  return undefined;
}

/** Global, and without the `u` flag so that .NET-style identity escapes like `\@` stay valid. */
function toRegExp(pattern: string): RegExp {
  return new RegExp(pattern, "gd");
}

/** .NET substitutions to JavaScript's: `${name}` -> `$<name>`, `$0` -> `$&`. */
function dotnetReplacement(replacement: string): string {
  return replacement.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, "$$<$1>").replace(/\$0(?![0-9])/g, "$$&");
}

/** Replaces, in every match, only the text the named group captured. */
function replaceGroup(text: string, regex: RegExp, group: string, replacement: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(regex)) {
    const span = match.indices?.groups?.[group];
    if (!span) continue;
    out += text.slice(last, span[0]) + replacement;
    last = span[1];
  }
  return out + text.slice(last);
}
