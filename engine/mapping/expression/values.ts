import { ExpressionEvaluationError } from "./expression-error";

/**
 * A value inside an expression. Entra's expressions are string-based; booleans print as "True" /
 * "False" (as .NET does), which is why `Switch([IsSoftDeleted], , "False", "True", …)` works on a
 * boolean attribute. Multi-valued attributes (a group's members) are string arrays.
 */
export type Value = string | number | boolean | null | readonly string[];

export function toText(value: Value): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  return value[0] ?? null;
}

/** Null, an empty string or an empty list. */
export function isNullOrEmpty(value: Value): boolean {
  return value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** true / false for booleans, "true"/"false" in any case and numbers (non-zero is true); else null. */
export function toBoolean(value: Value): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  const text = toText(value);
  if (text === null) return null;
  const lower = text.trim().toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  const number = toNumber(text);
  return number === null ? null : number !== 0;
}

export function toNumber(value: Value): number | null {
  if (typeof value === "number") return value;
  const text = toText(value);
  if (text === null || !/^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(text)) return null;
  return Number(text);
}

/** An integer argument (from a literal, a numeric string or an attribute); an evaluation error otherwise. */
export function integerArgument(value: Value, fn: string, parameter: string): number {
  const number = toNumber(value);
  if (number === null || !Number.isInteger(number)) {
    throw new ExpressionEvaluationError(`${fn}: ${parameter} must be a whole number, got ${JSON.stringify(toText(value))}`);
  }
  return number;
}
