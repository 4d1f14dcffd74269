/**
 * Mail for the engine's jobs: where it goes (the embedded catcher by default, any SMTP server, or
 * nowhere), and when the dispatcher runs for each job: at start, after every quarantine step, and
 * at the time the dispatcher says the next notification is due (a timer on the engine's clock).
 * Every notification sent, suppressed or failed is also a job event.
 */
import type { Clock, Timer } from "../../common/clock";
import type { Logger } from "../../common/logger";
import type { SecretRegistry } from "../../common/redact";
import type { EventStore } from "../events/event-store";
import { NotificationDispatcher, type JobNotificationContext, type SettledNotification } from "../notifications/dispatcher";
import type { NotificationLedger } from "../notifications/ledger";
import { MailCatcher } from "../notifications/mail-catcher";
import { MailStore } from "../notifications/mail-store";
import { SmtpMailer, type Mailer, type SmtpConfig } from "../notifications/mailer";
import type { NotificationConfig } from "../notifications/notification-config";
import { mailBlocker } from "../notifications/notification-settings";
import type { Db } from "../state/database";
import { ConfigError } from "../../common/config-error";
import { compileSmtpConfig } from "../notifications/mailer";

/** `EngineOptions.mail` as callers write it. */
export type MailOption =
  | "catcher"
  | "off"
  | { catcher: { host?: string; port?: number } }
  | { smtp: Record<string, unknown> }
  /** A mailer the host made (used as is; the engine's close() closes it). */
  | { mailer: Mailer };

/** Where notification mail goes. */
export type MailDelivery =
  /** The embedded SMTP catcher on loopback; its mail is kept in the engine's file (`GET /_engine/mail`). */
  | { mode: "catcher"; host: string; port: number }
  /** Any SMTP server (another catcher, a relay). */
  | { mode: "smtp"; smtp: SmtpConfig }
  /** The host's own mailer (e.g. the harness's pooled connection to its catcher). */
  | { mode: "mailer"; mailer: Mailer }
  /** No mail at all: notifications are recorded as suppressed, and the status says so. */
  | { mode: "off" };

export interface MailRuntimeDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  events: EventStore;
  ledger: NotificationLedger;
  config: NotificationConfig;
  delivery: MailDelivery;
  /** What the dispatcher needs to know about a job (null: no such job). */
  contextOf: (jobId: string) => JobNotificationContext | null;
  jobIds: () => string[];
}

const OFF = "mail delivery is off (the engine was started without mail)";

