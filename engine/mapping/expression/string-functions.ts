import { ExpressionEvaluationError } from "./expression-error";
import type { CompiledArgument, Evaluator, FunctionDefinition } from "./function-types";
import { normalizeDiacritics } from "./normalize-diacritics";
import { integerArgument, isNullOrEmpty, toText, type Value } from "./values";

/**
 * String functions, with the semantics Microsoft documents in "Reference for writing expressions
 * for attribute mappings in Microsoft Entra ID". Where the reference is silent about null, a null
 * source gives null (the attribute does not flow) rather than an empty string.
 */

const run = (arg: CompiledArgument | undefined, context: Parameters<Evaluator>[0]): Value =>
  arg?.evaluate ? arg.evaluate(context) : null;

/** A function of one string that maps null to null. */
function unary(name: string, parameter: string, apply: (text: string) => string): FunctionDefinition {
  return {
    name,
    parameters: [parameter],
    required: 1,
    compile: ([source]) => (context) => {
      const text = toText(run(source, context));
      return text === null ? null : apply(text);
    },
  };
}

/** Checks a literal whole-number argument at compile time; attributes are checked per object. */
function checkInteger(fn: string, parameter: string, arg: CompiledArgument | undefined, fail: (r: string, c: number) => never): void {
  if (arg?.literal === undefined) return;
  try {
    integerArgument(arg.literal, fn, parameter);
  } catch (error) {
    fail((error as Error).message, arg.node.column);
  }
}

function culture(fn: string, arg: CompiledArgument | undefined, fail: (r: string, c: number) => never): void {
  if (typeof arg?.literal !== "string") return;
  try {
    Intl.getCanonicalLocales(arg.literal);
  } catch {
    fail(`${fn}: "${arg.literal}" is not a culture name like en-US`, arg.node.column);
  }
}

function caseFunction(name: "ToLower" | "ToUpper"): FunctionDefinition {
  return {
    name,
    parameters: ["source", "culture"],
    required: 1,
    compile: ([source, cultureArg], fail) => {
      culture(name, cultureArg, fail);
      return (context) => {
        const text = toText(run(source, context));
        if (text === null) return null;
        const locale = toText(run(cultureArg, context)) || undefined;
        try {
          // Without a culture Entra uses the invariant culture: plain Unicode case mapping.
          if (locale === undefined) return name === "ToLower" ? text.toLowerCase() : text.toUpperCase();
          return name === "ToLower" ? text.toLocaleLowerCase(locale) : text.toLocaleUpperCase(locale);
        } catch {
          throw new ExpressionEvaluationError(`${name}: "${locale}" is not a culture name like en-US`);
        }
      };
    },
  };
}

