/**
 * Queries: filter (with indexed fast paths for `eq` on id, userName, externalId and
 * displayName), sorting, index pagination (`startIndex`/`count`) and cursor pagination
 * (RFC 9865 `cursor`/`nextCursor`), and attribute projection.
 */
import { compileFilter, type Predicate } from "../scim/filter-evaluator";
import { type FilterNode, parseFilter } from "../scim/filter-parser";
import { compileProjection, type Projector } from "../scim/projection";
import { compileSortKey, sortResources } from "../scim/sort";
import { ScimError } from "../scim/scim-error";
import { listResponse } from "../scim/list-response";
import type { ListResponse } from "../scim/types";
import type { ServiceContext } from "./context";
import { render, storedGetter } from "./render";
import type { Attrs, ResourceTable, StoredResource } from "./resource-table";
import type { ResourceKind } from "./store";
import { SCHEMA_OF } from "./writes";

export interface QueryParams {
  filter?: string | undefined;
  attributes?: string[] | undefined;
  excludedAttributes?: string[] | undefined;
  sortBy?: string | undefined;
  sortOrder?: string | undefined;
  startIndex?: number | undefined;
  count?: number | undefined;
  /** Present (possibly empty) when the client asks for cursor pagination. */
  cursor?: string | undefined;
}

export function projectorFor(ctx: ServiceContext, kind: ResourceKind, params: Pick<QueryParams, "attributes" | "excludedAttributes">): Projector {
  const profile = ctx.profile();
  return compileProjection(SCHEMA_OF[kind], params, { filteredAttributes: profile.filteredAttributes, bareFilterValues: profile.bareFilterValues });
}

export function query(ctx: ServiceContext, kinds: ResourceKind[], params: QueryParams, baseUrl: string): ListResponse<Attrs> {
  const count = pageSize(ctx, params.count);
  if (params.cursor !== undefined && params.startIndex !== undefined) {
    throw ScimError.invalidValue(`use either cursor or startIndex, not both (RFC 9865)`);
  }
  const matches: Array<{ kind: ResourceKind; record: StoredResource }> = [];
  let total = 0;
  const usable = kinds.map((kind) => ({ kind, predicate: predicateFor(ctx, kind, params.filter, kinds.length > 1) }));
  if (kinds.length > 1 && usable.every((u) => u.predicate === null)) {
    predicateFor(ctx, kinds[0]!, params.filter, false); // rethrow the first type's error
  }
  const descending = params.sortOrder?.toLowerCase() === "descending";
  if (params.sortOrder !== undefined && !/^(ascending|descending)$/i.test(params.sortOrder)) {
    throw ScimError.invalidValue(`sortOrder must be "ascending" or "descending"`);
  }
  const cursor = params.cursor !== undefined ? decodeCursor(ctx, params.cursor) : undefined;
  const sorted = params.sortBy !== undefined;
  if (kinds.length === 1 && !cursor && !sorted) {
    const hits = simpleIndexedEq(ctx.store.table(kinds[0]!), params.filter);
    if (hits) {
      const start0 = Math.max(1, params.startIndex ?? 1) - 1;
      const page = hits.slice(start0, start0 + count).map((record) => ({ kind: kinds[0]!, record }));
      return finish(ctx, kinds, params, baseUrl, page, hits.length, start0, count, false);
    }
  }
  const start = cursor ? cursor.offset ?? 0 : Math.max(1, params.startIndex ?? 1) - 1;

  for (const { kind, predicate } of usable) {
    if (predicate === null) continue;
    const table = ctx.store.table(kind);
    if (predicate === undefined && !sorted && kinds.length === 1 && !cursor?.afterSeq) {
      // Unfiltered list: the count is the table size; walk only up to the page.
      total = table.size;
      let i = 0;
      for (const record of table.values()) {
        if (i++ < start) continue;
        if (matches.length >= count) break;
        matches.push({ kind, record });
      }
      return finish(ctx, kinds, params, baseUrl, matches, total, start, count, cursor !== undefined);
    }
    for (const record of candidates(table, predicate)) {
      if (predicate && !predicate.test(record)) continue;
      if (cursor?.afterSeq !== undefined && !sorted && record.seq <= cursor.afterSeq) {
        total++;
        continue;
      }
      matches.push({ kind, record });
      total++;
      if (matches.length > ctx.limits.maxResults && params.filter !== undefined) {
        throw new ScimError(400, "tooMany", `the filter matches more than ${ctx.limits.maxResults} resources; narrow it`);
      }
    }
  }
  let ordered = matches;
  if (sorted) {
    const keys = new Map(kinds.map((k) => [k, compileSortKey(SCHEMA_OF[k], params.sortBy!, storedGetter(ctx.store, k))]));
    ordered = sortResources(matches, (m) => keys.get(m.kind)!(m.record), descending);
  }
  const pageStart = cursor?.afterSeq !== undefined && !sorted ? 0 : start;
  const page = ordered.slice(pageStart, pageStart + count);
  return finish(ctx, kinds, params, baseUrl, page, total, start, count, cursor !== undefined, ordered.length > pageStart + count);
}

