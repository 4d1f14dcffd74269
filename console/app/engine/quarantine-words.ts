/**
 * Quarantine in plain words: what each reason means, and the checklist of what to do about it,
 * after the quarantine article (check the credentials, read the provisioning logs, fix the cause,
 * restart with "clear quarantine"). The Graph enum value is shown beside the words, never instead.
 */
import type { SynchronizationQuarantine } from "../../../engine/model/graph-types";

export interface ChecklistItem {
  text: string;
  /** What the console offers for it. */
  action?: "testConnection" | "failedLogs" | "stagedDeletes" | "restart";
}

const UNREACHABLE = /Unreachable|Timeout|ServiceUnavailable/i;

export function reasonInWords(q: Pick<SynchronizationQuarantine, "reason" | "error">): string {
  switch (q.reason) {
    case "EncounteredQuarantineException":
      return q.error && UNREACHABLE.test(q.error.code)
        ? "The target could not be reached: connections were refused or timed out."
        : "The target rejected the credentials: most requests were answered 401 Unauthorized or 403 Forbidden.";
    case "EncounteredEscrowProportionThreshold":
      return "Too large a share of the objects failed to provision (the escrow proportion threshold was crossed).";
    case "EncounteredTotalEscrowThreshold":
      return "Too many objects failed to provision (the escrow count threshold was crossed).";
    case "QuarantinedOnDemand":
      return "An operator put the job in quarantine through the API.";
    case "TooManyDeletes":
      return "A cycle would have deleted or disabled more objects than the deletion threshold allows; those deletions are held.";
    case "IngestionInterrupted":
      return "Reading the source directory was interrupted.";
    default:
      return "The job was quarantined for a reason the engine did not name.";
  }
}

export function checklist(reason: SynchronizationQuarantine["reason"]): ChecklistItem[] {
  if (reason === "TooManyDeletes") {
    return [
      { text: "Review the held deletions: provisioning logs with action “stagedDelete”.", action: "stagedDeletes" },
      { text: "If they are intended, restart provisioning with “Force deletions”." },
      { text: "If not, fix the assignments or scoping that removed the objects, then restart provisioning with “Clear quarantine”.", action: "restart" },
    ];
  }
  if (reason === "QuarantinedOnDemand") {
    return [{ text: "When the reason for the hold is resolved, restart provisioning with “Clear quarantine” (or start it).", action: "restart" }];
  }
  return [
    { text: "Check the admin credentials: the target's base URL and secret token still work.", action: "testConnection" },
    { text: "Review the provisioning logs for the errors the target returned.", action: "failedLogs" },
    { text: "Fix the cause, then restart provisioning with “Clear quarantine”; otherwise the engine retries on its backoff schedule.", action: "restart" },
  ];
}
