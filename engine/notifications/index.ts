/** Notifications: the mail port, the embedded SMTP catcher, the ledger, the pure planner, the dispatcher. */
export { type Mailer, type MailMessage, type MailResult, type SmtpConfig, SmtpMailer, MailDeliveryError, compileSmtpConfig } from "./mailer";
export { MailCatcher, type MailCatcherOptions } from "./mail-catcher";
export { MailStore, type CaughtMail, type MailQuery } from "./mail-store";
export { createMailRouter } from "./mail-router";
export { notificationsMigrations } from "./migrations";
export { NotificationLedger } from "./ledger";
export type { NotificationRecord, NotificationStatus } from "./notification-record";
export { notificationMessageId, type NotificationKey } from "./message-id";
export {
  parseNotificationSettings,
  mailBlocker,
  deleteThresholdOf,
  isValidAddress,
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationSettings,
} from "./notification-settings";
export {
  compileNotificationConfig,
  DEFAULT_NOTIFICATION_CONFIG,
  type NotificationConfig,
  type NotificationConfigInput,
} from "./notification-config";
export { planNotifications, type PlanInput, type NotificationPlan, type PlannedNotification } from "./planner";
export { renderNotification, scrubSecrets, type RenderInput, type RenderedMessage } from "./render-message";
export {
  NotificationDispatcher,
  type NotificationDispatcherOptions,
  type JobNotificationContext,
  type DispatchOutcome,
  type SettledNotification,
} from "./dispatcher";
