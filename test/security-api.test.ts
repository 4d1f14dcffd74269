/**
 * Security of the listeners (issue 9): the SCIM, admin and engine APIs each require their own
 * token, compared in constant time (crypto.timingSafeEqual, asserted by spying on it); they bind
 * 127.0.0.1 by default, and the command lines warn when told to bind elsewhere without a token
 * of the operator's own; bodies are limited in size and in JSON nesting depth.
 */
import * as crypto from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Engine } from "../engine/engine";
import { runEngine } from "../engine/cli";
import { runSimulate } from "../simulator/cli";
import { createTarget, startTarget, type Target } from "../simulator/index";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const SCIM_TOKEN = "scim-token-0001";
const ADMIN_TOKEN = "admin-token-0001";
const API_TOKEN = "engine-api-token-0001";
let dir: string;
let engine: Engine;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scimlab-security-"));
  engine = new Engine({ dataDir: dir, apiToken: API_TOKEN, mail: "off" });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const spy = () => vi.mocked(crypto.timingSafeEqual);

function sink(): { stream: Writable; text: () => string } {
  let text = "";
  return { stream: new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }), text: () => text };
}

describe("each API requires its own token", () => {
  it("the SCIM endpoint takes neither the admin token nor none", async () => {
    const t = createTarget({ tokens: [SCIM_TOKEN], adminToken: ADMIN_TOKEN });
    expect((await request(t.app).get("/scim/v2/Users")).status).toBe(401);
    expect((await request(t.app).get("/scim/v2/Users").set("Authorization", `Bearer ${ADMIN_TOKEN}`)).status).toBe(401);
    expect((await request(t.app).get("/scim/v2/Users").set("Authorization", `Bearer ${SCIM_TOKEN}`)).status).toBe(200);
  });

  it("the admin API takes neither the SCIM token nor none", async () => {
    const t = createTarget({ tokens: [SCIM_TOKEN], adminToken: ADMIN_TOKEN });
    expect((await request(t.app).get("/_admin/faults")).status).toBe(401);
    expect((await request(t.app).get("/_admin/faults").set("Authorization", `Bearer ${SCIM_TOKEN}`)).status).toBe(401);
    expect((await request(t.app).get("/_admin/faults").set("X-Admin-Token", SCIM_TOKEN)).status).toBe(401);
    expect((await request(t.app).get("/_admin/faults").set("Authorization", `Bearer ${ADMIN_TOKEN}`)).status).toBe(200);
  });

  it("the engine API takes neither a target token nor none (health excepted)", async () => {
    expect((await request(engine.app).get("/v1.0/servicePrincipals")).status).toBe(401);
    expect((await request(engine.app).get("/v1.0/servicePrincipals").set("Authorization", `Bearer ${SCIM_TOKEN}`)).status).toBe(401);
    expect((await request(engine.app).get("/_engine/jobs").set("Authorization", `Bearer ${API_TOKEN.slice(0, -1)}`)).status).toBe(401);
    expect((await request(engine.app).get("/v1.0/servicePrincipals").set("Authorization", `Bearer ${API_TOKEN}`)).status).toBe(200);
    expect((await request(engine.app).get("/_engine/health")).status).toBe(200);
  });
});

describe("tokens are compared in constant time", () => {
  it("SCIM bearer, basic and OAuth client secrets go through timingSafeEqual", async () => {
    const t = createTarget({ tokens: [SCIM_TOKEN, "other-token-02"], basic: [{ username: "u", password: "basic-password" }], oauth: { clientId: "c", clientSecret: "client-secret-0001" } });
    spy().mockClear();
    await request(t.app).get("/scim/v2/Users").set("Authorization", "Bearer scim-token-0002");
    expect(spy().mock.calls.length).toBeGreaterThanOrEqual(2); // every configured token, no early exit
    spy().mockClear();
    await request(t.app).get("/scim/v2/Users").set("Authorization", `Basic ${Buffer.from("u:wrong").toString("base64")}`);
    expect(spy()).toHaveBeenCalled();
    spy().mockClear();
    await request(t.app).post("/oauth/token").type("form").send("grant_type=client_credentials&client_id=c&client_secret=nope");
    expect(spy()).toHaveBeenCalled();
  });

  it("the admin token and the engine API token go through timingSafeEqual", async () => {
    const t = createTarget({ adminToken: ADMIN_TOKEN });
    spy().mockClear();
    await request(t.app).get("/_admin/faults").set("Authorization", "Bearer admin-token-0002");
    expect(spy()).toHaveBeenCalled();
    spy().mockClear();
    await request(engine.app).get("/_engine/jobs").set("Authorization", "Bearer engine-api-token-0002");
    expect(spy()).toHaveBeenCalled();
  });

  it("a wrong token of the right length and one of another length are both refused", async () => {
    const t = createTarget({ tokens: [SCIM_TOKEN] });
    for (const guess of ["scim-token-0000", "s", SCIM_TOKEN + "0", ""]) {
      expect((await request(t.app).get("/scim/v2/Users").set("Authorization", `Bearer ${guess}`)).status, guess).toBe(401);
    }
  });
});