export class MailRuntime {
  /** The embedded catcher's mailbox (in the engine's SQLite file). */
  readonly store: MailStore;
  private catcher: MailCatcher | null = null;
  private mailer: Mailer | null = null;
  private dispatcher: NotificationDispatcher | null = null;
  private started = false;
  private readonly timers = new Map<string, Timer>();
  private readonly passes = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly deps: MailRuntimeDeps) {
    this.store = new MailStore(deps.db);
    if (deps.delivery.mode === "smtp") deps.secrets.add(deps.delivery.smtp.auth?.pass);
  }

  /** Starts the catcher (catcher mode) and looks at every job: mail owed while the engine was down goes out now. */
  async start(options: { apiBaseUrl?: string | undefined } = {}): Promise<void> {
    if (this.started) return;
    const { delivery, clock, logger, ledger, config, secrets } = this.deps;
    if (delivery.mode === "catcher") {
      this.catcher = new MailCatcher({ clock, store: this.store, host: delivery.host, port: delivery.port, logger });
      await this.catcher.start();
      this.mailer = new SmtpMailer(this.catcher.smtpConfig(), clock);
    } else if (delivery.mode === "smtp") {
      this.mailer = new SmtpMailer(delivery.smtp, clock);
    } else if (delivery.mode === "mailer") {
      this.mailer = delivery.mailer;
    }
    this.dispatcher = new NotificationDispatcher({
      ledger,
      mailer: this.mailer ?? refusingMailer,
      clock,
      config,
      logger,
      scrub: (text) => secrets.scrub(text),
      apiBaseUrl: options.apiBaseUrl,
      onSettled: (settled) => this.record(settled),
    });
    this.started = true;
    for (const jobId of this.deps.jobIds()) this.request(jobId);
  }

  /** Where the embedded catcher listens (catcher mode, once started). */
  catcherAddress(): { host: string; port: number } | null {
    if (!this.catcher) return null;
    const { host, port } = this.catcher.smtpConfig();
    return { host, port };
  }

  /** Asks for a dispatch pass of the job now (coalesced with one in flight). No-op before start. */
  request(jobId: string): void {
    if (!this.started) return;
    if (this.passes.has(jobId)) {
      this.again.add(jobId);
      return;
    }
    const pass = this.run(jobId).finally(() => {
      this.passes.delete(jobId);
      if (this.again.delete(jobId)) this.request(jobId);
    });
    this.passes.set(jobId, pass);
  }

  /** Resolves when no pass is in flight (for the job, or any). */
  async idle(jobId?: string): Promise<void> {
    for (;;) {
      const pending = jobId === undefined ? [...this.passes.values()] : [this.passes.get(jobId)].filter((p) => p !== undefined);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Why no mail can go out for the job now, for its status (null: it can). */
  blocked(context: JobNotificationContext): string | null {
    if (this.deps.delivery.mode === "off") return OFF;
    const settings = mailBlocker(context.settings);
    if (settings) return settings;
    const failing = this.deps.ledger.records(context.jobId).find((r) => r.status === "owed" && r.lastError !== null);
    return failing ? `the last attempt to send a ${failing.kind} notification failed (${failing.lastError}); it is retried` : null;
  }

  /** Cancels the timers, waits for passes in flight, closes the SMTP client and the catcher. */
  async close(): Promise<void> {
    this.started = false;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    this.again.clear();
    await this.idle();
    await this.mailer?.close();
    await this.catcher?.stop();
    this.mailer = null;
    this.catcher = null;
  }

  private async run(jobId: string): Promise<void> {
    const context = this.deps.contextOf(jobId);
    this.timers.get(jobId)?.cancel();
    this.timers.delete(jobId);
    if (!context || !this.dispatcher) return;
    try {
      const outcome = await this.dispatcher.dispatch({ ...context, blockedBy: this.deps.delivery.mode === "off" ? OFF : null });
      if (outcome.nextDueAt !== null && this.started) {
        const delay = Math.max(0, outcome.nextDueAt - this.deps.clock.now());
        this.timers.set(jobId, this.deps.clock.setTimer(delay, () => {
          this.timers.delete(jobId);
          this.request(jobId);
        }));
      }
    } catch (error) {
      // The database closed under a pass (engine stopping), or a bug: the ledger keeps what is owed.
      this.deps.logger.error({ jobId, err: error }, "notification dispatch failed");
    }
  }

  private record(settled: SettledNotification): void {
    const context = this.deps.contextOf(settled.jobId);
    if (!context) return;
    const base = {
      jobId: settled.jobId,
      servicePrincipalId: context.servicePrincipalId,
      initiatedBy: "system" as const,
    };
    const facts = { kind: settled.kind, sequence: settled.sequence, seriesBegan: new Date(settled.seriesBegan).toISOString() };
    const { events } = this.deps;
    switch (settled.status) {
      case "sent":
        events.record({ ...base, type: "notificationSent", data: { ...facts, recipients: settled.to, messageId: settled.messageId } });
        return;
      case "suppressed":
        events.record({ ...base, type: "notificationSuppressed", data: { ...facts, because: settled.because } });
        return;
      case "failed":
        events.record({ ...base, type: "notificationFailed", data: { ...facts, error: settled.error, retryAt: new Date(settled.retryAt).toISOString() } });
        return;
    }
  }
}

/** The mailer of `mail: off`: never called, since every notification is suppressed. */
const refusingMailer: Mailer = {
  send: () => Promise.reject(new Error(OFF)),
  close: async () => undefined,
};

/** Validates the `mail` option into where mail goes; ConfigError names the field (never the password). */
export function mailDelivery(option: MailOption | undefined): MailDelivery {
  if (option === undefined || option === "catcher") return { mode: "catcher", host: "127.0.0.1", port: 0 };
  if (option === "off") return { mode: "off" };
  if (typeof option === "object" && option !== null && "mailer" in option) {
    const mailer: unknown = option.mailer;
    if (!isMailer(mailer)) throw ConfigError.single("mail.mailer", "expected a Mailer: an object with send(message) and close() methods");
    return { mode: "mailer", mailer };
  }
  if (typeof option === "object" && option !== null && "smtp" in option) return { mode: "smtp", smtp: compileSmtpConfig(option.smtp, "mail.smtp") };
  if (typeof option === "object" && option !== null && "catcher" in option) {
    const { host = "127.0.0.1", port = 0 } = option.catcher ?? {};
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw ConfigError.single("mail.catcher.port", "must be a whole number from 0 to 65535");
    return { mode: "catcher", host, port };
  }
  throw ConfigError.single("mail", "expected \"catcher\", \"off\", {catcher: {host, port}}, {smtp: {host, port, …}} or {mailer}");
}

function isMailer(value: unknown): value is Mailer {
  const m = value as Partial<Record<keyof Mailer, unknown>> | null;
  return typeof m === "object" && m !== null && typeof m.send === "function" && typeof m.close === "function";
}
