import type { ReadonlyRunResult } from "../result/result-schema";
import type { Reporter, ReporterOptions } from "./reporter";
import { writeOutput } from "./write-output";

/** The schema's id; the schema itself is harness/result/report.schema.json (`npm run schema`). */
export const REPORT_SCHEMA_ID = "https://scimlab.dev/schemas/report.json";

/** The full result model as JSON: scenarios, steps, timings, timeline events, failures. */
export function jsonReporter(options: ReporterOptions = {}): Reporter {
  return {
    async onRunEnd(run: ReadonlyRunResult) {
      await writeOutput(options, "scimlab-report/report.json", `${JSON.stringify({ $schema: REPORT_SCHEMA_ID, ...run }, null, 2)}\n`);
    },
  };
}
