import type { QuarantinePolicy } from "./quarantine-policy";
import { evaluateEscrowThreshold } from "./threshold-policy";
import type { CycleOutcome, QuarantineError, QuarantineReason, RetryingReason } from "./types";

/** Why a finished cycle calls for quarantine. */
export interface CycleVerdict {
  reason: RetryingReason;
  error: QuarantineError;
}

/**
 * Judges a finished cycle. Credentials and reachability come first (a cycle that could not talk
 * to the target says nothing about escrow proportions), then the escrow thresholds. Null: the
 * cause of any quarantine is gone.
 */
export function evaluateCycle(outcome: CycleOutcome, policy: QuarantinePolicy): CycleVerdict | null {
  if (outcome.connection === "credentialsRejected") return verdict("EncounteredQuarantineException", outcome, "credentials");
  if (outcome.connection === "unreachable") return verdict("EncounteredQuarantineException", outcome, "unreachable");
  if (outcome.calls > 0 && outcome.credentialFailures / outcome.calls > policy.credentialFailureShare) {
    return verdict("EncounteredQuarantineException", outcome, "credentials");
  }
  const reason = evaluateEscrowThreshold(outcome, policy.threshold);
  return reason ? verdict(reason, outcome, "escrows") : null;
}

/** Whether a cycle planning `count` deletes plus disables must hold them. */
export function exceedsDeleteThreshold(count: number, policy: QuarantinePolicy): boolean {
  return policy.deleteThreshold.enabled && count > policy.deleteThreshold.value;
}

type Cause = "credentials" | "unreachable" | "escrows";

function verdict(reason: RetryingReason, outcome: CycleOutcome, cause: Cause): CycleVerdict {
  const fallback = defaultError(reason, cause, outcome);
  return {
    reason,
    error: outcome.error ? { ...outcome.error, tenantActionable: true } : fallback,
  };
}

/** Errors shown when the runtime reports none; codes follow the service's names where known. */
export function defaultError(reason: QuarantineReason, cause?: Cause, outcome?: CycleOutcome): QuarantineError {
  switch (reason) {
    case "EncounteredQuarantineException":
      return cause === "unreachable"
        ? {
            code: "SystemForCrossDomainIdentityManagementServiceUnreachable",
            message: "The target SCIM endpoint could not be reached.",
            tenantActionable: true,
          }
        : {
            code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
            message: "The target SCIM endpoint rejected the credentials (401/403).",
            tenantActionable: true,
          };
    case "EncounteredEscrowProportionThreshold":
      return {
        code: "EscrowProportionThresholdExceeded",
        message: `Too large a share of objects failed in the last cycle${counts(outcome)}.`,
        tenantActionable: true,
      };
    case "EncounteredTotalEscrowThreshold":
      return {
        code: "TotalEscrowThresholdExceeded",
        message: `Too many objects failed in the last cycle${counts(outcome)}.`,
        tenantActionable: true,
      };
    case "QuarantinedOnDemand":
      return { code: "QuarantinedOnDemand", message: "An operator quarantined the job.", tenantActionable: true };
    case "TooManyDeletes":
      return {
        code: "TooManyDeletes",
        message: "The cycle would have deleted or disabled more objects than the accidental-deletion threshold allows.",
        tenantActionable: true,
      };
  }
}

function counts(outcome: CycleOutcome | undefined): string {
  if (!outcome) return "";
  return ` (${outcome.failures} failed, ${outcome.successes} succeeded)`;
}
