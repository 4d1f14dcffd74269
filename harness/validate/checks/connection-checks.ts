/** How the provisioning services test a connection, and what a request without credentials gets. */
import { randomUUID } from "node:crypto";
import type { Check } from "./check-types";
import { CheckFailure } from "./check-types";
import { answered, EMPTY_LIST_FIX, expectListResponse, expectScimError, expectStatus } from "./expect-response";
import { RULES } from "./rules";

export const entraConnectionTestCheck: Check = {
  id: "connection.test",
  title: "Entra's connection test: a filter on userName with a random GUID answers 200 and no match",
  group: "connection",
  rule: RULES.connectionTest,
  async run(ctx) {
    const res = await ctx.query("Users", "userName", randomUUID());
    const fix = EMPTY_LIST_FIX;
    if (res.status === 401 || res.status === 403) {
      throw new CheckFailure(`the credentials were refused (${res.status}); the service reports this as SystemForCrossDomainIdentityManagementCredentialValidationFailure: ${answered(res)}`, "check the token (or client credentials) given to validate; the endpoint must accept them", res);
    }
    const list = expectListResponse(res, fix);
    if (list.totalResults !== 0 || list.resources.length !== 0) {
      throw new CheckFailure(`a random GUID matched ${list.resources.length || list.totalResults} user(s): the filter is ignored or wrong. ${answered(res)}`, "evaluate the filter: userName eq \"x\" must return only users whose userName is x", res);
    }
  },
};

export const oktaConnectionTestCheck: Check = {
  id: "connection.okta",
  title: "Okta's API credential test: GET /Users?startIndex=1&count=1 answers a ListResponse",
  group: "connection",
  rule: { source: "Okta: SCIM 2.0 test (Test API credentials)", url: "https://developer.okta.com/docs/guides/scim-provisioning-integration-prepare/main/", text: "Okta tests the credentials with GET /Users?startIndex=1&count=1 and expects 200 with a ListResponse." },
  async run(ctx) {
    const res = await ctx.send("GET", "/Users", { query: { startIndex: "1", count: "1" } });
    expectListResponse(res, "answer GET /Users?startIndex=1&count=1 with 200 and a ListResponse (RFC 7644 §3.4.2)");
  },
};

export const unauthorizedCheck: Check = {
  id: "errors.unauthorized-401",
  title: "A request without a token, or with a wrong one, answers 401 with a SCIM error body",
  group: "errors",
  rule: RULES.unauthorized,
  async run(ctx) {
    const fix = "refuse requests without valid credentials with 401, a WWW-Authenticate header (RFC 6750 §3) and a SCIM error body";
    const anonymous = await ctx.send("GET", "/Users", { auth: false, query: { count: "1" } });
    if (anonymous.status >= 200 && anonymous.status < 300) {
      throw new CheckFailure(`a request without an Authorization header was answered ${anonymous.status}: the endpoint is open to anyone`, fix, anonymous);
    }
    expectStatus(anonymous, 401, fix);
    expectScimError(anonymous, 401);
    if (!anonymous.headers["www-authenticate"]) ctx.warn("the 401 carries no WWW-Authenticate header (RFC 6750 §3 requires one)");
    const wrong = await ctx.send("GET", "/Users", { auth: `Bearer scimlab-invalid-${randomUUID()}`, query: { count: "1" } });
    if (wrong.status >= 200 && wrong.status < 300) {
      throw new CheckFailure(`a request with a made-up bearer token was answered ${wrong.status}: tokens are not checked`, fix, wrong);
    }
    expectStatus(wrong, [401, 403], fix);
    if (wrong.status === 403) ctx.warn("a wrong token is answered 403; RFC 6750 §3.1 says 401 (invalid_token). Entra treats both as a credential failure");
    expectScimError(wrong, wrong.status);
  },
};
