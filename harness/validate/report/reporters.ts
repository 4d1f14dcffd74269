/**
 * The validate reporters by name. They are thin adapters over the ValidationResult: the harness's
 * scenario reporters read a scenario run (steps on a virtual timeline), which does not fit a list
 * of checks with HTTP exchanges, so validate keeps its own four with the same names and flags.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ReporterSpec } from "../validate-config";
import type { ValidationResult } from "../validation-result";
import { consoleReport } from "./console-report";
import { htmlReport } from "./html-report";
import { junitReport } from "./junit-report";

export const VALIDATE_REPORTERS: Record<string, (result: ValidationResult) => string> = {
  console: consoleReport,
  json: (result) => `${JSON.stringify(result, null, 2)}\n`,
  junit: junitReport,
  html: htmlReport,
};

/** Writes each report to its file, or to `stdout` when it has none (the console one). */
export function writeReports(result: ValidationResult, specs: readonly ReporterSpec[], stdout: (text: string) => void): void {
  for (const spec of specs) {
    const render = VALIDATE_REPORTERS[spec.name];
    if (!render) throw new Error(`internal: no reporter ${spec.name}`);
    const text = render(result);
    if (spec.file === undefined) stdout(text);
    else {
      mkdirSync(dirname(spec.file), { recursive: true });
      writeFileSync(spec.file, text);
    }
  }
}
