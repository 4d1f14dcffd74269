import type { Clock } from "../../common/clock";
import { silentLogger, type Logger } from "../../common/logger";
import { seriesOf } from "../quarantine/operator-transitions";
import type { OwedNotification, QuarantineState } from "../quarantine/types";
import type { NotificationLedger } from "./ledger";
import type { Mailer } from "./mailer";
import type { NotificationKey } from "./message-id";
import type { NotificationConfig } from "./notification-config";
import type { NotificationSettings } from "./notification-settings";
import { planNotifications, type PlannedNotification } from "./planner";
import { renderNotification, scrubSecrets } from "./render-message";

/** What the dispatcher needs to know about one job. */
export interface JobNotificationContext {
  jobId: string;
  servicePrincipalId: string;
  jobName?: string | undefined;
  state: QuarantineState;
  settings: NotificationSettings;
  /** A reason no mail can go out beyond the settings (e.g. mail delivery is off), or null. */
  blockedBy?: string | null | undefined;
}

/** One notification settled by a pass, as the ledger now records it. */
export type SettledNotification =
  | (NotificationKey & { status: "sent"; messageId: string; to: string[] })
  | (NotificationKey & { status: "suppressed"; because: string })
  | (NotificationKey & { status: "failed"; error: string; retryAt: number });

export interface DispatchOutcome {
  sent: Array<NotificationKey & { messageId: string; to: string[] }>;
  suppressed: Array<NotificationKey & { because: string }>;
  failed: Array<NotificationKey & { error: string; retryAt: number }>;
  /** When to run `dispatch` again for this job, absent other events. */
  nextDueAt: number | null;
  /** Why no mail can go out for this job (for the job status), or null. */
  blocked: string | null;
}

export interface NotificationDispatcherOptions {
  ledger: NotificationLedger;
  mailer: Mailer;
  clock: Clock;
  config: NotificationConfig;
  logger?: Logger;
  /** Removes live secret values from mail and log text (SecretRegistry.scrub). */
  scrub?: (text: string) => string;
  /** Base URL of the engine's API for the links in mail. */
  apiBaseUrl?: string | undefined;
  /** Told right after each ledger write of a pass (the runtime records job events from it). */
  onSettled?: (settled: SettledNotification) => void;
}

const MAX_RETRY_MS = 60 * 60_000;

/**
 * Sends what the planner says is due, recording intent before each SMTP conversation and the
 * result after it. Call `owe` for every `notify` effect (inside the transaction that persists the
 * quarantine state) and `dispatch` on each scheduler tick, at engine start, and at `nextDueAt`.
 */
export class NotificationDispatcher {
  private readonly logger: Logger;
  private readonly running = new Map<string, Promise<DispatchOutcome>>();

  constructor(private readonly options: NotificationDispatcherOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  owe(jobId: string, notification: OwedNotification): void {
    this.options.ledger.owe(jobId, notification, this.options.clock.now());
  }

  /** Runs one pass for a job. Concurrent calls for the same job share one pass. */
  dispatch(job: JobNotificationContext): Promise<DispatchOutcome> {
    const inFlight = this.running.get(job.jobId);
    if (inFlight) return inFlight;
    const pass = this.pass(job).finally(() => this.running.delete(job.jobId));
    this.running.set(job.jobId, pass);
    return pass;
  }

  private async pass(job: JobNotificationContext): Promise<DispatchOutcome> {
    const { ledger, clock, config } = this.options;
    const now = clock.now();
    const plan = planNotifications({
      jobId: job.jobId,
      state: job.state,
      settings: job.settings,
      config,
      records: ledger.records(job.jobId),
      now,
      blockedBy: job.blockedBy ?? null,
    });
    const outcome: DispatchOutcome = { sent: [], suppressed: [], failed: [], nextDueAt: plan.nextDueAt, blocked: plan.blocked };
    for (const item of plan.due) {
      const key = keyOf(item);
      if (item.action === "suppress") {
        const because = item.because ?? "suppressed";
        ledger.markSuppressed(key, because, detailOf(item));
        outcome.suppressed.push({ ...key, because });
        this.options.onSettled?.({ ...key, status: "suppressed", because });
        this.logger.info({ jobId: job.jobId, kind: item.kind, sequence: item.sequence }, `notification not sent: ${because}`);
        continue;
      }
      const record = ledger.markSending(key, detailOf(item));
      try {
        const message = renderNotification({
          kind: item.kind,
          jobId: job.jobId,
          servicePrincipalId: job.servicePrincipalId,
          jobName: job.jobName,
          reason: item.reason,
          previousReason: item.previousReason,
          heldDeletions: item.heldDeletions,
          series: seriesView(job.state, item.seriesBegan),
          disabledAt: job.state.state === "Disabled" ? job.state.disabledAt : null,
          apiBaseUrl: this.options.apiBaseUrl,
          scrub: this.options.scrub,
        });
        const result = await this.options.mailer.send({
          from: config.sender,
          to: job.settings.recipients,
          ...message,
          messageId: record.messageId,
          headers: { "X-Scimlab-Job-Id": job.jobId, "X-Scimlab-Notification": `${item.kind}/${item.sequence}` },
        });
        ledger.markSent(key, clock.now());
        outcome.sent.push({ ...key, messageId: record.messageId, to: result.accepted });
        this.options.onSettled?.({ ...key, status: "sent", messageId: record.messageId, to: result.accepted });
        this.logger.info({ jobId: job.jobId, kind: item.kind, sequence: item.sequence, messageId: record.messageId }, "notification sent");
      } catch (error) {
        const text = this.clean(error instanceof Error ? error.message : String(error));
        const retryAt = clock.now() + Math.min(config.retryAfterMs * 2 ** Math.max(0, record.attempts - 1), MAX_RETRY_MS);
        ledger.markFailed(key, text, retryAt);
        outcome.failed.push({ ...key, error: text, retryAt });
        this.options.onSettled?.({ ...key, status: "failed", error: text, retryAt });
        if (outcome.nextDueAt === null || retryAt < outcome.nextDueAt) outcome.nextDueAt = retryAt;
        this.logger.warn({ jobId: job.jobId, kind: item.kind, sequence: item.sequence, error: text }, "notification failed; will retry");
      }
    }
    return outcome;
  }

  private clean(text: string): string {
    return scrubSecrets(this.options.scrub ? this.options.scrub(text) : text);
  }
}

function keyOf(item: PlannedNotification): NotificationKey {
  return { jobId: item.jobId, seriesBegan: item.seriesBegan, kind: item.kind, sequence: item.sequence };
}

function detailOf(item: PlannedNotification) {
  return { dueAt: item.dueAt, reason: item.reason, previousReason: item.previousReason, heldDeletions: item.heldDeletions };
}

/** The series the mail speaks of, as it stands now (null once that series is over). */
function seriesView(state: QuarantineState, seriesBegan: number) {
  const series = seriesOf(state);
  if (!series || series.seriesBegan !== seriesBegan) return null;
  const attempts = state.state === "Quarantined";
  return {
    seriesBegan: series.seriesBegan,
    currentBegan: series.currentBegan,
    seriesCount: series.seriesCount,
    nextAttemptAt: attempts ? series.nextAttemptAt : null,
    error: series.error,
  };
}
