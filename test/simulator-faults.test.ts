import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { IO_HEADER } from "../common/clock";
import { VirtualClock } from "../common/virtual-clock";
import { startTarget, type Target, type TargetOptions } from "../simulator/index";
import { SCHEMA } from "../scim/types";

const TOKEN = "fault-token";
const open: Target[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
async function target(options: TargetOptions = {}): Promise<Target> {
  const t = await startTarget({ tokens: [TOKEN], seed: "faults", ...options });
  open.push(t);
  return t;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Plain node:http, so socket-level outcomes (ECONNRESET, our own timeout) are visible as they are. */
function call(t: Target, method: string, path: string, body?: unknown, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${t.baseUrl}${path}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(url, { method, headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/scim+json", ...(options.headers ?? {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      res.on("error", reject);
    });
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" })));
    req.on("error", reject);
    req.end(payload);
  });
}
const newUser = (userName: string) => ({ schemas: [SCHEMA.user], userName });

describe("fault actions over real HTTP", () => {
  it("error: any status with a SCIM error body", async () => {
    const t = await target({ faults: [{ match: { operation: "create" }, action: { type: "error", status: 400, scimType: "invalidValue", detail: "bad department" } }] });
    const res = await call(t, "POST", "/Users", newUser("a"));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ schemas: [SCHEMA.error], status: "400", scimType: "invalidValue", detail: "bad department" });
    expect(t.store.countUsers()).toBe(0);
    expect((await call(t, "GET", "/Users")).status).toBe(200);
  });

  it("throttle: 429 with Retry-After in seconds or as an HTTP date", async () => {
    const clock = new VirtualClock({ start: "2026-02-02T10:00:00Z" });
    const t = await target({ clock, faults: [{ match: { resource: "Users" }, action: { type: "throttle", retryAfter: "2m" } }, { match: { resource: "Groups" }, action: { type: "throttle", retryAfter: "90s", format: "date" } }] });
    const seconds = await call(t, "GET", "/Users");
    expect(seconds.status).toBe(429);
    expect(seconds.headers["retry-after"]).toBe("120");
    expect(JSON.parse(seconds.text).status).toBe("429");
    const date = await call(t, "GET", "/Groups");
    expect(date.headers["retry-after"]).toBe("Mon, 02 Feb 2026 10:01:30 GMT");
  });

  it("quota: a token bucket on the target's clock, per token", async () => {
    const clock = new VirtualClock();
    const t = await target({ clock, tokens: [TOKEN, "other-token"], faults: [{ action: { type: "quota", capacity: 2, every: "10s", per: "token" } }] });
    expect((await call(t, "GET", "/Users")).status).toBe(200);
    expect((await call(t, "GET", "/Users")).status).toBe(200);
    const limited = await call(t, "GET", "/Users");
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("10");
    expect((await call(t, "GET", "/Users", undefined, { headers: { Authorization: "Bearer other-token" } })).status).toBe(200);
    await clock.advanceBy(10_000);
    expect((await call(t, "GET", "/Users")).status).toBe(200);
  });

  it("auth: 401 for the listed tokens only, 403 on demand", async () => {
    const t = await target({ tokens: [TOKEN, "fine-token"], faults: [{ action: { type: "auth", status: 401, tokens: [TOKEN] } }] });
    const refused = await call(t, "GET", "/Users");
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toMatch(/^Bearer realm="scimlab", error="invalid_token"/);
    expect((await call(t, "GET", "/Users", undefined, { headers: { Authorization: "Bearer fine-token" } })).status).toBe(200);
    t.faults.reset();
    t.faults.use({ match: { method: "DELETE" }, action: { type: "auth", status: 403 } });
    expect((await call(t, "DELETE", "/Users/x")).status).toBe(403);
  });

  it("reset: the client sees ECONNRESET", async () => {
    const t = await target({ faults: [{ action: { type: "reset" } }] });
    await expect(call(t, "GET", "/Users")).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(t.journal.find()[0]).toMatchObject({ method: "GET", faults: ["rule-1"] });
    expect(t.journal.find()[0]!.status).toBeUndefined();
  });

  it("hang: never answers; the client's own timeout ends it", async () => {
    const t = await target({ faults: [{ action: { type: "hang" }, times: 1 }] });
    await expect(call(t, "GET", "/Users", undefined, { timeoutMs: 300 })).rejects.toMatchObject({ code: "CLIENT_TIMEOUT" });
    expect((await call(t, "GET", "/Users")).status).toBe(200);
    expect(t.faults.list()[0]).toMatchObject({ fired: 1, retired: true });
  });

  it("malformed: truncated JSON, wrong content type, a proxy's HTML page, an empty body", async () => {
    const t = await target();
    t.faults.use({ match: { nth: 1 }, action: { type: "malformed", variant: "truncated" } });
    const truncated = await call(t, "POST", "/Users", newUser("t1"));
    expect(truncated.status).toBe(201);
    expect(() => JSON.parse(truncated.text)).toThrow();
    expect(t.store.countUsers()).toBe(1);
    t.faults.reset();
    t.faults.use({ action: { type: "malformed", variant: "wrong-content-type" }, once: true });
    const wrongType = await call(t, "GET", "/Users");
    expect(wrongType.headers["content-type"]).toMatch(/^text\/plain/);
    expect(JSON.parse(wrongType.text).totalResults).toBe(1);
    t.faults.use({ action: { type: "malformed", variant: "html" }, once: true });
    const html = await call(t, "POST", "/Users", newUser("t2"));
    expect(html.status).toBe(502);
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
    expect(html.text).toContain("<title>502 Bad Gateway</title>");
    expect(t.store.countUsers()).toBe(1);
    t.faults.use({ action: { type: "malformed", variant: "empty" }, once: true });
    const empty = await call(t, "GET", "/Users");
    expect(empty.status).toBe(200);
    expect(empty.text).toBe("");
  });

  it("commitThenFail: the write is kept, the client gets 500, its retry gets 409, one user stored", async () => {
    const t = await target({ faults: [{ match: { operation: "create", filter: 'userName sw "lost-"' }, action: { type: "commitThenFail" }, once: true }] });
    const first = await call(t, "POST", "/Users", newUser("lost-ack"));
    expect(first.status).toBe(500);
    expect(JSON.parse(first.text).status).toBe("500");
    const retry = await call(t, "POST", "/Users", newUser("lost-ack"));
    expect(retry.status).toBe(409);
    expect(JSON.parse(retry.text).scimType).toBe("uniqueness");
    expect(t.store.listUsers().map((u) => u.userName)).toEqual(["lost-ack"]);
  });

  it("commitThenFail with hang: applied, then no answer until the client times out", async () => {
    const t = await target({ faults: [{ match: { operation: "update" }, action: { type: "commitThenFail", then: "hang" } }] });
    const u = t.store.createUser({ userName: "h" });
    const patch = { schemas: [SCHEMA.patchOp], Operations: [{ op: "replace", path: "title", value: "applied" }] };
    await expect(call(t, "PATCH", `/Users/${u.id}`, patch, { timeoutMs: 300 })).rejects.toMatchObject({ code: "CLIENT_TIMEOUT" });
    expect(t.store.getUser(u.id)?.title).toBe("applied");
  });

  it("duplicateResults: a query returns the same resource twice", async () => {
    const t = await target({ faults: [{ match: { operation: "query" }, action: { type: "duplicateResults" } }] });
    t.store.createUser({ userName: "dup" });
    const res = JSON.parse((await call(t, "GET", `/Users?filter=${encodeURIComponent('userName eq "dup"')}`)).text);
    expect(res.Resources).toHaveLength(2);
    expect(res.Resources[0].id).toBe(res.Resources[1].id);
    expect(res.totalResults).toBe(2);
  });

  it("outage: every request fails with 503, or the connection drops", async () => {
    const t = await target({ faults: [{ preset: "outage", retryAfter: "1m" }] });
    const res = await call(t, "GET", "/ServiceProviderConfig");
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("60");
    t.faults.reset();
    t.faults.use({ preset: "outage", mode: "drop" });
    await expect(call(t, "GET", "/Users")).rejects.toMatchObject({ code: "ECONNRESET" });
  });

  it("a stopped target refuses connections", async () => {
    const t = await target();
    await t.stop();
    await expect(call(t, "GET", "/Users")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await t.start();
    expect((await call(t, "GET", "/Users")).status).toBe(200);
  });
});