function finish(
  ctx: ServiceContext,
  kinds: ResourceKind[],
  params: QueryParams,
  baseUrl: string,
  page: Array<{ kind: ResourceKind; record: StoredResource }>,
  total: number,
  start: number,
  count: number,
  cursorMode: boolean,
  more?: boolean,
): ListResponse<Attrs> {
  const projectors = new Map(kinds.map((k) => [k, projectorFor(ctx, k, params)]));
  const resources = page.map((m) => projectors.get(m.kind)!(render(ctx.store, m.kind, m.record, baseUrl)));
  if (!cursorMode) return listResponse(resources, total, { startIndex: start + 1 });
  const hasMore = more ?? start + page.length < total;
  const last = page[page.length - 1];
  const next = hasMore && last ? encodeCursor(ctx, params.sortBy !== undefined ? { offset: start + page.length } : { afterSeq: last.record.seq }) : undefined;
  return listResponse(resources, total, next ? { nextCursor: next } : {});
}

function pageSize(ctx: ServiceContext, count: number | undefined): number {
  if (count === undefined) return ctx.limits.defaultPageSize;
  if (!Number.isFinite(count)) throw ScimError.invalidValue(`count must be a number`);
  return Math.min(Math.max(0, Math.floor(count)), ctx.limits.maxPageSize);
}

/** undefined: no filter; null: the filter does not apply to this type (root searches). */
function predicateFor(ctx: ServiceContext, kind: ResourceKind, filter: string | undefined, lenientType: boolean): CompiledFilter | undefined | null {
  if (filter === undefined || filter.trim() === "") return undefined;
  const profile = ctx.profile();
  try {
    const ast = parseFilter(filter, { bareValues: profile.bareFilterValues });
    const test = compileFilter(ast, SCHEMA_OF[kind], {
      get: storedGetter(ctx.store, kind),
      booleanStrings: profile.tolerance.booleanStrings ?? false,
      unknownAsAbsent: lenientType,
    });
    return { ast, test };
  } catch (error) {
    if (lenientType && error instanceof ScimError && /has no sub-attribute|has no sub-attributes/.test(error.detail)) return null;
    throw error;
  }
}

interface CompiledFilter {
  ast: FilterNode;
  test: Predicate;
}

/**
 * The hot path: `userName eq "x"` (and id, externalId, displayName) is answered straight from the
 * index, without parsing or evaluating; the index applies the attribute's case rule itself.
 */
const SIMPLE_EQ = /^\s*(id|userName|externalId|displayName)\s+eq\s+"([^"\\]*)"\s*$/i;

export function simpleIndexedEq(table: ResourceTable, filter: string | undefined): StoredResource[] | undefined {
  if (filter === undefined) return undefined;
  const m = SIMPLE_EQ.exec(filter);
  if (!m) return undefined;
  const attribute = INDEXED.get(m[1]!.toLowerCase())!;
  return table.isIndexed(attribute) ? table.findBy(attribute, m[2]!) : undefined;
}

/** Records worth testing: an index lookup when the filter pins an indexed attribute, else all. */
function candidates(table: ResourceTable, compiled: CompiledFilter | undefined): Iterable<StoredResource> {
  if (!compiled) return table.values();
  return plan(table, compiled.ast) ?? table.values();
}

// A Map: filter attribute names come from the client (`constructor eq "x"` must find no index).
const INDEXED = new Map([
  ["id", "id"],
  ["username", "userName"],
  ["externalid", "externalId"],
  ["displayname", "displayName"],
]);

function plan(table: ResourceTable, node: FilterNode): StoredResource[] | undefined {
  if (node.kind === "compare" && node.op === "eq" && typeof node.value === "string" && !node.path.sub) {
    const attribute = INDEXED.get(node.path.name.toLowerCase());
    if (attribute && table.isIndexed(attribute) && (!node.path.uri || /:core:2\.0:(User|Group)$/i.test(node.path.uri))) {
      return table.findBy(attribute, node.value);
    }
    return undefined;
  }
  if (node.kind === "and") return plan(table, node.left) ?? plan(table, node.right);
  if (node.kind === "or") {
    const left = plan(table, node.left);
    const right = left && plan(table, node.right);
    if (!left || !right) return undefined;
    return [...new Set([...left, ...right])].sort((a, b) => a.seq - b.seq);
  }
  return undefined;
}

interface Cursor {
  afterSeq?: number;
  offset?: number;
}

function encodeCursor(ctx: ServiceContext, position: Cursor): string {
  const payload = { ...position, t: ctx.clock.now() };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

function decodeCursor(ctx: ServiceContext, text: string): Cursor | undefined {
  if (text === "") return {};
  let payload: { afterSeq?: unknown; offset?: unknown; t?: unknown };
  try {
    payload = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw new ScimError(400, "invalidCursor", `cursor "${text}" is not one this service issued`);
  }
  // A cursor is opaque to clients, but one they forged must not page from NaN or a negative offset.
  const position = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  const valid = payload !== null && typeof payload === "object" && typeof payload.t === "number" && (position(payload.afterSeq) || position(payload.offset));
  if (!valid) {
    throw new ScimError(400, "invalidCursor", `cursor "${text}" is not one this service issued`);
  }
  if (ctx.clock.now() - (payload.t as number) > ctx.limits.cursorTimeout * 1000) {
    throw new ScimError(400, "expiredCursor", `the cursor expired (cursors live ${ctx.limits.cursorTimeout} s); start again with cursor=`);
  }
  return position(payload.afterSeq) ? { afterSeq: payload.afterSeq as number } : { offset: payload.offset as number };
}
