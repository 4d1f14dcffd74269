import { seriesOf } from "../quarantine/operator-transitions";
import type { NotificationKind, QuarantineReason, QuarantineState } from "../quarantine/types";
import type { NotificationKey } from "./message-id";
import type { NotificationConfig } from "./notification-config";
import type { NotificationRecord } from "./notification-record";
import { mailBlocker, type NotificationSettings } from "./notification-settings";

export interface PlanInput {
  jobId: string;
  state: QuarantineState;
  settings: NotificationSettings;
  config: NotificationConfig;
  /** This job's ledger records. */
  records: readonly NotificationRecord[];
  now: number;
  /** A reason no mail can go out that is not the job's settings (mail delivery is off). */
  blockedBy?: string | null | undefined;
}

export interface PlannedNotification extends NotificationKey {
  action: "send" | "suppress";
  /** Why it is suppressed (status and logs show it). */
  because: string | null;
  dueAt: number;
  reason: QuarantineReason;
  previousReason: QuarantineReason | null;
  heldDeletions: number | null;
  /** The ledger record it settles, if it has one already (reminders get theirs when sent). */
  existing: NotificationRecord | null;
}

export interface NotificationPlan {
  /** Due now, in order: send or suppress each. */
  due: PlannedNotification[];
  /** When the planner must run again (absent other events), or null. */
  nextDueAt: number | null;
  /** Why no mail can go out for this job now, or null. */
  blocked: string | null;
}

/**
 * Decides which notifications are due now. Pure. Event notifications (reason changed, job
 * disabled, deletions held) come from the ledger, where the runtime recorded the machine's
 * `notify` effects; quarantine reminders are derived from the series: the k-th is due at
 * `seriesBegan + firstAfter + k × resendEvery` while the job is quarantined (not disabled or
 * paused). Reminders missed while the engine was down collapse into one: only the latest due is sent.
 */
export function planNotifications(input: PlanInput): NotificationPlan {
  const { config, settings, now } = input;
  const blocked = input.blockedBy ?? mailBlocker(settings);
  const due: PlannedNotification[] = [];
  let nextDueAt: number | null = null;
  const later = (t: number | null): void => {
    if (t !== null && (nextDueAt === null || t < nextDueAt)) nextDueAt = t;
  };
  const decide = (kind: NotificationKind): { action: "send" | "suppress"; because: string | null } => {
    if (!config[kind].enabled) return { action: "suppress", because: `${kind} notifications are switched off` };
    if (blocked) return { action: "suppress", because: blocked };
    return { action: "send", because: null };
  };

  const reminder = nextReminder(input);

  for (const record of input.records) {
    if (record.jobId !== input.jobId || (record.status !== "owed" && record.status !== "sending")) continue;
    if (record.kind === "quarantine") {
      const stale = staleReminder(record, input, reminder);
      if (stale) {
        due.push({ ...planned(record), action: "suppress", because: stale });
        continue;
      }
    }
    if (record.notBefore !== null && record.notBefore > now) {
      later(record.notBefore);
      continue;
    }
    due.push({ ...planned(record), ...decide(record.kind) });
  }

  if (reminder) {
    if (reminder.dueAt <= now) {
      due.push({
        jobId: input.jobId,
        seriesBegan: reminder.seriesBegan,
        kind: "quarantine",
        sequence: reminder.sequence,
        dueAt: reminder.dueAt,
        reason: reminder.reason,
        previousReason: null,
        heldDeletions: reminder.heldDeletions,
        existing: null,
        ...decide("quarantine"),
      });
      later(reminder.following);
    } else {
      later(reminder.dueAt);
    }
  }
  return { due, nextDueAt, blocked };
}

interface Reminder {
  seriesBegan: number;
  sequence: number;
  dueAt: number;
  /** When the one after it is due (null: no more). */
  following: number | null;
  reason: QuarantineReason;
  heldDeletions: number | null;
}

/** The next quarantine reminder of the current series not yet recorded, collapsed to the latest due. */
// Switched-off reminders are still planned, as suppressed: the ledger then shows why none went out.
function nextReminder({ jobId, state, config, records, now }: PlanInput): Reminder | null {
  if (state.state !== "Quarantined" && state.state !== "Held") return null;
  const series = seriesOf(state)!;
  const { firstAfterMs, resendEveryMs } = config.quarantine;
  const dueAtSeq = (k: number): number | null =>
    k === 0 ? series.seriesBegan + firstAfterMs : resendEveryMs === null ? null : series.seriesBegan + firstAfterMs + k * resendEveryMs;
  let recorded = -1;
  for (const r of records) {
    if (r.jobId === jobId && r.kind === "quarantine" && r.seriesBegan === series.seriesBegan) recorded = Math.max(recorded, r.sequence);
  }
  let sequence = recorded + 1;
  const first = dueAtSeq(sequence);
  if (first === null) return null;
  if (first <= now && resendEveryMs !== null) {
    // Collapse: the latest reminder due by now (the engine may have been down for weeks).
    const latest = Math.floor((now - series.seriesBegan - firstAfterMs) / resendEveryMs);
    sequence = Math.max(sequence, latest);
  }
  return {
    seriesBegan: series.seriesBegan,
    sequence,
    dueAt: dueAtSeq(sequence)!,
    following: dueAtSeq(sequence + 1),
    reason: series.reason,
    heldDeletions: series.state === "Held" ? series.heldDeletions : null,
  };
}

/** A reminder caught mid-send by a crash is not resent when a newer one is due or the series is over. */
function staleReminder(record: NotificationRecord, input: PlanInput, next: Reminder | null): string | null {
  const series = seriesOf(input.state);
  const current = (input.state.state === "Quarantined" || input.state.state === "Held") && series?.seriesBegan === record.seriesBegan;
  if (!current) return "the quarantine it reminded of is no longer in force";
  if (next && next.dueAt <= input.now && next.sequence > record.sequence) return "superseded by a later reminder";
  return null;
}

function planned(record: NotificationRecord): Omit<PlannedNotification, "action" | "because"> {
  return {
    jobId: record.jobId,
    seriesBegan: record.seriesBegan,
    kind: record.kind,
    sequence: record.sequence,
    dueAt: record.dueAt,
    reason: record.reason,
    previousReason: record.previousReason,
    heldDeletions: record.heldDeletions,
    existing: record,
  };
}
