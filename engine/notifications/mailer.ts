import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { z } from "zod";
import type { Clock } from "../../common/clock";
import { ConfigError } from "../../common/config-error";
import { REDACTED } from "../../common/redact";

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`; the same notification always carries the same id. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface MailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** The port the engine sends mail through. */
export interface Mailer {
  send(message: MailMessage): Promise<MailResult>;
  close(): Promise<void>;
}

/** Where mail goes: any SMTP server, or the embedded catcher (MailCatcher.smtpConfig()). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465 style). @default false */
  secure: boolean;
  /** Fail unless the server offers STARTTLS. @default false */
  requireTLS: boolean;
  /** Never use STARTTLS, even when offered (the loopback catcher). @default false */
  ignoreTLS: boolean;
  /** Verify the server's certificate. @default true */
  rejectUnauthorized: boolean;
  auth: { user: string; pass: string } | null;
  /** Connection, greeting and socket timeout (the library's own timers). @default 30 seconds */
  timeoutMs: number;
}

export class MailDeliveryError extends Error {
  readonly code = "MAIL_DELIVERY_FAILED";
  constructor(
    message: string,
    /** A temporary failure (network, 4xx): worth retrying later. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "MailDeliveryError";
  }
}

const smtpInput = z
  .object({
    host: z.string().min(1, "must not be empty"),
    port: z.number().int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535"),
    secure: z.boolean().default(false),
    requireTLS: z.boolean().default(false),
    ignoreTLS: z.boolean().default(false),
    rejectUnauthorized: z.boolean().default(true),
    auth: z.object({ user: z.string().min(1, "must not be empty"), pass: z.string() }).strict().nullable().default(null),
    timeoutMs: z.number().int().positive("must be above 0").default(30_000),
  })
  .strict();

/** Validates SMTP settings; ConfigError names the field and never echoes the password. */
export function compileSmtpConfig(input: unknown, field = "smtp", file?: string): SmtpConfig {
  const parsed = smtpInput.safeParse(input);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, file, field);
  return parsed.data;
}

/** Real SMTP through nodemailer; every conversation runs inside `clock.io`. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

  constructor(
    private readonly config: SmtpConfig,
    private readonly clock: Clock,
  ) {
    this.transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTLS,
      ignoreTLS: config.ignoreTLS,
      tls: { rejectUnauthorized: config.rejectUnauthorized },
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
      return {
        messageId: String(info.messageId),
        accepted: (info.accepted ?? []).map(addressText),
        rejected: (info.rejected ?? []).map(addressText),
      };
    } catch (error) {
      throw this.deliveryError(error);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  private deliveryError(error: unknown): MailDeliveryError {
    const e = error as { message?: string; responseCode?: number; code?: string };
    let text = `SMTP delivery to ${this.config.host}:${this.config.port} failed: ${e.message ?? String(error)}`;
    // The library's messages never carry the password today; make sure they never do.
    const pass = this.config.auth?.pass;
    if (pass && pass.length >= 4) text = text.split(pass).join(REDACTED);
    const permanent = typeof e.responseCode === "number" && e.responseCode >= 500 && e.code !== "EAUTH";
    return new MailDeliveryError(text, !permanent);
  }
}

function addressText(a: string | { address: string }): string {
  return typeof a === "string" ? a : a.address;
}