describe("latency and hangs cost virtual time only", () => {
  it("a 10-minute latency fault completes in virtual time, with the client's I/O id", async () => {
    const clock = new VirtualClock({ start: "2026-01-05T09:00:00Z" });
    const t = await target({ clock, faults: [{ match: { operation: "query" }, action: { type: "latency", delay: "10m" } }] });
    const wallStart = performance.now();
    const work = clock.io((ioId) => fetch(`${t.baseUrl}/Users`, { headers: { Authorization: `Bearer ${TOKEN}`, ...(ioId ? { [IO_HEADER]: ioId } : {}) } }).then((r) => r.status));
    const status = await clock.runUntil(work);
    expect(status).toBe(200);
    expect(new Date(clock.now()).toISOString()).toBe("2026-01-05T09:10:00.000Z");
    expect(performance.now() - wallStart).toBeLessThan(5000);
    expect(t.journal.find()[0]).toMatchObject({ latencyMs: 600_000, status: 200 });
  });
});

describe("rule counters", () => {
  it("times, after and nth pick the right requests", async () => {
    const t = await target();
    const statuses = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await call(t, "GET", "/Users")).status);
      return out;
    };
    t.faults.use({ action: { type: "error", status: 500 }, after: 1, times: 2 });
    expect(await statuses(5)).toEqual([200, 500, 500, 200, 200]);
    t.faults.reset();
    t.faults.use({ match: { nth: 3 }, action: { type: "error", status: 503 } });
    expect(await statuses(4)).toEqual([200, 200, 503, 200]);
  });

  it("probability draws from the target's seed: same seed, same requests fail", async () => {
    const run = async (seed: string) => {
      const t = await target({ seed, faults: [{ preset: "flaky-5xx", probability: 0.5 }] });
      const out: number[] = [];
      for (let i = 0; i < 24; i++) out.push((await call(t, "GET", "/Users")).status);
      return out;
    };
    const one = await run("seed-a");
    const two = await run("seed-a");
    const other = await run("seed-b");
    expect(two).toEqual(one);
    expect(one).toContain(503);
    expect(one).toContain(200);
    expect(other).not.toEqual(one);
  });

  it("window: only between from and to on the target's clock", async () => {
    const clock = new VirtualClock({ start: "2026-01-05T09:00:00Z" });
    const t = await target({ clock, faults: [{ window: { from: "10m", to: "2026-01-05T09:20:00Z" }, action: { type: "error", status: 503 } }] });
    expect(t.faults.list()[0]!.window).toEqual({ from: "2026-01-05T09:10:00.000Z", to: "2026-01-05T09:20:00.000Z" });
    expect((await call(t, "GET", "/Users")).status).toBe(200);
    await clock.advanceBy(10 * 60_000);
    expect((await call(t, "GET", "/Users")).status).toBe(503);
    await clock.advanceBy(10 * 60_000);
    expect((await call(t, "GET", "/Users")).status).toBe(200);
  });

  it("expire-token-after: the token stops working at the given time", async () => {
    const clock = new VirtualClock();
    const t = await target({ clock, faults: [{ preset: "expire-token-after", at: "1h" }] });
    expect((await call(t, "GET", "/Users")).status).toBe(200);
    await clock.advanceBy(3_600_000);
    const res = await call(t, "GET", "/Users");
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).detail).toMatch(/expired/);
  });

  it("match by path glob, header, id and filter on the stored resource", async () => {
    const t = await target();
    const bad = t.store.createUser({ userName: "bad-1" });
    const good = t.store.createUser({ userName: "good-1" });
    t.faults.use([
      { match: { operation: "delete", filter: 'userName sw "bad-"' }, action: { type: "error", status: 409, scimType: "mutability" } },
      { match: { path: "/Groups/**", header: { "x-test": "/^on$/i" } }, action: { type: "error", status: 418 } },
    ]);
    expect((await call(t, "DELETE", `/Users/${bad.id}`)).status).toBe(409);
    expect((await call(t, "DELETE", `/Users/${good.id}`)).status).toBe(204);
    expect((await call(t, "GET", "/Groups/x", undefined, { headers: { "X-Test": "ON" } })).status).toBe(418);
    expect((await call(t, "GET", "/Groups/x")).status).toBe(404);
    t.faults.use({ match: { id: bad.id, method: "get" }, action: { type: "error", status: 500 } });
    expect((await call(t, "GET", `/Users/${bad.id}`)).status).toBe(500);
  });
});
