import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { Clock } from "../../common/clock";
import { REDACTED } from "../../common/redact";
import { MailDeliveryError, type Mailer, type MailMessage, type MailResult, type SmtpConfig } from "../../engine/notifications/index";

/**
 * The mailer the world gives each in-process engine incarnation: real SMTP to the world's catcher
 * over one pooled connection, every conversation inside the engine's `clock.io`. The catcher
 * (smtp-server) holds each new connection 100 ms before its greeting; one connection per message,
 * as the engine's own mailer does, would cost a 28-day scenario half a second of wall time.
 * `destroy()` is what a crash does to it: the pooled connection goes away with the process.
 */
export class WorldMailer implements Mailer {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

  constructor(
    private readonly config: SmtpConfig,
    private readonly clock: Clock,
  ) {
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 1,
      host: config.host,
      port: config.port,
      secure: false,
      ignoreTLS: true,
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      logger: false,
      debug: false,
    });
  }

  async send(message: MailMessage): Promise<MailResult> {
    try {
      const info = await this.clock.io(() =>
        this.transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          headers: message.headers ?? {},
        }),
      );
      return { messageId: String(info.messageId), accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
    } catch (error) {
      const e = error as { message?: string; responseCode?: number };
      const pass = this.config.auth?.pass;
      let text = `SMTP delivery to ${this.config.host}:${this.config.port} failed: ${e.message ?? String(error)}`;
      if (pass) text = text.split(pass).join(REDACTED);
      throw new MailDeliveryError(text, !(typeof e.responseCode === "number" && e.responseCode >= 500));
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  /** Closes the pooled connection now (a crashed engine's socket closes with its process). */
  destroy(): void {
    this.transport.close();
  }
}
