import type { ReadonlyRunResult } from "../../result/result-schema";
import type { Reporter, ReporterOptions } from "../reporter";
import { writeOutput } from "../write-output";
import { htmlReport } from "./html-report";

/** Writes the self-contained HTML report at the end of the run. */
export function htmlReporter(options: ReporterOptions = {}): Reporter {
  return {
    async onRunEnd(run: ReadonlyRunResult) {
      await writeOutput(options, "scimlab-report/report.html", htmlReport(run));
    },
  };
}
