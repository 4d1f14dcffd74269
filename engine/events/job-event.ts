/**
 * The audit of job events: everything that happened to a job that an operator, the harness
 * timeline or the console wants to see in order. Each event is persisted in SQLite
 * (`engine_job_events`) in the same transaction as the change it records, numbered by a monotonic
 * `seq`, and never carries a secret (data is scrubbed before it is written).
 */
import type { NotificationKind, QuarantineReason } from "../quarantine/types";
import type { SynchronizationScheduleState } from "../model/graph-types";

/** Who caused it: the engine on its own (cycles, time), or an operator through the API. */
export type EventInitiator = "system" | "operator";

/** Counts of a finished cycle, as the timeline and the console show them. */
export interface CycleEventCounts {
  imported: number;
  exported: number;
  creates: number;
  updates: number;
  disables: number;
  deletes: number;
  skipped: number;
  failures: number;
  escrowed: number;
  requests: number;
}

/** `data` of each event type. Times are ISO 8601 on the engine's clock. */
export interface JobEventData {
  jobCreated: { templateId: string; interval: string; started: boolean };
  jobDeleted: Record<string, never>;
  cycleStarted: { cycleId: string; initial: boolean; resumed: boolean; /** The quarantine attempt (n) this cycle is, or null. */ attempt: number | null };
  cycleEnded: {
    cycleId: string;
    initial: boolean;
    /** The execution's state. */
    outcome: "Succeeded" | "Failed" | "EntryLevelErrors";
    beganAt: string;
    endedAt: string;
    counts: CycleEventCounts;
    errorCode: string | null;
    errorMessage: string | null;
    deletions: { planned: number; held: boolean };
  };
  quarantineEntered: QuarantineFacts & { errorCode: string | null; errorMessage: string | null };
  /** A re-evaluation (an attempt, or a held job's check) kept the quarantine. */
  quarantineRenewed: QuarantineFacts;
  quarantineReasonChanged: QuarantineFacts & { previousReason: QuarantineReason };
  quarantineLeft: { reason: QuarantineReason; seriesBegan: string; by: "cycle" | "start" | "restart" };
  jobDisabled: { reason: QuarantineReason; seriesBegan: string };
  jobStarted: { was: string };
  jobPaused: { was: string };
  jobRestarted: { resetScope: string[] };
  /** `schedule.state` changed. */
  scheduleChanged: { from: SynchronizationScheduleState; to: SynchronizationScheduleState };
  escrowsPruned: { cycleId: string | null };
  settingsChanged: {
    /** What changed: mappings, scoping, interval, dialect, client, escrow, quarantine, settings, secrets, notificationSettings. */
    changed: string[];
    /** Mapping or scoping changes restart the job: the next cycle is initial. */
    restartsJob: boolean;
    /** The notification settings after the change (no secrets in them), when they changed. */
    notificationSettings?: { enabled: boolean; recipients: string[]; invalidRecipients: string[]; deleteThresholdEnabled: boolean; deleteThresholdValue: number };
    /** Secret keys that were set or removed (never their values). */
    secretKeys?: string[];
  };
  notificationSent: NotificationFacts & { recipients: string[]; messageId: string };
  notificationSuppressed: NotificationFacts & { because: string };
  notificationFailed: NotificationFacts & { error: string; retryAt: string };
  deletionsHeld: { count: number; threshold: number; cycleId: string | null };
  deletionsPushed: { count: number; cycleId: string | null };
  deletionsDiscarded: { count: number };
}

export interface QuarantineFacts {
  reason: QuarantineReason;
  seriesBegan: string;
  currentBegan: string;
  seriesCount: number;
  /** null when no attempt is planned (held jobs are re-evaluated, not attempted; disabled, paused). */
  nextAttempt: string | null;
}

export interface NotificationFacts {
  kind: NotificationKind;
  sequence: number;
  seriesBegan: string;
}

export type JobEventType = keyof JobEventData;

export const JOB_EVENT_TYPES: readonly JobEventType[] = [
  "jobCreated", "jobDeleted", "cycleStarted", "cycleEnded", "quarantineEntered", "quarantineRenewed",
  "quarantineReasonChanged", "quarantineLeft", "jobDisabled", "jobStarted", "jobPaused", "jobRestarted",
  "scheduleChanged", "escrowsPruned", "settingsChanged", "notificationSent", "notificationSuppressed",
  "notificationFailed", "deletionsHeld", "deletionsPushed", "deletionsDiscarded",
];

/** An event before it is stored. */
export type NewJobEvent = {
  [T in JobEventType]: { type: T; jobId: string; servicePrincipalId: string; initiatedBy: EventInitiator; data: JobEventData[T] };
}[JobEventType];

/** A stored event, as `engine.events()`, `GET /_engine/events` and `onEvent` give it. */
export type JobEvent = NewJobEvent & {
  /** Monotonic across the engine's life (and restarts): read on with `since = seq`. */
  seq: number;
  id: string;
  /** ISO 8601 on the engine's clock. */
  at: string;
  /** The same instant, epoch milliseconds. */
  atMs: number;
};

export type JobEventListener = (event: JobEvent) => void;
