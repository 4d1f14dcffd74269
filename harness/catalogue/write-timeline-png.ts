/**
 * `npm run docs:timeline`: the picture in the README. Runs one scenario of the library
 * (default scenarios/restart/kill-while-quarantined.yaml), writes its HTML report to a temporary
 * folder, opens it in headless Chromium (Debian's package, driven by playwright-core) and saves
 * the scenario's header and timeline as docs/timeline.png.
 *
 *   npm run docs:timeline [-- scenarios/other.yaml [docs/other.png]]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { createReporter } from "../reporters/registry";
import { runSuite } from "../suite/run-suite";

const root = fileURLToPath(new URL("../../", import.meta.url));
const scenario = process.argv[2] ?? "scenarios/restart/kill-while-quarantined.yaml";
const output = process.argv[3] ?? "docs/timeline.png";
const dir = mkdtempSync(join(tmpdir(), "scimlab-timeline-"));

try {
  const html = join(dir, "report.html");
  const run = await runSuite({ paths: [scenario], cwd: root, reporters: [createReporter(`html:${html}`, { cwd: root })] });
  if (run.status !== "passed") throw new Error(`${scenario} did not pass: ${run.scenarios[0]?.failure?.message ?? ""}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(html).href);
    const section = page.locator("section.scenario").first();
    // The header (status, name, meta, proves) and the timeline, without the steps table.
    await section.locator("details.steps").evaluate((el) => el.remove());
    await section.screenshot({ path: join(root, output) });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${output} (timeline of ${scenario})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
