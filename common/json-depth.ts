/**
 * How deeply a JSON text nests, measured on the raw bytes before parsing. `JSON.parse` itself
 * copes with any depth, but everything that walks the parsed value afterwards (validation,
 * `JSON.stringify` in an error message, redaction, a Bulk reference scan) recurses, and a 1 MiB
 * body of `[[[[…` overflows the stack there. So bodies are refused at the edge instead.
 *
 * Works on bytes: `{`, `[`, `"` and `\` are single bytes in UTF-8 and never part of a multi-byte
 * character, so no decoding is needed. Strings are skipped (brackets inside them do not count).
 */

/** Nesting depth the HTTP layers accept by default: far above any SCIM or Graph body (under 10). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/** True when `text` opens more than `max` nested objects or arrays at some point. */
export function jsonDepthExceeds(text: Uint8Array | string, max: number = DEFAULT_MAX_JSON_DEPTH): boolean {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** Nesting depth of an already parsed value, without recursion (for values that did not come from text). */
export function valueDepthExceeds(value: unknown, max: number = DEFAULT_MAX_JSON_DEPTH): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === "object") stack.push({ v: child, d: d + 1 });
  }
  return false;
}
