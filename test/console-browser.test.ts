/**
 * The consoles in a real browser (Debian's Chromium through playwright-core), against a real
 * engine and simulator over loopback: the simulator's credentials are made invalid from its
 * panel, the provisioning page shows the quarantine banner with the reason and the next attempt
 * (live, no reload), a logs filter narrows the table, the fault switched off in the panel stops
 * firing, and "Restart provisioning" with "Clear quarantine" returns the job to Active. Every
 * page is screenshotted into test-artifacts/console/, no page logs an error, and nothing but
 * loopback is ever requested (everything else is blocked and recorded).
 */
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/testing/fixture-run";
import { RECIPIENT, SCIM_TOKEN, startConsoleWorld, until, type ConsoleWorld } from "./console-world";

const ARTIFACTS = join(REPO_ROOT, "test-artifacts", "console");
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

let world: ConsoleWorld;
let browser: Browser;
let context: BrowserContext;
let engine: Page;
let panel: Page;
const problems: string[] = [];
const blocked: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  world = await startConsoleWorld();
  await until(() => world.engine.status(world.jobId).lastExecution?.state === "Succeeded", "the initial cycle");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  context.setDefaultTimeout(10_000);
  // The network is blocked except loopback: whatever else a page asks for is refused and recorded.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "about:" || LOOPBACK.has(url.hostname)) return route.continue();
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  const watch = (page: Page, name: string): Page => {
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${name} console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`${name} page error: ${e.message}`));
    page.on("requestfailed", (r) => {
      if (!r.url().includes("/_console/events")) problems.push(`${name} request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    return page;
  };
  engine = watch(await context.newPage(), "engine");
  panel = watch(await context.newPage(), "panel");
  await engine.goto(world.engineConsole.loginUrl(world.engineUrl));
  await panel.goto(world.simulatorConsole.loginUrl(world.panelUrl));
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Every form control on the page has a label a screen reader can read. */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.$$eval("input, select, textarea, button", (nodes) =>
    nodes
      .filter((n) => {
        const el = n as HTMLInputElement;
        if (el.type === "hidden" || el.closest("[hidden]")) return false;
        const named = (el.labels?.length ?? 0) > 0 || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent?.trim());
        return !named;
      })
      .map((n) => n.outerHTML.slice(0, 120)),
  );
}

// Two tabs share the browser: the one in the background gets no animation frames, and playwright's
// actionability checks wait for them. Whichever page a test drives comes to the front first.
async function openEnginePage(page: string): Promise<void> {
  await engine.bringToFront();
  await engine.click(`header nav a[data-page="${page}"]`);
  await engine.waitForSelector(`header nav a[data-page="${page}"][aria-current="page"]`);
}

async function openPanelPage(page: string): Promise<void> {
  await panel.bringToFront();
  await panel.click(`header nav a[data-page="${page}"]`);
  await panel.waitForSelector(`header nav a[data-page="${page}"][aria-current="page"]`);
}

const badge = (): Promise<string | null> => engine.textContent(".page-title .badge");

describe("the consoles in headless Chromium", () => {
  it("shows the job Active after its initial cycle, with counts and the live connection", async () => {
    await engine.waitForSelector('.page-title .badge[data-state="Active"]');
    await engine.waitForSelector('.live-state[data-state="live"]');
    expect(await engine.textContent("h1")).toBe("Provisioning: Contoso SCIM app");
    expect(await engine.textContent("table.counts")).toMatch(/Users in sync\s*8/);
    expect(await engine.locator(".quarantine-banner").count()).toBe(0);
    expect(await unlabelledControls(engine)).toEqual([]);
    await shot(engine, "engine-provisioning-active");
  });

  it("adds the invalid-credentials preset from the simulator panel's form", async () => {
    await panel.bringToFront();
    await panel.waitForSelector("#fault-form");
    await panel.selectOption("#preset-name", "invalid-credentials");
    await panel.fill("#fault-id", "creds");
    await panel.click("#add-fault");
    await panel.waitForSelector('#faults-table tr[data-rule="creds"][data-enabled="true"]');
    expect(world.target.faults.list().map((r) => r.id)).toEqual(["creds"]);
    const refused = await fetch(`${world.target.baseUrl}/Users`, { headers: { authorization: `Bearer ${SCIM_TOKEN}` } });
    expect(refused.status).toBe(401);
    expect(await unlabelledControls(panel)).toEqual([]);
  });

  it("shows the quarantine banner live: the reason in words, since when, the series count, the next attempt and the checklist", async () => {
    await engine.bringToFront();
    const user = world.engine.directory.listUsers()[0]!;
    world.engine.directory.updateUser(user.id, { department: "Quarantine test" });
    await world.engine.runCycle(world.jobId); // the changed user's PATCH is refused: credentials
    const q = world.engine.status(world.jobId).quarantine!;
    expect(q.reason).toBe("EncounteredQuarantineException");
    await engine.waitForSelector('.quarantine-banner[data-reason="EncounteredQuarantineException"]');
    expect(await badge()).toBe("Quarantine");
    expect(await engine.textContent(".quarantine-banner .reason")).toContain("The target rejected the credentials");
    expect(await engine.getAttribute('.quarantine-banner [data-field="nextAttempt"] time', "datetime")).toBe(q.nextAttempt);
    expect(await engine.getAttribute('.quarantine-banner [data-field="seriesBegan"] time', "datetime")).toBe(q.seriesBegan);
    expect(await engine.textContent('.quarantine-banner [data-field="nextAttempt"]')).toMatch(/\(in 40m\)|\(in 39m\)/);
    expect(await engine.textContent('.quarantine-banner [data-field="seriesCount"]')).toContain(String(q.seriesCount));
    expect(await engine.textContent(".quarantine-banner .checklist")).toMatch(/Check the admin credentials.*provisioning logs.*Clear quarantine/s);
    expect(await engine.textContent(".quarantine-banner .error-detail")).toContain(q.error!.code);
    await shot(engine, "engine-provisioning-quarantine");
  });

  it("narrows the provisioning logs with a filter and shows an entry's detail", async () => {
    await openEnginePage("logs");
    await engine.waitForSelector("#logs-table tbody tr[data-id]");
    const all = await engine.$$eval("#logs-table tbody tr[data-id]", (rows) => rows.map((r) => (r as HTMLElement).dataset.status));
    expect(new Set(all)).toEqual(new Set(["success", "failure"]));
    await engine.selectOption("select[name=status]", "failure");
    await engine.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>("#logs-table tbody tr[data-id]")).every((r) => r.dataset.status === "failure"));
    const failures = await engine.$$eval("#logs-table tbody tr[data-id]", (rows) => rows.length);
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(all.length);
    expect(engine.url()).toContain("status=failure");
    expect(await unlabelledControls(engine)).toEqual([]);
    await shot(engine, "engine-logs-failures");
    const first = await engine.getAttribute("#logs-table tbody tr[data-id]", "data-id");
    const record = world.engine.provisioningLogs({ filter: `id eq '${first}'` }).value[0]!;
    await engine.click("#logs-table tbody tr[data-id] td:nth-child(2) button");
    await engine.waitForSelector("dialog[open] .troubleshooting");
    expect(record.provisioningStatusInfo.errorInformation?.errorCode).toBeTruthy();
    expect(await engine.textContent('dialog[open] [data-field="errorCode"]')).toBe(record.provisioningStatusInfo.errorInformation!.errorCode);
    expect(await engine.textContent('dialog[open] [data-field="recommendedAction"]')).toBe(record.provisioningStatusInfo.errorInformation!.recommendedAction ?? "—");
    expect(await engine.textContent("dialog[open] ol.steps")).toMatch(/export/i);
    await shot(engine, "engine-log-detail");
    await engine.keyboard.press("Escape");
    await engine.waitForSelector("dialog[open]", { state: "detached" });
  });

  it("lists the job events in the audit, quarantine included", async () => {
    await openEnginePage("audit");
    await engine.waitForSelector('#audit-table tr[data-event="quarantineEntered"]');
    expect(await engine.textContent('#audit-table tr[data-event="quarantineEntered"]')).toContain("Quarantine provisioning job");
    await shot(engine, "engine-audit");
  });

  it("draws the timeline with the report's renderer: cycles, the open quarantine span, the mail", async () => {
    await openEnginePage("timeline");
    await engine.waitForSelector('svg.timeline [data-kind="quarantine"]');
    const outcomes = await engine.$$eval('svg.timeline [data-kind="cycle"]', (n) => n.map((c) => (c as HTMLElement).dataset.outcome));
    expect(outcomes).toEqual(["Succeeded", "Failed"]);
    expect(await engine.getAttribute('svg.timeline [data-kind="quarantine"]', "data-reason")).toBe("EncounteredQuarantineException");
    expect(await engine.getAttribute('svg.timeline [data-kind="quarantine"]', "data-end")).toBe("");
    expect(await engine.getAttribute('svg.timeline [data-kind="mail"]', "data-mail-kind")).toBe("quarantine");
    await shot(engine, "engine-timeline");
  });

  it("renders the quarantine mail the embedded catcher received", async () => {
    await openEnginePage("mail");
    await engine.waitForSelector("iframe.mail-html");
    const reader = await engine.textContent(".mail-reader");
    expect(reader).toContain(RECIPIENT);
    expect(reader).toContain("quarantine/0");
    const body = await engine.frameLocator("iframe.mail-html").locator("body").textContent();
    expect(body).toContain(world.jobId);
    await shot(engine, "engine-mailbox");
  });

  it("shows the refused requests live in the simulator's journal", async () => {
    await openPanelPage("journal");
    await panel.waitForSelector('#journal-table tr[data-status="401"]');
    expect(await panel.textContent('#journal-table tr[data-status="401"]')).toContain("creds");
    expect(await panel.getAttribute("#har-download", "href")).toBe("/_admin/journal.har");
    await shot(panel, "panel-journal");
  });

  it("stops a fault from firing when it is switched off in the panel (by keyboard)", async () => {
    await openPanelPage("faults");
    const toggle = panel.locator('button[role="switch"][data-rule="creds"]');
    await toggle.waitFor();
    const firedBefore = Number(await panel.textContent('#faults-table tr[data-rule="creds"] [data-field="fired"]'));
    expect(firedBefore).toBeGreaterThan(0);
    await toggle.focus();
    await panel.keyboard.press("Space");
    await panel.waitForSelector('#faults-table tr[data-rule="creds"][data-enabled="false"]');
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    expect(world.target.faults.list()).toEqual([]);
    const answered = await fetch(`${world.target.baseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${SCIM_TOKEN}` } });
    expect(answered.status).toBe(200);
    const last = world.target.journal.find({ limit: 1 })[0]!;
    expect(last.status).toBe(200);
    expect(last.faults).toEqual([]);
    await shot(panel, "panel-faults-switched-off");
  });

  it("returns the job to Active after Restart provisioning with Clear quarantine", async () => {
    await openEnginePage("provisioning");
    await engine.waitForSelector(".quarantine-banner");
    await engine.getByLabel("Clear quarantine", { exact: true }).check();
    await engine.click("#restart-button");
    const dialog = engine.locator('dialog[open][role="alertdialog"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("QuarantineState");
    await shot(engine, "engine-restart-confirmation");
    await dialog.getByRole("button", { name: "Restart provisioning" }).click();
    await engine.waitForSelector('.page-title .badge[data-state="Active"]', { timeout: 15_000 });
    await engine.waitForSelector(".quarantine-banner", { state: "detached" });
    await until(() => world.engine.status(world.jobId).lastExecution?.state === "Succeeded", "the restarted cycle");
    expect(world.engine.status(world.jobId).code).toBe("Active");
    expect(world.engine.status(world.jobId).quarantine).toBeNull();
    await shot(engine, "engine-provisioning-recovered");
  });

  it("pauses (after confirming) and starts provisioning, saves notification settings and the deletion threshold", async () => {
    await engine.bringToFront();
    await engine.click("#provisioning-toggle");
    await engine.locator('dialog[open][role="alertdialog"]').getByRole("button", { name: "Pause provisioning" }).click();
    await engine.waitForSelector('.page-title .badge[data-state="Paused"]');
    expect(world.engine.job(world.jobId).schedule.state).toBe("Paused");
    await engine.click("#provisioning-toggle");
    await engine.waitForSelector('.page-title .badge[data-state="Active"]');

    await engine.fill("#notify-recipients", "ops@example.com; qa@example.com; not-an-address");
    await engine.click("#notification-form button[type=submit]");
    await engine.waitForSelector("#notification-form .error-detail:not([hidden])"); // the invalid entry, read back live
    expect(await engine.textContent("#notification-form .error-detail:not([hidden])")).toContain("not-an-address");
    await engine.fill("#threshold-value", "40");
    await engine.click("#threshold-form button[type=submit]"); // lowering needs no confirmation
    await until(() => world.engine.store.jobs.servicePrincipal(world.servicePrincipalId)!.secrets.SyncNotificationSettings?.includes('"DeleteThresholdValue":40') === true, "the threshold saved");
    const saved = JSON.parse(world.engine.store.jobs.servicePrincipal(world.servicePrincipalId)!.secrets.SyncNotificationSettings!);
    expect(saved).toEqual({ Enabled: true, Recipients: "ops@example.com; qa@example.com; not-an-address", DeleteThresholdEnabled: true, DeleteThresholdValue: 40 });

    await engine.uncheck("#notify-enabled");
    await engine.click("#notification-form button[type=submit]");
    const confirm = engine.locator('dialog[open][role="alertdialog"]');
    await confirm.waitFor();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(JSON.parse(world.engine.store.jobs.servicePrincipal(world.servicePrincipalId)!.secrets.SyncNotificationSettings!).Enabled).toBe(true);
  });

  it("provisions one user on demand and shows its log record", async () => {
    const user = world.engine.directory.listUsers()[1]!;
    await engine.fill("#on-demand-form input[type=search]", user.userPrincipalName);
    await engine.click("#on-demand-form button:text('Find')");
    await engine.waitForFunction(() => (document.querySelector<HTMLSelectElement>("#on-demand-form select")?.options.length ?? 0) === 1);
    await engine.click("#on-demand-form button[type=submit]");
    await engine.waitForSelector("#on-demand-form .on-demand-result li");
    expect(await engine.textContent("#on-demand-form .on-demand-result")).toMatch(/success|skipped/);
    await engine.click("#on-demand-form .on-demand-result button");
    await engine.waitForSelector("dialog[open] ol.steps");
    expect(await engine.textContent("dialog[open] h2")).toContain(user.userPrincipalName);
    await engine.keyboard.press("Escape");
  });

  it("downloads the journal as HAR from the panel", async () => {
    await openPanelPage("journal");
    const [download] = await Promise.all([panel.waitForEvent("download"), panel.click("#har-download")]);
    const har = JSON.parse(await readFile((await download.path())!, "utf8")) as { log: { version: string; entries: Array<{ response: { status: number } }> } };
    expect(har.log.version).toBe("1.2");
    expect(har.log.entries.some((e) => e.response.status === 401)).toBe(true);
  });

  it("searches the target's users and groups in the panel", async () => {
    await openPanelPage("directory");
    await panel.waitForSelector("#directory-table tbody tr");
    const all = await panel.locator("#directory-table tbody tr").count();
    const someone = world.target.store.listUsers()[0] as unknown as { userName: string };
    await panel.fill("#directory-search", someone.userName);
    await panel.press("#directory-search", "Enter");
    await panel.waitForFunction((n) => document.querySelectorAll("#directory-table tbody tr").length < n, all);
    expect(await panel.textContent("#directory-table tbody")).toContain(someone.userName);
    await shot(panel, "panel-users");
    await panel.click('button[data-type="groups"]');
    await panel.waitForFunction(() => document.querySelector("#directory-table thead")?.textContent?.includes("Members"));
    await shot(panel, "panel-groups");
  });

  it("logged no console error or warning on any page, and asked for nothing beyond loopback", () => {
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
