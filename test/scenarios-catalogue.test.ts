/**
 * Issue 7, acceptance 2: every rule of the provisioning model (docs/rules.yaml) is proven by at
 * least one scenario of the library, every id a scenario names is a rule, and docs/scenarios.md is
 * what `npm run scenarios:docs` generates from them (regenerating changes nothing).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  coverageOf,
  loadLibrary,
  loadRuleCatalogue,
  SCENARIOS_DOC_PATH,
  type LibraryScenario,
  type RuleCatalogue,
} from "../harness/catalogue/rule-catalogue";
import { renderScenariosDoc } from "../harness/catalogue/render-scenarios-doc";

const root = join(import.meta.dirname, "..");
const FOLDERS = ["quarantine", "notifications", "recovery", "restart", "faults", "deletions", "dialects"];

let catalogue: RuleCatalogue;
let library: LibraryScenario[];
beforeAll(async () => {
  catalogue = await loadRuleCatalogue(root);
  library = await loadLibrary(root);
});

describe("the scenario library and the rule catalogue", () => {
  it("has at least 25 scenario files, in the issue's folders, each proving something", () => {
    expect(library.length).toBeGreaterThanOrEqual(25);
    for (const folder of FOLDERS) expect(library.some((s) => s.path.startsWith(`scenarios/${folder}/`)), folder).toBe(true);
    expect(coverageOf(catalogue, library).provingNothing.map((s) => s.path)).toEqual([]);
  });

  it("names only rules of the catalogue in proves:", () => {
    expect(coverageOf(catalogue, library).unknown).toEqual([]);
  });

  it("proves every rule of the model with at least one scenario", () => {
    expect(coverageOf(catalogue, library).unproven.map((r) => r.id)).toEqual([]);
  });

  it("covers every section of the model (1 to 8)", () => {
    for (const section of ["1", "2", "3", "4", "5", "6", "7", "8"]) {
      expect(catalogue.rules.some((r) => r.section === section), `section ${section}`).toBe(true);
    }
  });

  it("docs/scenarios.md is up to date (npm run scenarios:docs changes nothing)", async () => {
    const onDisk = await readFile(join(root, SCENARIOS_DOC_PATH), "utf8");
    expect(onDisk).toBe(renderScenariosDoc(catalogue, library));
  });

  it("the page lists each rule with the scenarios proving it, and says when one is unproven", () => {
    const [first] = catalogue.rules;
    const proving = library.filter((s) => s.proves.includes(first!.id));
    const page = renderScenariosDoc(catalogue, library);
    expect(page).toContain(`| \`${first!.id}\` |`);
    for (const s of proving) expect(page).toContain(`](../${s.path})`);

    // A rule nobody proves shows as such, in its section and in the list at the end.
    const extra: RuleCatalogue = { ...catalogue, rules: [...catalogue.rules, { id: "cycle.unproven-example", section: "1", rule: "An example rule." }] };
    const withGap = renderScenariosDoc(extra, library);
    expect(withGap).toContain("| `cycle.unproven-example` | An example rule. | **none yet** |");
    expect(withGap.slice(withGap.indexOf("## Rules no scenario proves yet"))).toContain("- `cycle.unproven-example`: An example rule.");
    expect(withGap).toContain("not proven by any scenario yet");
  });
});
