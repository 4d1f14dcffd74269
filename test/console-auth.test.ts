/**
 * Login to the consoles, over real HTTP: without the session cookie or the service's token every
 * page, script, style sheet, console route and event stream answers 401; a login link works
 * once and gives an HttpOnly cookie; the cookie reaches the API (the token never goes to the
 * browser) but a state-changing request with it needs the console's header; the API token still
 * works for scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, API_TOKEN, startConsoleWorld, type ConsoleWorld } from "./console-world";

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsoleWorld({ users: 2, groups: 0 });
});

afterAll(async () => {
  await world?.close();
});

/** Status and headers of a request, without following redirects; an event stream is cut after its headers. */
async function request(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const abort = new AbortController();
  const response = await fetch(url, { redirect: "manual", signal: abort.signal, ...init });
  const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
  const text = streaming ? "" : await response.text();
  abort.abort();
  return { status: response.status, headers: response.headers, text };
}

async function login(origin: string, loginUrl: string): Promise<string> {
  const response = await request(loginUrl);
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/");
  const cookie = response.headers.get("set-cookie")!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(origin).toBeTruthy();
  return cookie.split(";")[0]!;
}

const ENGINE_PAGES = ["/", "/console/engine.js", "/console/console.css", "/_console/events", "/_console/api/jobs", "/_console/api/jobs/x/timeline", "/_console/nothing-here"];
const PANEL_PAGES = ["/", "/console/simulator.js", "/console/console.css", "/_console/events", "/_console/api/faults", "/_console/api/resources?type=users", "/_console/nothing-here"];

describe("engine console login", () => {
  it("answers 401 on every page, asset, console route, event stream and API route without a cookie or token", async () => {
    for (const path of [...ENGINE_PAGES, "/v1.0/servicePrincipals", "/_engine/mail", "/_engine/events"]) {
      const { status } = await request(`${world.engineUrl}${path}`);
      expect(status, path).toBe(401);
    }
    const page = await request(`${world.engineUrl}/`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.text).toContain("log in");
    expect(page.text).not.toContain(API_TOKEN);
    expect(page.text).not.toMatch(/<script/i);
  });

  it("answers 401 to a wrong or a spent login token, and to a made-up cookie", async () => {
    expect((await request(`${world.engineUrl}/?login=made-up`)).status).toBe(401);
    const link = world.engineConsole.loginUrl(world.engineUrl);
    const cookie = await login(world.engineUrl, link);
    expect((await request(`${world.engineUrl}/`, { headers: { cookie } })).status).toBe(200);
    expect((await request(link)).status).toBe(401); // spent
    const forged = `${cookie.split("=")[0]}=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await request(`${world.engineUrl}/`, { headers: { cookie: forged } })).status).toBe(401);
  });

  it("opens every page, asset, route and event stream with the cookie, and bridges it to the API", async () => {
    const cookie = await login(world.engineUrl, world.engineConsole.loginUrl(world.engineUrl));
    const page = await request(`${world.engineUrl}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(page.text).toContain('src="/console/engine.js"');
    const script = await request(`${world.engineUrl}/console/engine.js`, { headers: { cookie } });
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(script.text).not.toMatch(/\bimport\s*\(|from\s*["']\w/); // one self-contained module
    const events = await request(`${world.engineUrl}/_console/events`, { headers: { cookie } });
    expect(events.status).toBe(200);
    expect(events.headers.get("content-type")).toMatch(/text\/event-stream/);
    const jobs = await request(`${world.engineUrl}/v1.0/servicePrincipals/${world.servicePrincipalId}/synchronization/jobs`, { headers: { cookie } });
    expect(jobs.status).toBe(200);
    expect(jobs.text).not.toContain(API_TOKEN);
  });

  it("refuses a state-changing request made with the cookie but without the console header (403)", async () => {
    const cookie = await login(world.engineUrl, world.engineConsole.loginUrl(world.engineUrl));
    const pause = `${world.engineUrl}/v1.0/servicePrincipals/${world.servicePrincipalId}/synchronization/jobs/${world.jobId}/pause`;
    expect((await request(pause, { method: "POST", headers: { cookie } })).status).toBe(403);
    expect(world.engine.job(world.jobId).schedule.state).toBe("Active");
    expect((await request(pause, { method: "POST", headers: { cookie, "x-scimlab-console": "1" } })).status).toBe(204);
    expect(world.engine.job(world.jobId).schedule.state).toBe("Paused");
    world.engine.startJob(world.jobId);
  });

  it("still accepts the API token, on the API and on the console's pages and stream", async () => {
    const authorization = `Bearer ${API_TOKEN}`;
    for (const path of ["/", "/_console/api/jobs", "/_console/events", "/v1.0/servicePrincipals"]) {
      expect((await request(`${world.engineUrl}${path}`, { headers: { authorization } })).status, path).toBe(200);
    }
    expect((await request(`${world.engineUrl}/`, { headers: { authorization: "Bearer wrong-token-123" } })).status).toBe(401);
  });

  it("logs in through the form with the API token, and logs out", async () => {
    const form = await request(`${world.engineUrl}/_console/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: API_TOKEN }).toString(),
    });
    expect(form.status).toBe(303);
    const cookie = form.headers.get("set-cookie")!.split(";")[0]!;
    expect((await request(`${world.engineUrl}/`, { headers: { cookie } })).status).toBe(200);
    expect((await request(`${world.engineUrl}/_console/logout`, { method: "POST", headers: { cookie, "x-scimlab-console": "1" } })).status).toBe(204);
    expect((await request(`${world.engineUrl}/`, { headers: { cookie } })).status).toBe(401);
    const wrong = await request(`${world.engineUrl}/_console/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "token=not-it",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });
});

describe("simulator panel login", () => {
  it("answers 401 on every page, asset, route, event stream and admin route without a cookie or token", async () => {
    for (const path of [...PANEL_PAGES, "/_admin/faults", "/_admin/journal.har"]) {
      expect((await request(`${world.panelUrl}${path}`)).status, path).toBe(401);
    }
  });

  it("opens with a one-time link, bridges the cookie to the admin API, and keeps the admin token working", async () => {
    const link = world.simulatorConsole.loginUrl(world.panelUrl);
    const cookie = await login(world.panelUrl, link);
    expect((await request(link)).status).toBe(401);
    for (const path of PANEL_PAGES.slice(0, 6)) expect((await request(`${world.panelUrl}${path}`, { headers: { cookie } })).status, path).toBe(200);
    const faults = await request(`${world.panelUrl}/_admin/faults`, { headers: { cookie } });
    expect(faults.status).toBe(200);
    expect(faults.text).not.toContain(ADMIN_TOKEN);
    expect((await request(`${world.panelUrl}/_admin/faults`, { method: "DELETE", headers: { cookie } })).status).toBe(403);
    expect((await request(`${world.panelUrl}/`, { headers: { "x-admin-token": ADMIN_TOKEN } })).status).toBe(200);
    expect((await request(`${world.panelUrl}/_console/events`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
  });

  it("keeps the two consoles' sessions apart (cookies ignore ports)", async () => {
    const engineCookie = await login(world.engineUrl, world.engineConsole.loginUrl(world.engineUrl));
    expect((await request(`${world.panelUrl}/`, { headers: { cookie: engineCookie } })).status).toBe(401);
    const panelCookie = await login(world.panelUrl, world.simulatorConsole.loginUrl(world.panelUrl));
    expect((await request(`${world.engineUrl}/`, { headers: { cookie: panelCookie } })).status).toBe(401);
    expect(engineCookie.split("=")[0]).not.toBe(panelCookie.split("=")[0]);
  });
});
