/**
 * What the engine's console routes (`/_console/…`, engine/console) answer and its event stream
 * sends; the page (console/app/engine) reads the same types. Graph shapes come from the engine's
 * model; the rest is what Graph does not carry (the next cycle, the notification settings without
 * secrets, the timeline).
 */
import type { TimelineEvent } from "../../common/timeline/timeline-event";
import type { SynchronizationJob } from "../../engine/model/graph-types";

/** What the portal shows as the job's state; Disabled is a quarantined job whose schedule was disabled. */
export type JobDisplayState = "Active" | "Paused" | "Quarantine" | "Disabled" | "NotRun" | "NotConfigured";

export interface JobSummary {
  jobId: string;
  servicePrincipalId: string;
  displayName: string;
}

export interface NotificationView {
  enabled: boolean;
  recipients: string[];
  /** Entries of Recipients that are not addresses (never mailed). */
  invalidRecipients: string[];
  deleteThresholdEnabled: boolean;
  deleteThresholdValue: number;
  /** The secret could not be read (bad JSON, wrong types): what is wrong with it. */
  problem: string | null;
}

export interface JobOverview extends JobSummary {
  job: SynchronizationJob;
  state: JobDisplayState;
  /** A cycle of this job is running now. */
  running: boolean;
  /** When the next cycle is due on the engine's clock; null when none is planned. */
  nextCycleAt: string | null;
  /** The engine's time (virtual under a controlled clock). */
  now: string;
  clock: "real" | "virtual";
  notifications: NotificationView;
}

export interface JobTimeline {
  /** The picture's origin (T+0): the job's first cycle, or its first recorded event. */
  origin: string;
  now: string;
  /** Milliseconds from the origin to now: the axis length. */
  spanMs: number;
  events: TimelineEvent[];
}

export interface SourceUserOption {
  id: string;
  displayName: string;
  userPrincipalName: string;
}

/** Event-stream messages (`/_console/events`). */
export interface EngineLiveEvents {
  /** A job's overview changed (status, progress, schedule, settings). */
  job: JobOverview;
  /** New provisioning log records were written. */
  logs: { jobId: string | null; latestId: string | null };
  /** New job events (audit) were recorded. */
  audit: { latestId: string | null };
  /** The mail catcher received mail. */
  mail: { count: number };
}
