/**
 * One self-contained HTML file: the verdict, a table of every check with its rule, and for each
 * failure the message, the fix and every exchange of the check (the failing one highlighted).
 * No scripts: details/summary elements fold the exchanges.
 */
import type { CheckResult } from "../checks/check-types";
import type { ValidationResult } from "../validation-result";
import { cleanupLine, summaryLine } from "./console-report";
import { formatExchange } from "./format-exchange";

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f}h1{font-size:1.4rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.passed{color:#137333}.failed{color:#b3261e;font-weight:600}.skipped,.notRun,.planned{color:#6b6b6b}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:12px}pre.bad{outline:2px solid #b3261e}
.fix{background:#fff4e5;padding:.4rem .6rem;border-left:4px solid #f29900}.verdict-passed{color:#137333}.verdict-failed,.verdict-interrupted{color:#b3261e}`;

function row(c: CheckResult): string {
  const detail = c.status === "failed" ? `<a href="#${esc(c.id)}">details</a>` : esc(c.message ?? "");
  return `<tr><td class="${c.status}">${c.status}</td><td><code>${esc(c.id)}</code></td><td>${esc(c.title)}</td><td><a href="${esc(c.rule.url)}">${esc(c.rule.source)}</a></td><td>${detail}${c.warnings.map((w) => `<div>⚠ ${esc(w)}</div>`).join("")}</td></tr>`;
}

function failure(c: CheckResult): string {
  const exchanges = c.exchanges
    .map((x, i) => `<pre class="${i === c.failedExchange ? "bad" : ""}">${esc(formatExchange(x))}</pre>`)
    .join("");
  return `<section id="${esc(c.id)}"><h3>✗ <code>${esc(c.id)}</code> ${esc(c.title)}</h3>
<p><strong>Rule</strong> (<a href="${esc(c.rule.url)}">${esc(c.rule.source)}</a>): ${esc(c.rule.text)}</p>
<p><strong>What went wrong:</strong> ${esc(c.message ?? "")}</p>
<p class="fix"><strong>What to fix:</strong> ${esc(c.fix ?? "")}</p>
<details${c.failedExchange !== undefined ? " open" : ""}><summary>${c.exchanges.length} exchange(s)</summary>${exchanges}</details></section>`;
}

export function htmlReport(result: ValidationResult): string {
  const failed = result.checks.filter((c) => c.status === "failed");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scimlab validate: ${esc(result.target)}</title><style>${STYLE}</style></head>
<body>
<h1>scimlab validate <span class="verdict-${result.status}">${esc(result.status.toUpperCase())}</span></h1>
<p>Target <code>${esc(result.target)}</code>, profile <strong>${esc(result.profile)}</strong>, ${esc(result.dialects.join(" + "))}, started ${esc(result.startedAt)}${result.dryRun ? ", <strong>dry run</strong> (nothing sent)" : ""}.</p>
<p>${esc(summaryLine(result))}</p>
<p>${esc(cleanupLine(result))}</p>
<table><thead><tr><th>Status</th><th>Check</th><th>Title</th><th>Rule</th><th>Notes</th></tr></thead><tbody>
${result.checks.map(row).join("\n")}
</tbody></table>
${failed.length ? `<h2>Failures</h2>${failed.map(failure).join("\n")}` : ""}
</body></html>
`;
}
