import type { Escrow } from "../state/escrow-store";
import type { EscrowPolicy } from "../jobs/job-types";
import { DAY, HOUR } from "../../common/duration";

/** Section 2 of the provisioning model: 6 h, 12 h, 24 h after the first failure, then daily; dropped after 28 days. */
export const DEFAULT_ESCROW_POLICY: EscrowPolicy = {
  retryOffsetsMs: [6 * HOUR, 12 * HOUR, 24 * HOUR],
  repeatEveryMs: 24 * HOUR,
  dropAfterMs: 28 * DAY,
};

/** Offset from the first failure of retry number `index` (0-based). */
export function retryOffset(policy: EscrowPolicy, index: number): number {
  const offsets = policy.retryOffsetsMs;
  if (index < offsets.length) return offsets[index]!;
  const last = offsets.length > 0 ? offsets[offsets.length - 1]! : 0;
  return last + (index - offsets.length + 1) * policy.repeatEveryMs;
}

/**
 * When an object that has failed `attempts` times since `firstFailedAt` is retried next: the
 * `attempts`-th offset, or the first later one that is still in the future (after downtime).
 */
export function nextRetryAt(policy: EscrowPolicy, firstFailedAt: number, attempts: number, now: number): number {
  let index = Math.max(0, attempts - 1);
  let at = firstFailedAt + retryOffset(policy, index);
  while (at <= now) at = firstFailedAt + retryOffset(policy, ++index);
  return at;
}

export interface FailureFacts {
  kind: Escrow["kind"];
  sourceId: string;
  errorCode: string;
  errorMessage: string;
  reference: boolean;
}

/** The escrow after one more failure: a new one, or `previous` with one more attempt. */
export function escrowAfterFailure(
  previous: Escrow | undefined,
  failure: FailureFacts,
  now: number,
  policy: EscrowPolicy,
): Escrow {
  const firstFailedAt = previous?.firstFailedAt ?? now;
  const attempts = (previous?.attempts ?? 0) + 1;
  return {
    kind: failure.kind,
    sourceId: failure.sourceId,
    firstFailedAt,
    lastFailedAt: now,
    attempts,
    nextRetryAt: nextRetryAt(policy, firstFailedAt, attempts, now),
    errorCode: failure.errorCode,
    errorMessage: failure.errorMessage,
    reference: failure.reference,
  };
}

/** True when the escrow is older than the policy keeps escrows (it is dropped, not retried). */
export function isExpired(escrow: Pick<Escrow, "firstFailedAt">, now: number, policy: EscrowPolicy): boolean {
  return now - escrow.firstFailedAt > policy.dropAfterMs;
}