describe("listeners bind 127.0.0.1 by default", () => {
  let target: Target;
  afterAll(async () => target?.close());

  it("the simulator's SCIM and admin listeners", async () => {
    target = await startTarget({ tokens: [SCIM_TOKEN], adminToken: ADMIN_TOKEN });
    expect(new URL(target.url).hostname).toBe("127.0.0.1");
    expect(new URL(target.adminUrl!).hostname).toBe("127.0.0.1");
  });

  it("the engine service's API", async () => {
    const data = mkdtempSync(join(tmpdir(), "scimlab-security-engine-"));
    const out = sink();
    const err = sink();
    const service = await runEngine({ target: `${target.baseUrl}`, targetToken: SCIM_TOKEN, data, port: "0", mail: "off", logLevel: "silent" }, out.stream, err.stream);
    try {
      expect(new URL(service.url).hostname).toBe("127.0.0.1");
      expect(err.text()).not.toMatch(/warning/);
    } finally {
      await service.close();
      process.removeAllListeners("SIGINT");
      process.removeAllListeners("SIGTERM");
      rmSync(data, { recursive: true, force: true });
    }
  });
});

/** The flags commander fills in with defaults for `scimlab simulate`. */
const SIMULATE_DEFAULTS = { port: "0", profile: "rfc", seedUsers: "0", seedGroups: "0", maxOperations: "1000", maxPayloadSize: "1048576", journalSize: "1000", logLevel: "silent" };

describe("a warning when bound elsewhere without a token", () => {
  // 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning goes out, nothing listens.
  it("scimlab simulate --host 192.0.2.1 without --token warns, and with --token does not", async () => {
    const err = sink();
    await expect(runSimulate({ ...SIMULATE_DEFAULTS, host: "192.0.2.1" }, sink().stream, err.stream)).rejects.toThrow(/not an address of this machine/);
    expect(err.text()).toMatch(/warning: the SCIM endpoint listens on 192\.0\.2\.1.*Pass --token/);
    const quiet = sink();
    await expect(runSimulate({ ...SIMULATE_DEFAULTS, host: "192.0.2.1", token: [SCIM_TOKEN] }, sink().stream, quiet.stream)).rejects.toThrow();
    expect(quiet.text()).toBe("");
  });

  it("scimlab engine --host 192.0.2.1 without --api-token warns", async () => {
    const data = mkdtempSync(join(tmpdir(), "scimlab-security-engine-"));
    const err = sink();
    try {
      await expect(runEngine({ target: "http://127.0.0.1:9/scim/v2", targetToken: SCIM_TOKEN, data, host: "192.0.2.1", port: "0", mail: "off", logLevel: "silent" }, sink().stream, err.stream)).rejects.toThrow();
      expect(err.text()).toMatch(/warning: the engine API listens on 192\.0\.2\.1.*Pass --api-token/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});

describe("body size and JSON depth limits", () => {
  const deep = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);

  it("the engine API answers 400 to a body nested deeper than 64 levels, and 413 over 20 MB", async () => {
    const auth = { Authorization: `Bearer ${API_TOKEN}`, "Content-Type": "application/json" };
    const tooDeep = await request(engine.app).post("/_engine/jobs").set(auth).send(deep(10_000));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.message).toMatch(/deeper than 64 levels/);
    const tooLarge = await request(engine.app).post("/_engine/jobs").set(auth).send(`{"displayName":"${"x".repeat(21 * 1024 * 1024)}"}`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe("RequestEntityTooLarge");
  });

  it("the simulator answers 413 over maxPayloadSize and 400 invalidSyntax past 64 levels", async () => {
    const t = createTarget({ tokens: [SCIM_TOKEN], limits: { maxPayloadSize: 1000 } });
    const auth = { Authorization: `Bearer ${SCIM_TOKEN}`, "Content-Type": "application/scim+json" };
    expect((await request(t.app).post("/scim/v2/Users").set(auth).send(`{"userName":"${"x".repeat(1000)}"}`)).status).toBe(413);
    const deepRes = await request(t.app).post("/scim/v2/Users").set(auth).send(deep(65));
    expect(deepRes.status).toBe(400);
    expect(deepRes.body.scimType).toBe("invalidSyntax");
  });
});
