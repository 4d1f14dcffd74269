/**
 * `npm run schema`: regenerates scenarios/schema.json and harness/result/report.schema.json from
 * the zod schemas. A test fails when the checked-in files are stale.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REPORT_SCHEMA_PATH, SCENARIO_SCHEMA_PATH, reportJsonSchema, scenarioJsonSchema, schemaText } from "./json-schema";

const root = fileURLToPath(new URL("../../", import.meta.url));
writeFileSync(root + SCENARIO_SCHEMA_PATH, schemaText(scenarioJsonSchema()));
writeFileSync(root + REPORT_SCHEMA_PATH, schemaText(reportJsonSchema()));
console.log(`wrote ${SCENARIO_SCHEMA_PATH} and ${REPORT_SCHEMA_PATH}`);
