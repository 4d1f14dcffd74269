import { type ListResponse, SCHEMA } from "./types";

/** A ListResponse (RFC 7644 3.4.2); `itemsPerPage` is always the number of resources returned. */
export function listResponse<T>(resources: T[], totalResults: number, page: { startIndex?: number; nextCursor?: string; previousCursor?: string } = {}): ListResponse<T> {
  return {
    schemas: [SCHEMA.listResponse],
    totalResults,
    itemsPerPage: resources.length,
    ...(page.startIndex !== undefined ? { startIndex: page.startIndex } : {}),
    ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    ...(page.previousCursor !== undefined ? { previousCursor: page.previousCursor } : {}),
    Resources: resources,
  };
}
