/**
 * `npm audit --omit=dev` as a check with three honest outcomes: clean, vulnerable (high or
 * critical advisories, listed), or unavailable (the registry serves no advisory endpoint, as the
 * mirror this project's machines and CI use answers 405 to npm's bulk advisory request). An
 * unavailable audit is never reported as a pass.
 */
import { spawn } from "node:child_process";

export type AuditOutcome =
  | { status: "clean"; counts: Record<string, number> }
  | { status: "vulnerable"; counts: Record<string, number>; findings: string[] }
  | { status: "unavailable"; reason: string };

interface AuditJson {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity?: string; via?: unknown[]; range?: string }>;
  message?: string;
  statusCode?: number;
  error?: { summary?: string; code?: string };
}

/** Runs `npm audit --omit=dev --json` in `cwd` and classifies the answer. */
export async function auditProduction(cwd: string, timeoutMs = 90_000): Promise<AuditOutcome> {
  const { stdout, code, error } = await run("npm", ["audit", "--omit=dev", "--json"], cwd, timeoutMs);
  if (error) return { status: "unavailable", reason: error };
  return classifyAudit(stdout, code);
}

/** Classifies npm audit's JSON output (exported for the unit test). */
export function classifyAudit(stdout: string, exitCode: number | null): AuditOutcome {
  let parsed: AuditJson;
  try {
    parsed = JSON.parse(stdout) as AuditJson;
  } catch {
    return { status: "unavailable", reason: `npm audit printed no JSON (exit ${String(exitCode)}): ${stdout.slice(0, 200)}` };
  }
  const counts = parsed.metadata?.vulnerabilities;
  if (!counts) {
    const why = parsed.message ?? parsed.error?.summary ?? parsed.error?.code ?? "no advisory data in the answer";
    return { status: "unavailable", reason: `the registry's advisory endpoint did not answer: ${why}` };
  }
  const high = (counts.high ?? 0) + (counts.critical ?? 0);
  if (high === 0) return { status: "clean", counts };
  const findings = Object.entries(parsed.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === "high" || v.severity === "critical")
    .map(([name, v]) => `${name} ${v.range ?? ""} (${v.severity})`);
  return { status: "vulnerable", counts, findings };
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; code: number | null; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_fund: "false", npm_config_update_notifier: "false" } });
    let stdout = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs); // real-time: a bound on a network call in a script
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.resume();
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ stdout, code: null, error: `npm could not be run: ${error.message}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? { stdout, code, error: `npm audit did not finish within ${timeoutMs / 1000} s` } : { stdout, code });
    });
  });
}

/** `npx tsx reliability/npm-audit.ts`: prints the outcome; exit 1 when vulnerable, 0 otherwise (3 with --require when unavailable). */
async function main(): Promise<void> {
  const outcome = await auditProduction(process.cwd());
  if (outcome.status === "unavailable") {
    console.log(`npm audit --omit=dev: UNAVAILABLE (not a pass): ${outcome.reason}`);
    process.exit(process.argv.includes("--require") ? 3 : 0);
  }
  console.log(`npm audit --omit=dev: ${outcome.status}: ${JSON.stringify(outcome.counts)}`);
  if (outcome.status === "vulnerable") {
    for (const f of outcome.findings) console.log(`  ${f}`);
    process.exit(1);
  }
}

if (process.argv[1] && /npm-audit\.ts$/.test(process.argv[1])) void main();
