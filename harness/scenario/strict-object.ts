import { z } from "zod";
import { closest } from "./suggest";

/**
 * `z.strictObject` whose messages say what was expected and which fields are accepted, so that a
 * typo in a scenario file is answered with the list to choose from.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T, what: string) {
  const accepted = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        const plural = issue.keys.length > 1 ? "s" : "";
        const guess = issue.keys.length === 1 ? closest(issue.keys[0]!, Object.keys(shape)) : undefined;
        const hint = guess ? ` (did you mean ${guess}?)` : "";
        return `unknown field${plural} ${issue.keys.join(", ")} in ${what}${hint}; accepted: ${accepted}`;
      }
      if (issue.code === "invalid_type") return `expected ${what}: an object with ${accepted}`;
      return undefined;
    },
  });
}

/** An enum whose message lists the accepted values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, what = "one of") {
  return z.enum(values, { error: `expected ${what} ${values.join(", ")}` });
}
