import { formatDuration } from "../../common/duration";
import type { ReadonlyRunResult, ReadonlyScenarioResult, ReadonlyStepResult } from "../result/result-schema";
import type { Reporter, ReporterOptions, RunInfo, ScenarioInfo } from "./reporter";

/**
 * The console: one line per scenario as it ends, the failure in full, a summary with the
 * time-compression ratio. On a TTY it also keeps a progress line (which scenarios are running,
 * at which step) and colours the marks; otherwise plain lines only, for CI logs.
 */
export function consoleReporter(options: ReporterOptions = {}): Reporter {
  const out = options.stdout ?? process.stdout;
  const tty = out.isTTY === true;
  const paint = (code: number, text: string): string => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
  const running = new Map<string, string>();
  let total = 0;
  let done = 0;
  let status = "";

  const write = (text: string): void => {
    if (tty && status) out.write("\r\u001b[K");
    out.write(text);
    if (tty && status) out.write(status);
  };
  const setStatus = (): void => {
    if (!tty) return;
    const width = Math.max(40, (out.columns ?? 100) - 1);
    const current = [...running.values()].join(" · ");
    const next = `[${done}/${total}] ${current}`.slice(0, width);
    out.write(`\r\u001b[K${next}`);
    status = next;
  };

  return {
    onRunStart(run: RunInfo) {
      total = run.scenarios.length;
      const parts = [`${total} scenario${total === 1 ? "" : "s"}`, `${run.workers} worker${run.workers === 1 ? "" : "s"}`];
      if (run.shard) parts.push(`shard ${run.shard.index}/${run.shard.count}`);
      if (run.seed !== null) parts.push(`seed ${run.seed}`);
      write(`scimlab run: ${parts.join(", ")}\n`);
    },
    onScenarioStart(scenario: ScenarioInfo) {
      running.set(scenario.id, scenario.name);
      setStatus();
    },
    onStepEnd(scenario: ScenarioInfo, step: ReadonlyStepResult) {
      running.set(scenario.id, `${scenario.name} (step ${step.index + 1}/${scenario.steps})`);
      setStatus();
    },
    onScenarioEnd(result: ReadonlyScenarioResult) {
      running.delete(result.id);
      done++;
      const where = result.file ? `${result.file}, ` : "";
      if (result.status === "passed") {
        write(`${paint(32, "✓")} ${result.name}  ${paint(2, `(${where}${result.steps.length} steps, ${formatDuration(result.virtualMs)} virtual in ${ms(result.wallMs)})`)}\n`);
      } else {
        const at = result.failure?.stepIndex !== null && result.failure?.stepIndex !== undefined ? `step ${result.failure.stepIndex + 1} of ${result.steps.length}` : "setup";
        write(`${paint(31, "✗")} ${result.name}  (${where}${at})\n`);
        write(`${indent(result.failure?.message ?? "(no failure message)")}\n`);
      }
      setStatus();
    },
    onRunEnd(run: ReadonlyRunResult) {
      if (tty && status) out.write("\r\u001b[K");
      status = "";
      const virtual = run.scenarios.reduce((sum, s) => sum + s.virtualMs, 0);
      const wall = run.scenarios.reduce((sum, s) => sum + s.wallMs, 0);
      const ratio = wall > 0 ? Math.round(virtual / wall) : 0;
      const counts = [`${run.counts.passed} passed`, `${run.counts.failed} failed`];
      if (run.counts.notRun > 0) counts.push(`${run.counts.notRun} not run (--bail)`);
      const verdict = run.status === "passed" ? paint(32, "passed") : paint(31, "failed");
      out.write(
        `\n${run.counts.total} scenario${run.counts.total === 1 ? "" : "s"} ${verdict}: ${counts.join(", ")} in ${ms(run.wallMs)}` +
          ` (${formatDuration(virtual)} of virtual time${ratio > 0 ? `, ${ratio.toLocaleString("en-US")}× real time` : ""})\n`,
      );
    },
  };
}

function ms(wallMs: number): string {
  return wallMs < 1000 ? `${Math.round(wallMs)}ms` : `${(wallMs / 1000).toFixed(1)}s`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
