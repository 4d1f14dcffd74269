/**
 * Assertions on answers. Each failure says what was expected, what came, and what to fix; the
 * failing answer travels with it so the report shows the exchange.
 */
import { SCHEMA } from "../../../scim/types";
import type { ProbeResponse } from "../http/probe-client";
import { CheckFailure } from "./check-types";

const SNIPPET = 160;

/** `GET /Users?filter=… answered 400 ({"detail": …})`, short. */
export function answered(res: ProbeResponse): string {
  const body = res.text.trim();
  const shown = body === "" ? "an empty body" : body.length > SNIPPET ? `${body.slice(0, SNIPPET)}…` : body;
  return `${res.method} ${res.path} answered ${res.status} with ${shown}`;
}

export function expectStatus(res: ProbeResponse, expected: number | readonly number[], fix: string): void {
  const allowed = typeof expected === "number" ? [expected] : expected;
  if (allowed.includes(res.status)) return;
  throw new CheckFailure(`expected ${allowed.join(" or ")}: ${answered(res)}`, fix, res);
}

/** What to do when a query that matches nothing is not answered with an empty ListResponse. */
export const EMPTY_LIST_FIX =
  `answer a query that matches nothing with 200 and an empty ListResponse {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "Resources": []}; ` +
  `never with an empty body, 204 or 404: the service reads the ListResponse to decide between create and update`;

export interface ListBody {
  totalResults: number;
  resources: Array<Record<string, unknown>>;
  body: Record<string, unknown>;
}

/** A 200 ListResponse (RFC 7644 §3.4.2): schemas, totalResults, Resources (may be absent when empty). */
export function expectListResponse(res: ProbeResponse, fix: string): ListBody {
  expectStatus(res, 200, fix);
  const body = res.json;
  if (res.text.trim() === "") {
    throw new CheckFailure(`the answer has an empty body where a ListResponse belongs: ${answered(res)}`, fix, res);
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new CheckFailure(`the answer is not a JSON object (a ListResponse): ${answered(res)}`, fix, res);
  }
  const b = body as Record<string, unknown>;
  const schemas = Array.isArray(b.schemas) ? b.schemas : [];
  if (!schemas.includes(SCHEMA.listResponse)) {
    throw new CheckFailure(`the answer lacks "schemas": ["${SCHEMA.listResponse}"]: ${answered(res)}`, fix, res);
  }
  if (typeof b.totalResults !== "number" || !Number.isInteger(b.totalResults) || b.totalResults < 0) {
    throw new CheckFailure(`totalResults is ${JSON.stringify(b.totalResults)}, not a whole number: ${answered(res)}`, fix, res);
  }
  if (b.Resources !== undefined && !Array.isArray(b.Resources)) {
    throw new CheckFailure(`"Resources" is not an array: ${answered(res)}`, fix, res);
  }
  const resources = (b.Resources ?? []) as Array<Record<string, unknown>>;
  if (b.totalResults > 0 && resources.length === 0 && b.Resources === undefined) {
    throw new CheckFailure(`totalResults is ${b.totalResults} but "Resources" is missing: ${answered(res)}`, fix, res);
  }
  return { totalResults: b.totalResults, resources, body: b };
}

/** A resource body with a non-empty string id. */
export function expectResource(res: ProbeResponse, fix: string): Record<string, unknown> & { id: string } {
  const body = res.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new CheckFailure(`the answer carries no resource: ${answered(res)}`, fix, res);
  }
  if (typeof body.id !== "string" || body.id === "") {
    throw new CheckFailure(`the resource has no id (RFC 7643 §3.1 makes it required, and the service keeps it to address the object): ${answered(res)}`, fix, res);
  }
  return body as Record<string, unknown> & { id: string };
}

const ERROR_FIX =
  `answer errors with a SCIM error body (RFC 7644 §3.12): Content-Type application/scim+json and ` +
  `{"schemas": ["${SCHEMA.error}"], "status": "<the HTTP status as a string>", "scimType": "<when one applies>", "detail": "<what went wrong>"}`;

/** The SCIM error body of RFC 7644 §3.12 with this status (as a string) and, when given, scimType. */
export function expectScimError(res: ProbeResponse, status: number, scimType?: string): void {
  const body = res.json as Record<string, unknown> | undefined;
  const problems: string[] = [];
  if (!body || typeof body !== "object" || Array.isArray(body)) problems.push("the body is not a JSON object");
  else {
    const schemas = Array.isArray(body.schemas) ? body.schemas : [];
    if (!schemas.includes(SCHEMA.error)) problems.push(`"schemas" does not list ${SCHEMA.error}`);
    if (body.status !== String(status)) {
      problems.push(
        typeof body.status === "number" && body.status === status
          ? `"status" is the number ${status}; RFC 7644 §3.12 makes it the string "${status}"`
          : `"status" is ${JSON.stringify(body.status)}, not "${status}"`,
      );
    }
    if (scimType !== undefined && body.scimType !== scimType) problems.push(`"scimType" is ${JSON.stringify(body.scimType)}, not "${scimType}"`);
  }
  if (problems.length === 0) return;
  throw new CheckFailure(`the error body is wrong: ${problems.join("; ")}. ${answered(res)}`, ERROR_FIX, res);
}

/** Case-insensitive attribute read (SCIM attribute names are case-insensitive, RFC 7643 §2.1). */
export function attr(resource: unknown, name: string): unknown {
  if (!resource || typeof resource !== "object") return undefined;
  const record = resource as Record<string, unknown>;
  if (name in record) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}
