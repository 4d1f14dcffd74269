import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { htmlReport } from "../harness/reporters/html/html-report";
import type { RunResult } from "../harness/result/result-schema";
import { fixtureRun, REPO_ROOT } from "../harness/testing/fixture-run";

const ARTIFACTS = join(REPO_ROOT, "test-artifacts");
const EXAMPLE = 'section[data-id="harness/testing/fixtures/issue-example.yaml"]';
const FOUR_WEEKS = 'section[data-id="harness/testing/fixtures/four-weeks.yaml"]';
const WRONG = 'section[data-id="harness/testing/fixtures/wrong-expectation.yaml"]';
const MIN = 60_000;
const DAY = 86_400_000;

let run: RunResult;
let html: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  run = await fixtureRun();
  html = htmlReport(run);
  const dir = await mkdtemp(join(tmpdir(), "scimlab-html-"));
  const file = join(dir, "report.html");
  await writeFile(file, html);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href);
});

afterAll(async () => {
  await browser?.close();
});

/** The data attributes of the marks of one kind in a scenario's timeline. */
function marks(section: string, kind: string): Promise<Array<Record<string, string>>> {
  return page.$$eval(`${section} svg.timeline [data-kind="${kind}"]`, (nodes) =>
    nodes.map((n) => Object.fromEntries(Object.entries((n as HTMLElement).dataset).map(([k, v]) => [k, v ?? ""]))),
  );
}

describe("the HTML report, in headless Chromium", () => {
  it("is one self-contained file: no external resource, no request, no console error", async () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(await page.locator("section.scenario").count()).toBe(3);
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("draws the example's timeline on the virtual-time axis: cycles, quarantine, attempts, mail, restart, fault window", async () => {
    const quarantine = await marks(EXAMPLE, "quarantine");
    expect(quarantine).toEqual([{ kind: "quarantine", reason: "EncounteredQuarantineException", at: String(40 * MIN), end: String(DAY + 18 * 60 * MIN + 40 * MIN) }]);
    expect(await marks(EXAMPLE, "restart")).toEqual([{ kind: "restart", mode: "kill", at: String(DAY + 40 * MIN) }]);
    expect(await marks(EXAMPLE, "mail")).toEqual([{ kind: "mail", mailKind: "quarantine", at: String(DAY + 40 * MIN) }]);
    expect(await marks(EXAMPLE, "fault")).toEqual([{ kind: "fault", fault: "creds", at: "0", end: String(DAY + 40 * MIN) }]);
    const cycles = await marks(EXAMPLE, "cycle");
    expect(cycles.map((c) => c.outcome)).toEqual(["Succeeded", "Failed", "Failed", "Failed", "Failed", "Failed", "Failed", "Succeeded"]);
    expect(cycles.slice(1, 4).map((c) => Number(c.at) / MIN)).toEqual([40, 80, 160]); // the backoff doubling
    expect((await marks(EXAMPLE, "backoff")).map((b) => b.attempt)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(await page.locator(`${EXAMPLE} svg.timeline [data-kind="restart"] title`).textContent()).toBe("T+1d40m engine restart (kill)");
  });

  it("places marks by their virtual time", async () => {
    const placed = await page.$eval(`${EXAMPLE} svg.timeline`, (svg) => {
      const axisEnd = Number(svg.getAttribute("data-axis-end"));
      const left = Number(svg.getAttribute("data-plot-left"));
      const width = Number(svg.getAttribute("data-plot-width"));
      const span = svg.querySelector('[data-kind="quarantine"] rect') as SVGRectElement;
      const restart = svg.querySelector('[data-kind="restart"] line') as SVGLineElement;
      const box = span.getBBox();
      return {
        spanStart: (box.x - left) / width,
        spanEnd: (box.x + box.width - left) / width,
        restart: (restart.x1.baseVal.value - left) / width,
        expected: { start: 2_400_000 / axisEnd, end: 153_600_000 / axisEnd, restart: 88_800_000 / axisEnd },
        rendered: svg.getBoundingClientRect().width,
      };
    });
    expect(placed.rendered).toBeGreaterThan(500);
    expect(placed.spanStart).toBeCloseTo(placed.expected.start, 2);
    expect(placed.spanEnd).toBeCloseTo(placed.expected.end, 2);
    expect(placed.restart).toBeCloseTo(placed.expected.restart, 2);
  });

  it("shows four weeks: weekly mail, the job disabled, the target's outage", async () => {
    const mails = await marks(FOUR_WEEKS, "mail");
    expect(mails.filter((m) => m.mailKind === "quarantine").map((m) => Math.round((Number(m.at) - 40 * MIN) / DAY))).toEqual([1, 8, 15, 22, 29]);
    expect(mails.filter((m) => m.mailKind === "disabled")).toHaveLength(1);
    expect((await marks(FOUR_WEEKS, "schedule")).map((s) => s.state)).toEqual(["Disabled", "Active"]);
    expect(await marks(FOUR_WEEKS, "target-down")).toEqual([{ kind: "target-down", keepData: "true", at: "0", end: String(29 * DAY + 40 * MIN) }]);
    expect((await marks(FOUR_WEEKS, "backoff")).length).toBeGreaterThan(28); // daily attempts once backed off
  });

  it("shows the failed scenario's step, its failure and its steps", async () => {
    expect(await page.locator(`${WRONG}`).getAttribute("data-status")).toBe("failed");
    expect(await page.locator(`${WRONG} pre.failure`).textContent()).toContain('step 9 (line 22): expect: { job: { code: Active } }');
    expect(await page.locator(`${WRONG} tr[data-step="9"]`).getAttribute("class")).toBe("st-failed");
    expect(await page.locator(`${WRONG} tr.st-skipped`).count()).toBe(3);
    const failedMark = await page.locator(`${WRONG} svg.timeline g.step.s-failed`).getAttribute("data-steps");
    expect(failedMark!.split(",")).toContain("9");
    expect(await page.locator(`${WRONG} details.steps`).getAttribute("open")).not.toBeNull();
  });

  it("filters scenarios by status, and a screenshot is kept", async () => {
    await page.getByRole("button", { name: /^Failed/ }).click();
    expect(await page.locator("section.scenario:visible").count()).toBe(1);
    await page.getByRole("button", { name: /^All/ }).click();
    expect(await page.locator("section.scenario:visible").count()).toBe(3);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "harness-report.png"), fullPage: true });
    await page.locator(`${EXAMPLE} figure`).screenshot({ path: join(ARTIFACTS, "harness-report-timeline.png") });
    expect(consoleErrors).toEqual([]);
  });
});
