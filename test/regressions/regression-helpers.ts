/** Shared bits of the regression tests: a target for supertest and the SCIM error shape. */
import type request from "supertest";
import { expect } from "vitest";
import { SCHEMA } from "../../scim/types";

export const TOKEN = "regression-token";
export const AUTH = { Authorization: `Bearer ${TOKEN}` };
export const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/** A SCIM error response with this status (and scimType, when given). */
export function expectScimError(res: request.Response, status: number, scimType?: string): void {
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.headers["content-type"]).toMatch(/application\/scim\+json/);
  expect(res.body.schemas).toEqual([SCHEMA.error]);
  expect(res.body.status).toBe(String(status));
  if (scimType) expect(res.body.scimType).toBe(scimType);
  expect(typeof res.body.detail).toBe("string");
}
