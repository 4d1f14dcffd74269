/**
 * `npm run scenarios:docs`: regenerates docs/scenarios.md from docs/rules.yaml and the scenario
 * files. `--check` writes nothing and exits 1 when the page is stale. Either way it prints the
 * rules no scenario proves and the `proves:` ids that name no rule (those exit 1: a typo in a
 * file must not pass silently).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../../common/config-error";
import { coverageOf, loadLibrary, loadRuleCatalogue, RULES_PATH, SCENARIOS_DOC_PATH } from "./rule-catalogue";
import { renderScenariosDoc } from "./render-scenarios-doc";

const root = fileURLToPath(new URL("../../", import.meta.url));
const check = process.argv.includes("--check");

try {
  const catalogue = await loadRuleCatalogue(root);
  const library = await loadLibrary(root);
  const coverage = coverageOf(catalogue, library);
  const text = renderScenariosDoc(catalogue, library);
  const current = (() => {
    try {
      return readFileSync(root + SCENARIOS_DOC_PATH, "utf8");
    } catch {
      return "";
    }
  })();
  for (const { path, id } of coverage.unknown) console.error(`${path}: proves ${id}, which is not a rule of ${RULES_PATH}`);
  for (const rule of coverage.unproven) console.error(`not proven by any scenario: ${rule.id}`);
  if (check) {
    if (current !== text) {
      console.error(`${SCENARIOS_DOC_PATH} is stale: run npm run scenarios:docs`);
      process.exitCode = 1;
    } else console.log(`${SCENARIOS_DOC_PATH} is up to date`);
  } else if (current !== text) {
    writeFileSync(root + SCENARIOS_DOC_PATH, text);
    console.log(`wrote ${SCENARIOS_DOC_PATH}: ${catalogue.rules.length} rules, ${library.length} scenarios`);
  } else console.log(`${SCENARIOS_DOC_PATH} unchanged: ${catalogue.rules.length} rules, ${library.length} scenarios`);
  if (coverage.unknown.length > 0) process.exitCode = 1;
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
