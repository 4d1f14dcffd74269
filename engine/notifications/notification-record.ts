import type { NotificationKind, QuarantineReason } from "../quarantine/types";
import type { NotificationKey } from "./message-id";

/**
 * One notification's life in the ledger:
 * - `owed`: the machine emitted it (or a send failed); the dispatcher sends it when `notBefore` allows;
 * - `sending`: intent recorded, SMTP conversation started; found so after a crash it is sent again
 *   with the same Message-ID (see docs/quarantine.md, "the crash window");
 * - `sent`: the SMTP server accepted it;
 * - `suppressed`: it was due but could not or must not go out (`suppressedBecause` says why).
 */
export type NotificationStatus = "owed" | "sending" | "sent" | "suppressed";

export interface NotificationRecord extends NotificationKey {
  status: NotificationStatus;
  messageId: string;
  /** When it became due. */
  dueAt: number;
  /** Not before this time (after a failed send). */
  notBefore: number | null;
  /** Send attempts so far. */
  attempts: number;
  reason: QuarantineReason;
  previousReason: QuarantineReason | null;
  heldDeletions: number | null;
  sentAt: number | null;
  suppressedBecause: string | null;
  /** The last delivery error, secrets scrubbed. */
  lastError: string | null;
}

export type { NotificationKind };
