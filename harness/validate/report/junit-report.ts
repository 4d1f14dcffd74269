/** JUnit XML: one test suite per check group, one test case per check (CI systems read it). */
import type { ValidationResult } from "../validation-result";
import { formatExchange } from "./format-exchange";

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export function junitReport(result: ValidationResult): string {
  const groups = new Map<string, ValidationResult["checks"]>();
  for (const check of result.checks) groups.set(check.group, [...(groups.get(check.group) ?? []), check]);
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`];
  const failures = result.counts.failed;
  const skipped = result.counts.skipped + result.counts.notRun + result.counts.planned;
  out.push(`<testsuites name="scimlab validate ${escapeXml(result.target)}" tests="${result.checks.length}" failures="${failures}" skipped="${skipped}" time="${(result.wallMs / 1000).toFixed(3)}">`);
  for (const [group, checks] of groups) {
    const time = checks.reduce((sum, c) => sum + c.ms, 0) / 1000;
    out.push(
      `  <testsuite name="validate.${escapeXml(group)}" tests="${checks.length}" failures="${checks.filter((c) => c.status === "failed").length}" skipped="${checks.filter((c) => c.status !== "passed" && c.status !== "failed").length}" time="${time.toFixed(3)}" timestamp="${result.startedAt}">`,
    );
    for (const c of checks) {
      const open = `    <testcase classname="validate.${escapeXml(group)}" name="${escapeXml(`${c.id}: ${c.title}`)}" time="${(c.ms / 1000).toFixed(3)}"`;
      if (c.status === "passed") {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (c.status === "failed") {
        const x = c.failedExchange === undefined ? undefined : c.exchanges[c.failedExchange];
        const body = [`${c.message}`, `Fix: ${c.fix ?? ""}`, `Rule: ${c.rule.source}: ${c.rule.text} (${c.rule.url})`, ...(x ? ["", formatExchange(x)] : [])].join("\n");
        out.push(`      <failure message="${escapeXml(c.message ?? "failed")}" type="${escapeXml(c.rule.source)}">${escapeXml(body)}</failure>`);
      } else {
        out.push(`      <skipped message="${escapeXml(c.status === "planned" ? "dry run: planned, not sent" : (c.message ?? c.status))}"/>`);
      }
      out.push(`    </testcase>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
}