export const STRING_FUNCTIONS: FunctionDefinition[] = [
  {
    name: "Append",
    parameters: ["source", "suffix"],
    required: 2,
    compile: ([source, suffix]) => (context) => {
      const text = toText(run(source, context));
      return text === null ? null : text + (toText(run(suffix, context)) ?? "");
    },
  },
  {
    // Multi-valued sources contribute every value; null and empty values are skipped (the
    // reference's own example Join(", ", "", [surname], [givenName]) gives "Doe, John").
    name: "Join",
    parameters: ["separator", "source"],
    required: 2,
    repeating: true,
    compile: ([separator, ...sources]) => (context) => {
      const parts: string[] = [];
      for (const source of sources) {
        const value = run(source, context);
        for (const item of Array.isArray(value) ? value : [value]) {
          const text = toText(item as Value);
          if (text !== null && text !== "") parts.push(text);
        }
      }
      return parts.length === 0 ? null : parts.join(toText(run(separator, context)) ?? "");
    },
  },
  {
    name: "Left",
    parameters: ["String", "NumChars"],
    required: 2,
    compile: ([source, count], fail) => {
      checkInteger("Left", "NumChars", count, fail);
      return (context) => {
        const text = toText(run(source, context)) ?? "";
        const n = integerArgument(run(count, context), "Left", "NumChars");
        return n < 0 ? text : text.slice(0, n);
      };
    },
  },
  {
    name: "Mid",
    parameters: ["source", "start", "length"],
    required: 3,
    compile: ([source, start, length], fail) => {
      checkInteger("Mid", "start", start, fail);
      checkInteger("Mid", "length", length, fail);
      if (typeof start?.literal === "number" && start.literal < 1) fail("Mid: start counts from 1", start.node.column);
      if (typeof length?.literal === "number" && length.literal < 0) fail("Mid: length must not be negative", length.node.column);
      return (context) => {
        const text = toText(run(source, context));
        if (text === null) return null;
        const from = integerArgument(run(start, context), "Mid", "start");
        const count = integerArgument(run(length, context), "Mid", "length");
        if (from < 1) throw new ExpressionEvaluationError(`Mid: start counts from 1, got ${from}`);
        if (count < 0) throw new ExpressionEvaluationError(`Mid: length must not be negative, got ${count}`);
        return text.substr(from - 1, count);
      };
    },
  },
  {
    name: "Word",
    parameters: ["String", "WordNumber", "Delimiters"],
    required: 3,
    compile: ([source, number, delimiters], fail) => {
      checkInteger("Word", "WordNumber", number, fail);
      return (context) => {
        const text = toText(run(source, context));
        const n = integerArgument(run(number, context), "Word", "WordNumber");
        if (text === null || n < 1) return "";
        const separators = new Set(toText(run(delimiters, context)) ?? "");
        const words: string[] = [];
        let current = "";
        for (const c of text) {
          if (separators.has(c)) {
            if (current !== "") words.push(current);
            current = "";
          } else current += c;
        }
        if (current !== "") words.push(current);
        return words[n - 1] ?? "";
      };
    },
  },
  unary("StripSpaces", "source", (text) => text.replaceAll(" ", "")),
  caseFunction("ToLower"),
  caseFunction("ToUpper"),
  unary("NormalizeDiacritics", "source", normalizeDiacritics),
  unary("ConvertToBase64", "source", (text) => Buffer.from(text, "utf16le").toString("base64")),
  unary("ConvertToUTF8Hex", "source", (text) => Buffer.from(text, "utf8").toString("hex").toUpperCase()),
  {
    name: "PCase",
    parameters: ["source", "wordSeparators"],
    required: 1,
    compile: ([source, separatorsArg]) => (context) => {
      const text = toText(run(source, context));
      if (text === null) return null;
      const separators = separatorsArg?.evaluate ? new Set(toText(run(separatorsArg, context)) ?? "") : null;
      // Without separators, anything that is not a letter or digit separates words (as ToTitleCase).
      const isSeparator = (c: string) => (separators ? separators.has(c) : !/[\p{L}\p{N}]/u.test(c));
      let out = "";
      let startOfWord = true;
      for (const c of text.toLowerCase()) {
        out += startOfWord ? c.toUpperCase() : c;
        startOfWord = isSeparator(c);
      }
      return out;
    },
  },
  {
    name: "InStr",
    parameters: ["value1", "value2", "start", "compareType"],
    required: 2,
    compile: ([haystackArg, needleArg, startArg, compareArg], fail) => {
      checkInteger("InStr", "start", startArg, fail);
      const compare = compareArg?.literal;
      if (compare !== undefined && compare !== "vbBinaryCompare" && compare !== "vbTextCompare") {
        fail("InStr: compareType is vbBinaryCompare or vbTextCompare", compareArg!.node.column);
      }
      return (context) => {
        let haystack = toText(run(haystackArg, context));
        let needle = toText(run(needleArg, context));
        if (haystack === null || needle === null) return null;
        const start = startArg?.evaluate ? integerArgument(run(startArg, context), "InStr", "start") : 1;
        if (start < 1) throw new ExpressionEvaluationError(`InStr: start counts from 1, got ${start}`);
        if (toText(run(compareArg, context)) === "vbTextCompare") {
          haystack = haystack.toLowerCase();
          needle = needle.toLowerCase();
        }
        return haystack.indexOf(needle, start - 1) + 1;
      };
    },
  },
  {
    name: "CStr",
    parameters: ["value"],
    required: 1,
    compile: ([value]) => (context) => {
      const v = run(value, context);
      return isNullOrEmpty(v) ? "" : toText(v);
    },
  },
];
