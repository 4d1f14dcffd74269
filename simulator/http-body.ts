/** Reads a request body up to the target's payload limit and parses it as JSON. */
import type { IncomingMessage } from "node:http";
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthExceeds } from "../common/json-depth";
import { ScimError } from "../scim/scim-error";

/** Reads the raw body; a body over `limit` bytes is a 413 (RFC 7644 3.7.4 for Bulk, and every request here). */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(tooLarge(declared, limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function tooLarge(size: number, limit: number): ScimError {
  return new ScimError(413, undefined, `the request body has ${size} bytes; maxPayloadSize is ${limit}`);
}

/**
 * Parses a JSON body; malformed JSON is 400 invalidSyntax. An empty body is undefined. A body
 * nested deeper than `maxDepth` is refused before parsing (400 invalidSyntax): everything that
 * walks a body afterwards recurses, and `[[[[…` a megabyte deep would overflow the stack.
 */
export function parseJsonBody(raw: Buffer, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (raw.length === 0) return undefined;
  if (jsonDepthExceeds(raw, maxDepth)) {
    throw ScimError.invalidSyntax(`the body nests objects and arrays deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw ScimError.invalidSyntax(`the body is not valid JSON: ${(error as Error).message}`);
  }
}
