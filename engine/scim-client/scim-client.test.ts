import { describe, expect, it } from "vitest";
import { IO_HEADER } from "../../common/clock";
import { SecretRegistry } from "../../common/redact";
import { VirtualClock } from "../../common/virtual-clock";
import type { HttpRequest, HttpResponse, HttpTransport } from "./http-transport";
import { ScimClient } from "./scim-client";
import { createTargetAuth } from "./target-auth";
import { TargetError } from "./target-error";

const T0 = Date.parse("2026-01-05T09:00:00Z");

function reply(status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, header: (n) => headers[n.toLowerCase()] ?? null, text: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body) };
}

function setup(handler: (req: HttpRequest, n: number) => Promise<HttpResponse> | HttpResponse, options: Partial<{ timeoutMs: number; retryAfterCapMs: number; maxRetriesOn429: number }> = {}) {
  // A transport that never answers stands for a hung target: let it stop holding virtual time soon.
  const clock = new VirtualClock({ start: T0, ioWallLimitMs: 20 });
  const seen: HttpRequest[] = [];
  const transport: HttpTransport = async (req) => {
    seen.push(req);
    return handler(req, seen.length);
  };
  const secrets = new SecretRegistry();
  secrets.add("target-secret-token");
  let invalidated = 0;
  const client = new ScimClient({
    clock,
    baseUrl: "http://target.test/scim/",
    auth: { authorization: async () => "Bearer target-secret-token", invalidate: () => void invalidated++ },
    transport,
    timeoutMs: options.timeoutMs ?? 30_000,
    retryAfterCapMs: options.retryAfterCapMs ?? 60_000,
    maxRetriesOn429: options.maxRetriesOn429 ?? 3,
    secrets,
  });
  return { clock, client, seen, invalidated: () => invalidated };
}

async function failure(promise: Promise<unknown>): Promise<TargetError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TargetError) return error;
    throw error;
  }
  throw new Error("expected a TargetError");
}

