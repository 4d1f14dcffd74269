/**
 * Acceptance 4 of issue 8, second half: with a rule, the client sees the fault and the target
 * never sees the request; deferred faults let the request through and rewrite the answer. The
 * rules, presets and journal are the simulator's own, matched on the parsed SCIM request.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startProxy, type ScimProxy } from "../harness/proxy/index";
import { startTarget, type Target } from "../simulator/index";

const TOKEN = "proxy-token-1";
let target: Target;
let proxy: ScimProxy;
beforeEach(async () => {
  target = await startTarget({ profile: "entra", tokens: [TOKEN] });
  proxy = await startProxy({ target: target.baseUrl });
});
afterEach(async () => {
  await proxy.close();
  await target.close();
});

const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };
const user = (userName: string) => JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName });
const createUser = (userName: string) => fetch(`${proxy.baseUrl}/Users`, { method: "POST", headers, body: user(userName) });
const targetSaw = (method: string) => target.journal.find({ method }).length;

describe("scimlab proxy with fault rules", () => {
  it("an error rule answers the client; the target never sees the request", async () => {
    proxy.faults.use({ id: "no-creates", match: { method: "POST", resource: "Users" }, action: { type: "error", status: 500, detail: "injected" } });
    const res = await createUser("ada@example.com");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500", detail: "injected" });
    expect(targetSaw("POST")).toBe(0);
    expect(target.store.countUsers()).toBe(0);
    const [entry] = proxy.journal.find({ method: "POST" });
    expect(entry).toMatchObject({ status: 500, faults: ["no-creates"] });
    // Reads still go through.
    expect((await fetch(`${proxy.baseUrl}/Users`, { headers })).status).toBe(200);
    expect(targetSaw("GET")).toBe(1);
  });

  it("a filter on the parsed body picks the requests: only userName sw \"bad-\" is rejected", async () => {
    proxy.faults.use({ match: { operation: "create", filter: 'userName sw "bad-"' }, action: { type: "error", status: 400, scimType: "invalidValue" } });
    expect((await createUser("bad-bob@example.com")).status).toBe(400);
    expect((await createUser("good-ann@example.com")).status).toBe(201);
    expect(target.store.listUsers().map((u) => u.userName)).toEqual(["good-ann@example.com"]);
    expect(targetSaw("POST")).toBe(1);
  });

  it("presets: invalid-credentials answers 401 with WWW-Authenticate, throttled answers 429 with Retry-After", async () => {
    proxy.faults.use({ id: "creds", preset: "invalid-credentials" });
    const refused = await fetch(`${proxy.baseUrl}/Users`, { headers });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    proxy.faults.reset();
    proxy.faults.use({ match: { resource: "Users" }, action: { type: "throttle", retryAfter: "7s" }, times: 1 });
    const throttled = await fetch(`${proxy.baseUrl}/Users`, { headers });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect((await fetch(`${proxy.baseUrl}/Users`, { headers })).status).toBe(200);
    expect(targetSaw("GET")).toBe(1);
  });

  it("reset: the client's connection is destroyed", async () => {
    proxy.faults.use({ match: { method: "GET" }, action: { type: "reset" }, once: true });
    const failure = await fetch(`${proxy.baseUrl}/Users`, { headers }).then(
      () => undefined,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(failure).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(targetSaw("GET")).toBe(0);
  });

  it("commitThenFail: the write reaches the target, the client gets 500, its retry gets 409", async () => {
    proxy.faults.use({ match: { operation: "create" }, action: { type: "commitThenFail" }, once: true });
    expect((await createUser("lost-ack@example.com")).status).toBe(500);
    expect(target.store.countUsers()).toBe(1);
    const retry = await createUser("lost-ack@example.com");
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { scimType?: string }).scimType).toBe("uniqueness");
    expect(target.store.countUsers()).toBe(1);
  });

  it("duplicateResults: a query answers the same user twice", async () => {
    await createUser("twice@example.com");
    proxy.faults.use({ match: { operation: "query" }, action: { type: "duplicateResults" } });
    const res = await fetch(`${proxy.baseUrl}/Users?filter=${encodeURIComponent('userName eq "twice@example.com"')}`, { headers });
    const body = (await res.json()) as { totalResults: number; Resources: Array<{ id: string }> };
    expect(body.totalResults).toBe(2);
    expect(body.Resources[0]!.id).toBe(body.Resources[1]!.id);
  });

  it("an unreachable target is a 502 SCIM error naming the cause", async () => {
    await target.stop();
    const res = await fetch(`${proxy.baseUrl}/Users`, { headers });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/could not reach the target .*ECONNREFUSED/);
    await target.start();
  });
});
