/** The proxy's admin API and journal: the simulator's own, minus what needs a store (501). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startProxy, type ScimProxy } from "../harness/proxy/index";
import { startTarget, type Target } from "../simulator/index";

const TOKEN = "proxy-token-2";
const ADMIN = "proxy-admin-2";
let target: Target;
let proxy: ScimProxy;
beforeEach(async () => {
  target = await startTarget({ profile: "entra", tokens: [TOKEN] });
  proxy = await startProxy({ target: target.baseUrl, adminToken: ADMIN });
});
afterEach(async () => {
  await proxy.close();
  await target.close();
});

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${proxy.url}/_admin${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json", ...(init.headers ?? {}) } });

describe("scimlab proxy admin API", () => {
  it("refuses requests without the admin token", async () => {
    const res = await fetch(`${proxy.url}/_admin/faults`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect((await fetch(`${proxy.url}/_admin/seed`, { method: "POST" })).status).toBe(401);
  });

  it("installs, lists and removes rules and presets; a bad rule names the field", async () => {
    const created = await admin("/faults", { method: "POST", body: JSON.stringify({ preset: "throttled" }) });
    expect(created.status).toBe(201);
    const { ids } = (await created.json()) as { ids: string[] };
    expect(ids.length).toBeGreaterThan(0);
    expect((await fetch(`${proxy.baseUrl}/Users`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(429);
    const listed = (await (await admin("/faults")).json()) as { rules: Array<{ id: string; fired: number }> };
    expect(listed.rules.map((r) => r.id)).toEqual(ids);
    expect(listed.rules[0]!.fired).toBe(1);
    for (const id of ids) expect((await admin(`/faults/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${proxy.baseUrl}/Users`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const bad = await admin("/faults", { method: "POST", body: JSON.stringify({ match: {}, action: { type: "explode" } }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/action\.type: unknown action "explode"/);
    const preset = await admin("/faults", { method: "POST", body: JSON.stringify({ preset: "nope" }) });
    expect(preset.status).toBe(400);
  });

  it("journal and HAR 1.2 with secrets masked; reset clears rules and journal", async () => {
    await fetch(`${proxy.baseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const journal = (await (await admin("/journal?method=GET")).json()) as { entries: Array<{ path: string; status: number; requestHeaders: Record<string, string> }> };
    expect(journal.entries).toHaveLength(1);
    expect(journal.entries[0]).toMatchObject({ path: "/scim/v2/Users", status: 200 });
    expect(journal.entries[0]!.requestHeaders.authorization).toBe("Bearer [REDACTED]");
    const har = (await (await admin("/journal.har")).json()) as { log: { version: string; entries: Array<{ request: { url: string }; response: { status: number } }> } };
    expect(har.log.version).toBe("1.2");
    expect(har.log.entries[0]!.request.url).toBe(`${proxy.url}/scim/v2/Users?count=1`);
    expect(JSON.stringify(har)).not.toContain(TOKEN);
    await admin("/faults", { method: "POST", body: JSON.stringify({ preset: "outage" }) });
    expect((await admin("/reset", { method: "POST" })).status).toBe(204);
    expect(((await (await admin("/faults")).json()) as { rules: unknown[] }).rules).toEqual([]);
    expect(((await (await admin("/journal")).json()) as { entries: unknown[] }).entries).toEqual([]);
  });

  it("store and listener endpoints answer 501 with what to do instead", async () => {
    for (const [method, path] of [["POST", "/seed"], ["GET", "/snapshot"], ["POST", "/target"]] as const) {
      const res = await admin(path, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      expect(res.status, path).toBe(501);
      expect(((await res.json()) as { message: string }).message).toMatch(/not available on a proxy/);
    }
  });
});
