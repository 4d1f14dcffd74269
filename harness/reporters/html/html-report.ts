import { formatDuration } from "../../../common/duration";
import type { ReadonlyRunResult, ReadonlyScenarioResult, ReadonlyStepResult } from "../../result/result-schema";
import { offset } from "../../../common/timeline/describe-event";
import { escapeHtml } from "../../../common/timeline/escape-html";
import { renderTimelineSvg, TIMELINE_CSS } from "../../../common/timeline/timeline-svg";
import { REPORT_CSS } from "./report-css";
import { REPORT_SCRIPT } from "./report-script";

/**
 * The HTML report: one self-contained file (inline CSS, inline SVG, a few lines of inline script,
 * no external resource). Per scenario: its status, the timeline picture, the failure, the steps.
 */
export function htmlReport(run: ReadonlyRunResult): string {
  const counts = run.counts;
  const virtual = run.scenarios.reduce((sum, s) => sum + s.virtualMs, 0);
  const summary =
    `${counts.total} scenario${counts.total === 1 ? "" : "s"}: ${counts.passed} passed, ${counts.failed} failed` +
    (counts.notRun ? `, ${counts.notRun} not run` : "") +
    ` · ${formatDuration(virtual)} of virtual time in ${(run.wallMs / 1000).toFixed(1)} s` +
    (run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : "") +
    (run.seed !== null ? ` · seed ${String(run.seed)}` : "") +
    ` · started ${run.startedAt}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scimlab report: ${run.status}</title>
<style>${REPORT_CSS}${TIMELINE_CSS}</style>
</head>
<body>
<header>
<h1>scimlab report <span class="badge b-${run.status}">${run.status}</span></h1>
<p class="summary">${escapeHtml(summary)}</p>
<nav class="filters" aria-label="Filter scenarios">
<button type="button" data-filter="all" aria-pressed="true">All (${run.scenarios.length})</button>
<button type="button" data-filter="failed" aria-pressed="false">Failed (${counts.failed})</button>
<button type="button" data-filter="passed" aria-pressed="false">Passed (${counts.passed})</button>
</nav>
</header>
<main>
${run.scenarios.map((s, i) => scenarioSection(s, i)).join("\n")}
</main>
<footer>${legend()}</footer>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function scenarioSection(s: ReadonlyScenarioResult, i: number): string {
  const meta = [
    s.file ? `<code>${escapeHtml(s.file)}</code>` : "",
    `seed ${escapeHtml(String(s.seed))}`,
    `engine ${s.engine}`,
    `${formatDuration(s.virtualMs)} virtual in ${Math.round(s.wallMs)} ms`,
    s.tags.length ? `tags ${s.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(" ")}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  const proves = s.proves.length ? `<p class="proves">proves ${s.proves.map((p) => `<code>${escapeHtml(p)}</code>`).join(" ")}</p>` : "";
  const failure = s.failure ? `<pre class="failure">${escapeHtml(s.failure.message)}</pre>` : "";
  return `<section class="scenario st-${s.status}" id="scenario-${i + 1}" data-status="${s.status}" data-id="${escapeHtml(s.id)}">
<h2><span class="badge b-${s.status}">${s.status}</span> ${escapeHtml(s.name)}</h2>
<p class="meta">${meta}</p>
${proves}
<figure class="timeline-figure">${renderTimelineSvg(s.timeline, { virtualMs: s.virtualMs, steps: s.steps, label: `Timeline of ${s.name}` })}</figure>
${failure}
<details class="steps"${s.status === "failed" ? " open" : ""}><summary>Steps (${s.steps.length})</summary>
<table><thead><tr><th>#</th><th>line</th><th>step</th><th>result</th><th>virtual time</th><th>what happened</th></tr></thead>
<tbody>${s.steps.map(stepRow).join("")}</tbody></table></details>
</section>`;
}

function stepRow(step: ReadonlyStepResult): string {
  const when = step.at === null ? "" : step.end !== null && step.end !== step.at ? `${offset(step.at)} → ${offset(step.end)}` : offset(step.at);
  const note = step.note ? `<div class="note">${escapeHtml(step.note)}</div>` : "";
  // The failure's timeline and journal tails are shown once, above the table.
  const detail = step.failure ? failureCore(step.failure.message) : (step.detail ?? "");
  return (
    `<tr class="st-${step.status}" data-step="${step.index + 1}"><td>${step.index + 1}</td><td>${step.line ?? ""}</td>` +
    `<td><code>${escapeHtml(step.title)}</code>${note}</td><td><span class="badge b-${step.status}">${step.status}</span></td>` +
    `<td>${escapeHtml(when)}</td><td>${step.failure ? `<pre>${escapeHtml(detail)}</pre>` : escapeHtml(detail)}</td></tr>`
  );
}

function failureCore(message: string): string {
  const lines = message.split("\n").slice(2);
  const tail = lines.findIndex((l) => l.startsWith("  last "));
  return (tail < 0 ? lines : lines.slice(0, tail)).map((l) => l.replace(/^ {2}/, "")).join("\n");
}

function legend(): string {
  const item = (svg: string, text: string): string => `<span class="legend-item"><svg class="timeline" width="18" height="14" viewBox="0 0 18 14">${svg}</svg>${text}</span>`;
  return `<p class="legend">${[
    item('<rect class="cycle o-succeeded" x="7" y="1" width="4" height="12"/>', "cycle succeeded"),
    item('<rect class="cycle o-entrylevelerrors" x="7" y="1" width="4" height="12"/>', "cycle with escrows"),
    item('<rect class="cycle o-failed" x="7" y="1" width="4" height="12"/>', "cycle failed"),
    item('<g class="quarantine"><rect x="1" y="2" width="16" height="10" rx="2"/></g>', "quarantine"),
    item('<g class="backoff"><circle cx="9" cy="7" r="5"/></g>', "backoff attempt"),
    item('<path class="mail" d="M9,0L16,7L9,14L2,7Z"/>', "mail"),
    item('<g class="restart"><path d="M3,1L15,1L9,12Z"/></g>', "engine restart"),
    item('<g class="fault"><rect x="1" y="2" width="16" height="10" rx="2"/></g>', "fault window"),
    item('<g class="target-down"><rect x="1" y="2" width="16" height="10" rx="2"/></g>', "target down"),
  ].join("")}</p>`;
}
