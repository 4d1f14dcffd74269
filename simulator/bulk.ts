/**
 * POST /Bulk (RFC 7644 section 3.7): operations in order, `bulkId:` references resolved to the
 * ids of resources created earlier in the request (forward references wait for their creator),
 * `failOnErrors` honoured, `maxOperations` enforced (413). Payload size is enforced when the
 * body is read.
 */
import { ScimError } from "../scim/scim-error";
import { SCHEMA } from "../scim/types";
import type { CoreRequest, CoreResponse, CoreServices } from "./core-types";
import type { Attrs } from "./resource-table";

interface BulkOperation {
  method: string;
  bulkId?: string;
  version?: string;
  path: string;
  data?: unknown;
}

export function handleBulk(services: CoreServices, req: CoreRequest, dispatch: (op: CoreRequest) => CoreResponse): Attrs {
  const { limits } = services.ctx;
  const body = req.body as Record<string, unknown> | null;
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw ScimError.invalidSyntax(`a Bulk body must be a BulkRequest object`);
  if (!Array.isArray(body.schemas) || !body.schemas.includes(SCHEMA.bulkRequest)) {
    throw ScimError.invalidSyntax(`"schemas" of a Bulk body must be ["${SCHEMA.bulkRequest}"]`);
  }
  const operations = body.Operations;
  if (!Array.isArray(operations)) throw ScimError.invalidSyntax(`"Operations" must be an array`);
  if (operations.length > limits.maxOperations) {
    throw new ScimError(413, undefined, `the Bulk request has ${operations.length} operations; maxOperations is ${limits.maxOperations}`);
  }
  // Only numbers (or numeric strings) convert: Number() of an object calls its own toString/valueOf,
  // and `{"toString": ""}` made that throw a TypeError (issue 9 fuzz).
  const given = body.failOnErrors;
  const failOnErrors = given === undefined ? Infinity : typeof given === "number" || typeof given === "string" ? Number(given) : Number.NaN;
  if (!Number.isInteger(failOnErrors) && failOnErrors !== Infinity) throw ScimError.invalidValue(`failOnErrors must be an integer`);
  const ops = operations.map((raw, i) => checkOperation(raw, i));

  const created = new Map<string, string>(); // bulkId -> id
  const failedBulkIds = new Set<string>();
  const results: Array<Attrs | undefined> = new Array(ops.length);
  let errors = 0;
  let pending = ops.map((_, i) => i);
  while (pending.length > 0 && errors < failOnErrors) {
    const waiting: number[] = [];
    let progressed = false;
    for (const i of pending) {
      if (errors >= failOnErrors) break;
      const op = ops[i]!;
      const refs = references(op);
      const unresolved = refs.filter((r) => !created.has(r));
      if (unresolved.some((r) => failedBulkIds.has(r) || !ops.some((o) => o.bulkId === r))) {
        results[i] = failure(op, new ScimError(409, "invalidValue", `bulkId:${unresolved[0]} names no operation that succeeded`));
        if (op.bulkId) failedBulkIds.add(op.bulkId);
        errors++;
        progressed = true;
        continue;
      }
      if (unresolved.length > 0) {
        waiting.push(i);
        continue;
      }
      progressed = true;
      const path = substitute(op.path, created) as string;
      const response = dispatch({
        method: op.method,
        path,
        query: {},
        headers: op.version ? { "if-match": op.version } : {},
        body: substitute(op.data, created),
        baseUrl: req.baseUrl,
      });
      const result: Attrs = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(response.status) };
      if (response.headers.Location) result.location = response.headers.Location;
      else if (op.method !== "POST" && response.status < 300) result.location = `${req.baseUrl}${path}`;
      if (response.headers.ETag) result.version = response.headers.ETag;
      if (response.status >= 400) {
        result.response = response.body;
        errors++;
        if (op.bulkId) failedBulkIds.add(op.bulkId);
      } else if (op.method === "POST" && op.bulkId) {
        created.set(op.bulkId, (response.body as Attrs).id);
      }
      results[i] = result;
    }
    if (!progressed) {
      // Only circular references remain.
      for (const i of waiting) {
        results[i] = failure(ops[i]!, new ScimError(409, "invalidValue", `circular bulkId references`));
        errors++;
      }
      break;
    }
    pending = waiting;
  }
  return { schemas: [SCHEMA.bulkResponse], Operations: results.filter((r) => r !== undefined) };
}

function failure(op: BulkOperation, error: ScimError): Attrs {
  return { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(error.status), response: error.toBody() };
}

function checkOperation(raw: unknown, i: number): BulkOperation {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw ScimError.invalidSyntax(`Operations[${i}] must be an object`);
  const o = raw as Record<string, unknown>;
  const method = typeof o.method === "string" ? o.method.toUpperCase() : "";
  if (!["POST", "PUT", "PATCH", "DELETE"].includes(method)) {
    throw ScimError.invalidSyntax(`Operations[${i}].method must be POST, PUT, PATCH or DELETE`);
  }
  if (typeof o.path !== "string" || !o.path.startsWith("/")) throw ScimError.invalidSyntax(`Operations[${i}].path must be a path like "/Users"`);
  if (method === "POST" && typeof o.bulkId !== "string") throw ScimError.invalidSyntax(`Operations[${i}]: a POST needs a bulkId`);
  if (/^\/bulk/i.test(o.path)) throw ScimError.invalidSyntax(`Operations[${i}]: a Bulk operation cannot target /Bulk`);
  return {
    method,
    path: o.path,
    ...(typeof o.bulkId === "string" ? { bulkId: o.bulkId } : {}),
    ...(typeof o.version === "string" ? { version: o.version } : {}),
    ...(o.data !== undefined ? { data: o.data } : {}),
  };
}

const REF = /bulkId:([^"\s/]+)/g;

function references(op: BulkOperation): string[] {
  const text = `${op.path} ${op.data === undefined ? "" : JSON.stringify(op.data)}`;
  return [...new Set([...text.matchAll(REF)].map((m) => m[1]!))];
}

function substitute(value: unknown, created: Map<string, string>): unknown {
  if (typeof value === "string") return value.replace(REF, (whole, id: string) => created.get(id) ?? whole);
  if (Array.isArray(value)) return value.map((v) => substitute(v, created));
  if (value && typeof value === "object") {
    const out: Attrs = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, created);
    return out;
  }
  return value;
}
