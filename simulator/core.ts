/**
 * The framework-free request core: routes a parsed request (path relative to the base path)
 * to reads, writes, Bulk and discovery, and answers with a status, headers and a body. Every
 * failure becomes a SCIM error response here, so Bulk can reuse it operation by operation.
 */
import { ScimError } from "../scim/scim-error";
import { splitList } from "../scim/projection";
import { SCHEMA } from "../scim/types";
import { resourceTypes, schemas, serviceProviderConfig } from "./discovery";
import { projectorFor, query, type QueryParams } from "./reads";
import { etagOf, locationOf, render } from "./render";
import type { StoredResource } from "./resource-table";
import type { ResourceKind } from "./store";
import { createResource, deleteResource, etagMatches, getOr404, patchResource, replaceResource } from "./writes";
import { handleBulk } from "./bulk";
import type { CoreRequest, CoreResponse, CoreServices } from "./core-types";

export type { CoreRequest, CoreResponse, CoreServices } from "./core-types";

// A Map, not an object literal: a path segment such as `__proto__` or `constructor` must name nothing.
const KIND = new Map<string, ResourceKind>([
  ["users", "User"],
  ["groups", "Group"],
]);

export function handleScim(services: CoreServices, req: CoreRequest): CoreResponse {
  try {
    return route(services, req);
  } catch (error) {
    if (error instanceof ScimError) return errorResponse(error);
    throw error;
  }
}

export function errorResponse(error: ScimError): CoreResponse {
  return { status: error.status, headers: { ...error.headers }, body: error.toBody() };
}

function route(services: CoreServices, req: CoreRequest): CoreResponse {
  const { ctx } = services;
  const segments = req.path.split("/").filter((s) => s !== "").map(decodeSegment);
  const [first = "", second, third] = segments;
  const head = first.toLowerCase();
  const method = req.method.toUpperCase();
  const kind = KIND.get(head);

  if (segments.length === 1 && head === ".search") {
    allow(method, ["POST"]);
    return ok(query(ctx, ["User", "Group"], searchParams(req.body), req.baseUrl));
  }
  if (kind && segments.length === 1) {
    allow(method, ["GET", "POST"]);
    if (method === "GET") return ok(query(ctx, [kind], queryParams(req.query), req.baseUrl));
    const record = createResource(ctx, kind, req.body);
    return single(services, kind, record, req, 201);
  }
  if (kind && segments.length === 2 && second === ".search") {
    allow(method, ["POST"]);
    return ok(query(ctx, [kind], searchParams(req.body), req.baseUrl));
  }
  if (kind && segments.length === 2) {
    const id = second!;
    allow(method, ["GET", "PUT", "PATCH", "DELETE"]);
    const ifMatch = header(req, "if-match");
    switch (method) {
      case "GET": {
        const record = getOr404(ctx, kind, id);
        const ifNoneMatch = header(req, "if-none-match");
        if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etagOf(record))) {
          return { status: 304, headers: { ETag: etagOf(record) } };
        }
        return single(services, kind, record, req, 200);
      }
      case "PUT":
        return single(services, kind, replaceResource(ctx, kind, id, req.body, ifMatch), req, 200);
      case "PATCH": {
        const record = patchResource(ctx, kind, id, req.body, ifMatch);
        if (ctx.profile().patchStatus === 204) return { status: 204, headers: { ETag: etagOf(record) } };
        return single(services, kind, record, req, 200);
      }
      default:
        deleteResource(ctx, kind, id, ifMatch);
        return { status: 204, headers: {} };
    }
  }
  if (segments.length === 1 && head === "bulk") {
    allow(method, ["POST"]);
    return ok(handleBulk(services, req, (op) => handleScim(services, op)));
  }
  if (segments.length === 1 && head === "serviceproviderconfig") {
    allow(method, ["GET"]);
    return ok(serviceProviderConfig(req.baseUrl, ctx.limits, services.auth()));
  }
  if (head === "resourcetypes" && segments.length <= 2) {
    allow(method, ["GET"]);
    return ok(resourceTypes(req.baseUrl, second));
  }
  if (head === "schemas" && segments.length <= 2) {
    allow(method, ["GET"]);
    return ok(schemas(req.baseUrl, second));
  }
  if (head === "me") throw new ScimError(501, undefined, `/Me is not supported by this service provider`);
  void third;
  throw ScimError.notFound(`no SCIM endpoint at ${req.path || "/"} (endpoints: /Users, /Groups, /.search, /Bulk, /ServiceProviderConfig, /ResourceTypes, /Schemas)`);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw ScimError.notFound(`malformed path segment "${s}"`);
  }
}

function allow(method: string, allowed: string[]): void {
  if (allowed.includes(method)) return;
  throw new ScimError(405, undefined, `${method} is not allowed here; allowed: ${allowed.join(", ")}`, { Allow: allowed.join(", ") });
}

function ok(body: unknown): CoreResponse {
  return { status: 200, headers: {}, body };
}

function header(req: CoreRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

function single(services: CoreServices, kind: ResourceKind, record: StoredResource, req: CoreRequest, status: number): CoreResponse {
  const params = { attributes: splitList(req.query.attributes), excludedAttributes: splitList(req.query.excludedAttributes) };
  const body = projectorFor(services.ctx, kind, params)(render(services.ctx.store, kind, record, req.baseUrl));
  const headers: Record<string, string> = { ETag: etagOf(record) };
  if (status === 201) headers.Location = locationOf(req.baseUrl, kind, record.id);
  return { status, headers, body };
}

function intParam(value: unknown, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  // Number() of an object from a search body would call its own toString/valueOf (a TypeError for {"toString": ""}).
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isInteger(n)) throw ScimError.invalidValue(`${name} must be an integer, not ${JSON.stringify(value)}`);
  return n;
}

function stringParam(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw ScimError.invalidValue(`${name} may appear only once`);
  if (typeof value !== "string") throw ScimError.invalidValue(`${name} must be a string`);
  return value;
}

export function queryParams(q: Record<string, unknown>): QueryParams {
  return {
    filter: stringParam(q.filter, "filter"),
    attributes: splitList(q.attributes),
    excludedAttributes: splitList(q.excludedAttributes),
    sortBy: stringParam(q.sortBy, "sortBy"),
    sortOrder: stringParam(q.sortOrder, "sortOrder"),
    startIndex: intParam(q.startIndex, "startIndex"),
    count: intParam(q.count, "count"),
    cursor: stringParam(q.cursor, "cursor"),
  };
}

function searchParams(body: unknown): QueryParams {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw ScimError.invalidSyntax(`a search body must be a SearchRequest object ({"schemas": ["${SCHEMA.searchRequest}"], ...})`);
  }
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.schemas) || !b.schemas.includes(SCHEMA.searchRequest)) {
    throw ScimError.invalidSyntax(`"schemas" of a search body must be ["${SCHEMA.searchRequest}"]`);
  }
  return queryParams({ ...b, attributes: b.attributes, excludedAttributes: b.excludedAttributes });
}
