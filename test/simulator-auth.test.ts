import request from "supertest";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../common/virtual-clock";
import { createTarget } from "../simulator/index";
import { SCHEMA } from "../scim/types";

describe("authentication", () => {
  it("accepts any configured bearer token and refuses others with 401, WWW-Authenticate and a SCIM body", async () => {
    const target = createTarget({ tokens: ["token-one", "token-two"] });
    for (const token of target.tokens) expect((await request(target.app).get("/scim/v2/Users").set("Authorization", `Bearer ${token}`)).status).toBe(200);
    const none = await request(target.app).get("/scim/v2/Users");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="scimlab"');
    expect(none.body).toMatchObject({ schemas: [SCHEMA.error], status: "401" });
    const wrong = await request(target.app).get("/scim/v2/Users").set("Authorization", "Bearer nope");
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
    expect(wrong.text).not.toContain("token-one");
  });

  it("generates a token when no auth mode is configured", async () => {
    const target = createTarget();
    expect(target.tokens).toHaveLength(1);
    expect(target.tokens[0]!.length).toBeGreaterThanOrEqual(24);
    expect((await request(target.app).get("/scim/v2/Users").set("Authorization", `Bearer ${target.tokens[0]}`)).status).toBe(200);
  });

  it("accepts HTTP basic credentials", async () => {
    const target = createTarget({ basic: [{ username: "scim", password: "s3cret!" }] });
    expect((await request(target.app).get("/scim/v2/Users").auth("scim", "s3cret!")).status).toBe(200);
    const bad = await request(target.app).get("/scim/v2/Users").auth("scim", "wrong");
    expect(bad.status).toBe(401);
    expect(bad.headers["www-authenticate"]).toMatch(/^Basic realm="scimlab"/);
    expect(target.tokens).toEqual([]);
  });

  it("issues OAuth client-credentials tokens that expire on the target's clock", async () => {
    const clock = new VirtualClock();
    const target = createTarget({ clock, oauth: { clientId: "entra", clientSecret: "client-secret-1", tokenTtl: "30m" } });
    const form = await request(target.app).post("/oauth/token").type("form").send({ grant_type: "client_credentials", client_id: "entra", client_secret: "client-secret-1" });
    expect(form.status).toBe(200);
    expect(form.headers["cache-control"]).toBe("no-store");
    expect(form.body).toMatchObject({ token_type: "Bearer", expires_in: 1800 });
    const basic = await request(target.app).post("/oauth/token").auth("entra", "client-secret-1").type("form").send({ grant_type: "client_credentials" });
    expect(basic.status).toBe(200);
    const token = form.body.access_token as string;
    expect((await request(target.app).get("/scim/v2/Users").set("Authorization", `Bearer ${token}`)).status).toBe(200);
    await clock.advanceBy(29 * 60_000);
    expect((await request(target.app).get("/scim/v2/Users").set("Authorization", `Bearer ${token}`)).status).toBe(200);
    await clock.advanceBy(60_000);
    const expired = await request(target.app).get("/scim/v2/Users").set("Authorization", `Bearer ${token}`);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/expired/);
    const badClient = await request(target.app).post("/oauth/token").type("form").send({ grant_type: "client_credentials", client_id: "entra", client_secret: "nope" });
    expect(badClient.status).toBe(401);
    expect(badClient.body.error).toBe("invalid_client");
    const badGrant = await request(target.app).post("/oauth/token").type("form").send({ grant_type: "password", client_id: "entra", client_secret: "client-secret-1" });
    expect(badGrant.body.error).toBe("unsupported_grant_type");
  });
});

describe("time on the target's clock", () => {
  it("stamps meta with the injected clock and expires cursors on it", async () => {
    const clock = new VirtualClock({ start: "2026-03-01T12:00:00Z" });
    const target = createTarget({ clock, tokens: ["tok-1234"], seedUsers: 5, seed: "clock", limits: { cursorTimeout: 60 } });
    const auth = { Authorization: "Bearer tok-1234" };
    const created = await request(target.app).post("/scim/v2/Users").set(auth).send({ schemas: [SCHEMA.user], userName: "timed" });
    expect(created.body.meta.created).toBe("2026-03-01T12:00:00.000Z");
    await clock.advanceBy(90_000);
    const patched = await request(target.app).patch(`/scim/v2/Users/${created.body.id}`).set(auth).send({ schemas: [SCHEMA.patchOp], Operations: [{ op: "add", path: "title", value: "t" }] });
    expect(patched.body.meta.lastModified).toBe("2026-03-01T12:01:30.000Z");
    const page = await request(target.app).get("/scim/v2/Users?count=2&cursor=").set(auth);
    expect(page.body.nextCursor).toBeTruthy();
    await clock.advanceBy(61_000);
    const late = await request(target.app).get(`/scim/v2/Users?count=2&cursor=${page.body.nextCursor}`).set(auth);
    expect(late.status).toBe(400);
    expect(late.body.scimType).toBe("expiredCursor");
  });
});

describe("logs", () => {
  it("log each request with a request id and never a token or password", async () => {
    const { createLogger } = await import("../common/logger");
    const lines: string[] = [];
    const target = createTarget({
      tokens: ["log-token-1234"],
      oauth: { clientId: "c1", clientSecret: "oauth-secret-987" },
      logger: createLogger({ name: "simulator", level: "info", destination: { write: (line: string) => void lines.push(line) } }),
    });
    await request(target.app).get("/scim/v2/Users").set("Authorization", "Bearer log-token-1234").set("X-Request-Id", "abc-1");
    await request(target.app).post("/oauth/token").type("form").send({ grant_type: "client_credentials", client_id: "c1", client_secret: "oauth-secret-987" });
    await request(target.app).post("/scim/v2/Users").set("Authorization", "Bearer log-token-1234").send({ schemas: [SCHEMA.user], userName: "p", password: "user-password-1" });
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; status?: number; url?: string });
    expect(parsed[0]).toMatchObject({ reqId: "abc-1", status: 200, url: "/scim/v2/Users" });
    expect(parsed.filter((l) => l.reqId).length).toBe(3);
    const all = lines.join("\n");
    for (const secret of ["log-token-1234", "oauth-secret-987", "user-password-1"]) expect(all).not.toContain(secret);
  });
});
