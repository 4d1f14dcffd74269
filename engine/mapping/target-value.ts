import { toBoolean, toNumber, toText, type Value } from "./expression/values";
import { MappingEvaluationError } from "./mapping-error";
import type { TargetPath } from "./target-path";
import type { ScimValue } from "./types";

/**
 * Converts a mapped value to the target attribute's SCIM type, as Entra does when an expression's
 * "True"/"False" feeds the boolean `active`. Strings stay strings; custom extension attributes
 * (type unknown) keep the value's own type.
 */
export function toTargetValue(value: Value, path: TargetPath): ScimValue {
  if (value === null) return null;
  switch (path.type) {
    case "boolean": {
      const truth = toBoolean(value);
      if (truth === null) throw new MappingEvaluationError(path.text, `expects True or False, got ${JSON.stringify(toText(value))}`);
      return truth;
    }
    case "integer":
    case "decimal": {
      const number = toNumber(value);
      if (number === null || (path.type === "integer" && !Number.isInteger(number))) {
        throw new MappingEvaluationError(path.text, `expects a ${path.type === "integer" ? "whole " : ""}number, got ${JSON.stringify(toText(value))}`);
      }
      return number;
    }
    case "unknown":
      return Array.isArray(value) ? toText(value) : (value as ScimValue);
    default:
      return toText(value);
  }
}
