import { UsageError } from "../../common/config-error";
import { consoleReporter } from "./console-reporter";
import { htmlReporter } from "./html/html-reporter";
import { jsonReporter } from "./json-reporter";
import { junitReporter } from "./junit-reporter";
import type { Reporter, ReporterFactory, ReporterOptions } from "./reporter";

/** Reporters by name, for `--reporter NAME[:FILE]`. */
const registry = new Map<string, ReporterFactory>([
  ["console", consoleReporter],
  ["json", jsonReporter],
  ["junit", junitReporter],
  ["html", htmlReporter],
]);

/** Adds (or replaces) a reporter under a name. */
export function registerReporter(name: string, factory: ReporterFactory): void {
  registry.set(name, factory);
}

export function reporterNames(): string[] {
  return [...registry.keys()];
}

/**
 * `console`, `json`, `json:out/report.json`, `junit:-` (standard output): a reporter by name, with
 * the file it writes. File reporters default to scimlab-report/ (report.json, junit.xml, report.html).
 */
export function createReporter(spec: string, options: Omit<ReporterOptions, "file"> = {}): Reporter {
  const colon = spec.indexOf(":");
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const file = colon < 0 ? undefined : spec.slice(colon + 1);
  const factory = registry.get(name);
  if (!factory) throw new UsageError(`unknown reporter ${JSON.stringify(name)} in --reporter ${spec}; accepted: ${reporterNames().join(", ")}`);
  if (file === "") throw new UsageError(`--reporter ${spec}: give a file after the colon, or leave the colon out`);
  return factory({ ...options, ...(file !== undefined ? { file } : {}) });
}