describe("ScimClient", () => {
  it("queries by filter with the Entra request shape and the io header", async () => {
    const { client, seen } = setup(() => reply(200, { schemas: [], totalResults: 0, Resources: [] }));
    expect(await client.findOne("Groups", "displayName", 'Sales "EU"', "members")).toBeNull();
    const req = seen[0]!;
    expect(req.method).toBe("GET");
    expect(decodeURIComponent(req.url)).toBe('http://target.test/scim/Groups?excludedAttributes=members&filter=displayName eq "Sales \\"EU\\""');
    expect(req.headers.authorization).toBe("Bearer target-secret-token");
    expect(req.headers.accept).toBe("application/scim+json");
    expect(req.headers[IO_HEADER]).toMatch(/^io-\d+$/);
  });

  it("returns the one match, and refuses several or an unusable answer", async () => {
    const one = setup(() => reply(200, { Resources: [{ id: "u1", userName: "a" }] }));
    expect(await one.client.findOne("Users", "userName", "a")).toMatchObject({ id: "u1" });
    const two = setup(() => reply(200, { Resources: [{ id: "u1" }, { id: "u2" }] }));
    expect(await failure(two.client.findOne("Users", "userName", "a"))).toMatchObject({ code: "DuplicateTargetEntries", category: "conflict" });
    const html = setup(() => reply(200, "<html>maintenance</html>"));
    expect(await failure(html.client.findOne("Users", "userName", "a"))).toMatchObject({ code: "SystemForCrossDomainIdentityManagementServiceIncompatible" });
    const noId = setup(() => reply(201, { userName: "a" }));
    expect(await failure(noId.client.create("Users", { userName: "a" }))).toMatchObject({ category: "incompatible" });
  });

  it("honours Retry-After on 429 on the clock, capped, then gives up with TooManyRequests", async () => {
    const { clock, client, seen } = setup((_req, n) => (n <= 2 ? reply(429, undefined, { "retry-after": "120" }) : reply(201, { id: "x" })), { retryAfterCapMs: 30_000 });
    const created = clock.runUntil(client.create("Users", { userName: "a" }));
    expect(await created).toMatchObject({ id: "x" });
    expect(seen).toHaveLength(3);
    expect(clock.now() - T0).toBe(60_000); // two waits of 120 s each, capped at 30 s
    const always = setup(() => reply(429, undefined, { "retry-after": "1" }), { maxRetriesOn429: 2 });
    expect(await failure(always.clock.runUntil(always.client.create("Users", {})))).toMatchObject({ code: "TooManyRequests", category: "throttled", httpStatus: 429 });
    expect(always.seen).toHaveLength(3);
  });

  it("times out on the clock and aborts the request", async () => {
    const { clock, client, seen } = setup(
      (req) => new Promise<HttpResponse>((_resolve, reject) => req.signal.addEventListener("abort", () => reject(new Error("aborted")))),
      { timeoutMs: 10_000 },
    );
    const error = await failure(clock.runUntil(client.patch("Users", "u1", { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [] })));
    expect(error).toMatchObject({ code: "Timeout", category: "timeout" });
    expect(seen[0]!.signal.aborted).toBe(true);
    expect(clock.now() - T0).toBe(10_000);
  });

  it("classifies refused connections, credential failures and server errors; scrubs secrets from details", async () => {
    const refused = setup(() => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })));
    expect(await failure(refused.client.findOne("Users", "userName", "a"))).toMatchObject({
      code: "SystemForCrossDomainIdentityManagementServiceUnreachable",
      category: "unreachable",
      isJobLevel: true,
    });
    const denied = setup(() => reply(401, { detail: "token target-secret-token is not valid" }));
    const e401 = await failure(denied.client.findOne("Users", "userName", "a"));
    expect(e401).toMatchObject({ code: "Unauthorized", category: "credentials", httpStatus: 401 });
    expect(e401.message).not.toContain("target-secret-token");
    expect(e401.detail).toBe("token [REDACTED] is not valid");
    expect(denied.invalidated()).toBe(1);
    const conflict = setup(() => reply(409, { schemas: [], status: "409", scimType: "uniqueness", detail: "userName taken" }));
    expect(await failure(conflict.client.create("Users", {}))).toMatchObject({ code: "EntryConflict", detail: "userName taken (uniqueness)" });
    const broken = setup(() => reply(503, ""));
    expect(await failure(broken.client.create("Users", {}))).toMatchObject({ code: "ServiceUnavailable", category: "server", isJobLevel: false });
  });

  it("treats a 404 on delete as already gone", async () => {
    const { client } = setup(() => reply(404, { detail: "no such user" }));
    expect(await client.delete("Users", "u1")).toBe("absent");
    const ok = setup(() => reply(204));
    expect(await ok.client.delete("Users", "u1")).toBe("deleted");
  });

  it("connection test: an empty match passes, 401/403 fail with CredentialValidationFailure", async () => {
    const ok = setup(() => reply(200, { Resources: [] }));
    await ok.client.testConnection("userName", "2f1c7a4e-0000-4000-8000-000000000000");
    expect(decodeURIComponent(ok.seen[0]!.url)).toContain('filter=userName eq "2f1c7a4e-0000-4000-8000-000000000000"');
    const forbidden = setup(() => reply(403));
    expect(await failure(forbidden.client.testConnection("userName", "x"))).toMatchObject({
      code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
      httpStatus: 403,
    });
  });
});

describe("OAuth client credentials", () => {
  it("fetches a token once, reuses it until shortly before it expires on the clock, then renews", async () => {
    const clock = new VirtualClock({ start: T0 });
    const calls: HttpRequest[] = [];
    const transport: HttpTransport = async (req) => {
      calls.push(req);
      return reply(200, { access_token: `tok-${calls.length}`, expires_in: 3600, token_type: "Bearer" });
    };
    const auth = createTargetAuth({ kind: "oauth-client-credentials", tokenUrl: "http://target.test/oauth/token", clientId: "app", clientSecret: "s3cret!" }, { clock, transport, timeoutMs: 5000 });
    expect(await Promise.all([auth.authorization(), auth.authorization()])).toEqual(["Bearer tok-1", "Bearer tok-1"]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toBe("grant_type=client_credentials");
    expect(calls[0]!.headers.authorization).toBe(`Basic ${Buffer.from("app:s3cret!").toString("base64")}`);
    await clock.advanceBy(3600_000 - 61_000);
    expect(await auth.authorization()).toBe("Bearer tok-1");
    await clock.advanceBy(2_000);
    expect(await auth.authorization()).toBe("Bearer tok-2");
    auth.invalidate();
    expect(await auth.authorization()).toBe("Bearer tok-3");
  });

  it("reports rejected client credentials as a credential failure", async () => {
    const clock = new VirtualClock({ start: T0 });
    const auth = createTargetAuth(
      { kind: "oauth-client-credentials", tokenUrl: "http://target.test/oauth/token", clientId: "app", clientSecret: "bad" },
      { clock, transport: async () => reply(401, { error: "invalid_client" }), timeoutMs: 5000 },
    );
    expect(await failure(auth.authorization())).toMatchObject({ category: "credentials" });
  });
});
