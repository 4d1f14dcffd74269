/**
 * Behaviour every client relies on, whatever its dialect: case-insensitive userName filters, an
 * empty ListResponse for no match, 409 on a duplicate, 404 on an unknown id.
 */
import { randomUUID } from "node:crypto";
import type { Check } from "./check-types";
import { CheckFailure } from "./check-types";
import type { CheckContext } from "./check-context";
import { answered, EMPTY_LIST_FIX, expectListResponse, expectResource, expectScimError, expectStatus } from "./expect-response";
import { RULES } from "./rules";

/** Creates a user for a check; fails the check when the create does not work. */
export async function createUser(ctx: CheckContext, label: string): Promise<{ id: string; userName: string }> {
  const user = ctx.subjects.user(label);
  const res = await ctx.create("Users", user.userPrincipalName, ctx.subjects.userBody(user));
  expectStatus(res, [200, 201], "make POST /Users create the user (see users.create) so this check can run");
  const created = expectResource(res, "answer POST /Users with the created resource, including its id");
  return { id: created.id, userName: user.userPrincipalName };
}

export const emptyListCheck: Check = {
  id: "filter.empty-list-response",
  title: "A query that matches nothing answers 200 with an empty ListResponse",
  group: "filter",
  rule: RULES.emptyList,
  async run(ctx) {
    for (const [endpoint, attribute, value, excluded] of [
      ["Users", "userName", `${ctx.prefix}nobody@example.com`, undefined],
      ["Groups", "displayName", `${ctx.prefix}no-such-group`, "members"],
    ] as const) {
      const res = await ctx.query(endpoint, attribute, value, excluded);
      const list = expectListResponse(res, EMPTY_LIST_FIX);
      if (list.totalResults !== 0 || list.resources.length !== 0) {
        throw new CheckFailure(`${attribute} eq "${value}" matched ${list.resources.length} resource(s) though none exists: ${answered(res)}`, `evaluate the filter: ${attribute} eq "x" returns only resources whose ${attribute} is x`, res);
      }
    }
  },
};

export const userNameCaseCheck: Check = {
  id: "filter.username-case-insensitive",
  title: "A userName filter matches regardless of case",
  group: "filter",
  rule: RULES.usernameCaseInsensitive,
  async run(ctx) {
    const { id, userName } = await createUser(ctx, "CaseTest");
    for (const variant of [userName.toLowerCase(), userName.toUpperCase()]) {
      const res = await ctx.query("Users", "userName", variant);
      const list = expectListResponse(res, EMPTY_LIST_FIX);
      if (list.resources.length !== 1 || list.resources[0]!.id !== id) {
        throw new CheckFailure(
          `userName eq "${variant}" found ${list.resources.length} user(s), but the user "${userName}" (id ${id}) exists: the filter compares userName case-sensitively. ${answered(res)}`,
          `compare userName case-insensitively in filters (RFC 7643 §4.1.1: caseExact false), e.g. store a lower-cased copy and index it; otherwise the service creates a duplicate when the case of a UPN changes`,
          res,
        );
      }
    }
  },
};

export const duplicateCheck: Check = {
  id: "errors.duplicate-409",
  title: "Creating a user whose userName is taken answers 409 uniqueness",
  group: "errors",
  rule: RULES.duplicate,
  async run(ctx) {
    const { id, userName } = await createUser(ctx, "duplicate");
    const user = ctx.subjects.user("duplicate");
    const res = await ctx.create("Users", userName, ctx.subjects.userBody(user));
    const fix = `reject a create whose userName is taken with 409 Conflict and {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": "uniqueness", "detail": "..."}`;
    if (res.status >= 200 && res.status < 300) {
      const again = (res.json as { id?: unknown } | undefined)?.id;
      throw new CheckFailure(
        `a second POST /Users with userName "${userName}" was accepted (${res.status}, id ${JSON.stringify(again)}${again === id ? ", the existing user" : ""}) instead of 409: the service never learns that the user exists and cannot tell a lost acknowledgement from a conflict`,
        fix,
        res,
      );
    }
    expectStatus(res, 409, fix);
    expectScimError(res, 409, "uniqueness");
  },
};

export const notFoundCheck: Check = {
  id: "errors.not-found-404",
  title: "An unknown id answers 404 with a SCIM error body",
  group: "errors",
  rule: RULES.notFound,
  async run(ctx) {
    const res = await ctx.send("GET", `/Users/${randomUUID()}`);
    expectStatus(res, 404, "answer GET /Users/{id} for an id that does not exist with 404 and a SCIM error body");
    expectScimError(res, 404);
  },
};
