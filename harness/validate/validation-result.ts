/** What a validation run produced; every reporter reads this (read-only). */
import type { CheckResult, CheckStatus } from "./checks/check-types";
import type { CleanupReport } from "./cleanup/resource-tracker";
import type { RecordedExchange } from "./http/exchange";
import type { ValidateProfile } from "./validate-config";
import type { RequestDialect } from "./checks/request-dialect";

export interface ValidationResult {
  tool: "scimlab";
  command: "validate";
  target: string;
  profile: ValidateProfile;
  dialects: RequestDialect[];
  /** The prefix every created name carried. */
  prefix: string;
  dryRun: boolean;
  startedAt: string;
  wallMs: number;
  /** passed: no check failed and nothing was left behind; interrupted: Ctrl-C. */
  status: "passed" | "failed" | "interrupted";
  counts: Record<CheckStatus, number> & { total: number };
  checks: CheckResult[];
  cleanup: CleanupReport & { exchanges: RecordedExchange[]; error?: string };
}

export function countStatuses(checks: readonly CheckResult[]): ValidationResult["counts"] {
  const counts = { total: checks.length, passed: 0, failed: 0, skipped: 0, planned: 0, notRun: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}
