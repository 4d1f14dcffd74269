/**
 * The console report: one line per check as it ends, then each failure with its message, the
 * fix, the rule and the exchange that showed it, then the cleanup and a summary. In a dry run,
 * the requests each check would send.
 */
import type { CheckResult } from "../checks/check-types";
import type { ValidationResult } from "../validation-result";
import { formatExchange, requestLine } from "./format-exchange";

const MARK: Record<CheckResult["status"], string> = { passed: "✓", failed: "✗", skipped: "-", planned: "•", notRun: " " };

export function checkLine(result: CheckResult): string {
  const note = result.status === "skipped" || result.status === "notRun" ? `  (${result.message ?? result.status})` : "";
  const warn = result.warnings.length ? `  [${result.warnings.length} warning${result.warnings.length > 1 ? "s" : ""}]` : "";
  return `${MARK[result.status]} ${result.id}  ${result.title}${note}${warn}`;
}

export function consoleReport(result: ValidationResult): string {
  const out: string[] = [];
  if (result.dryRun) {
    out.push(`Dry run: nothing was sent to ${result.target}. These are the requests validate would send`);
    out.push(`(ids are placeholders from a local stand-in; your endpoint assigns its own):`, "");
    for (const check of result.checks) {
      out.push(`${check.id}  ${check.title}`);
      for (const x of check.exchanges) out.push(`    ${requestLine(x)}${x.request.body === undefined ? "" : `  ${JSON.stringify(x.request.body)}`}`);
    }
    out.push("", "then cleanup:");
    for (const x of result.cleanup.exchanges) out.push(`    ${requestLine(x)}`);
  }
  const failed = result.checks.filter((c) => c.status === "failed");
  for (const check of failed) {
    out.push("", `✗ ${check.id}: ${check.title}`);
    out.push(`  rule: ${check.rule.source}: ${check.rule.text}`);
    out.push(`        ${check.rule.url}`);
    out.push(`  what went wrong: ${check.message}`);
    if (check.fix) out.push(`  what to fix: ${check.fix}`);
    const x = check.failedExchange === undefined ? undefined : check.exchanges[check.failedExchange];
    if (x) out.push("  exchange:", formatExchange(x, "    "));
  }
  const warned = result.checks.filter((c) => c.warnings.length);
  if (warned.length) {
    out.push("", "Warnings (the checks passed):");
    for (const c of warned) for (const w of c.warnings) out.push(`  ${c.id}: ${w}`);
  }
  out.push("", cleanupLine(result), summaryLine(result));
  return out.join("\n") + "\n";
}

export function cleanupLine(result: ValidationResult): string {
  const c = result.cleanup;
  if (result.dryRun) return `Cleanup: would delete everything named ${result.prefix}* (${c.exchanges.filter((x) => x.request.method === "DELETE").length} DELETE requests against the stand-in).`;
  if (c.error) return `Cleanup: ${c.error}`;
  if (c.leftovers.length) return `Cleanup: ${c.deleted} deleted, ${c.leftovers.length} LEFT BEHIND: ${c.leftovers.map((l) => `${l.endpoint} ${l.key}${l.id ? ` (${l.id})` : ""}: ${l.reason}`).join("; ")}`;
  return `Cleanup: ${c.deleted} resource(s) created by this run deleted (prefix ${result.prefix}); nothing left behind.`;
}

export function summaryLine(result: ValidationResult): string {
  const n = result.counts;
  const parts = [`${n.passed} passed`, `${n.failed} failed`, `${n.skipped} skipped`];
  if (n.planned) parts.push(`${n.planned} planned`);
  if (n.notRun) parts.push(`${n.notRun} not run`);
  const verdict = result.dryRun ? "DRY RUN" : result.status === "interrupted" ? "INTERRUPTED" : result.status === "passed" ? "PASSED" : "FAILED";
  return `${verdict}: ${parts.join(", ")} (${result.checks.length} checks, profile ${result.profile}, ${result.dialects.join(" + ")}, ${(result.wallMs / 1000).toFixed(1)} s)`;
}
