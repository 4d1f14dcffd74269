import type { ReadonlyRunResult, ReadonlyScenarioResult } from "../result/result-schema";
import { describeEvent, offset } from "../../common/timeline/describe-event";
import type { Reporter, ReporterOptions } from "./reporter";
import { writeOutput } from "./write-output";

/**
 * JUnit XML, as CI systems read it: one testsuite, one testcase per scenario (classname from the
 * file's folder, name the scenario's), the failure message and its detail, and the steps and
 * timeline in system-out.
 */
export function junitReporter(options: ReporterOptions = {}): Reporter {
  return {
    async onRunEnd(run: ReadonlyRunResult) {
      await writeOutput(options, "scimlab-report/junit.xml", junitXml(run));
    },
  };
}

export function junitXml(run: ReadonlyRunResult): string {
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const cases = run.scenarios.map((s) => testcase(s, seconds)).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="scimlab" tests="${run.counts.total}" failures="${run.counts.failed}" errors="0" skipped="${run.counts.notRun}" time="${seconds(run.wallMs)}">\n` +
    `  <testsuite name="scimlab scenarios" tests="${run.scenarios.length}" failures="${run.counts.failed}" errors="0" skipped="0" time="${seconds(run.wallMs)}" timestamp="${attr(run.startedAt)}">\n` +
    cases +
    `  </testsuite>\n</testsuites>\n`
  );
}

function testcase(s: ReadonlyScenarioResult, seconds: (ms: number) => string): string {
  const classname = s.file ? s.file.replace(/\.[^./]+$/, "").replace(/[\\/]/g, ".") : "scimlab";
  const file = s.file ? ` file="${attr(s.file)}"` : "";
  const props = [
    ["seed", String(s.seed)],
    ["engine", s.engine],
    ["virtualMs", String(s.virtualMs)],
    ...s.proves.map((p) => ["proves", p]),
    ...s.tags.map((t) => ["tag", t]),
  ]
    .map(([name, value]) => `        <property name="${attr(name!)}" value="${attr(value!)}"/>\n`)
    .join("");
  const failure = s.failure
    ? `      <failure message="${attr(s.failure.message.split("\n")[0]!)}" type="${s.failure.error ? attr(s.failure.error.name) : "ExpectationFailed"}">${text(s.failure.message)}</failure>\n`
    : "";
  const out = [
    ...s.steps.map((st) => `step ${st.index + 1} ${st.status.padEnd(7)} ${st.title}${st.detail ? ` -> ${st.detail}` : ""}`),
    "timeline:",
    ...s.timeline.map((e) => `  ${offset(e.at).padEnd(12)} ${describeEvent(e)}`),
  ].join("\n");
  return (
    `    <testcase classname="${attr(classname)}" name="${attr(s.name)}" time="${seconds(s.wallMs)}"${file}>\n` +
    `      <properties>\n${props}      </properties>\n` +
    failure +
    `      <system-out>${text(out)}</system-out>\n` +
    `    </testcase>\n`
  );
}

/** XML 1.0 forbids most control characters even when escaped: drop them. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
}

function text(value: string): string {
  return clean(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/\n/g, "&#10;");
}
