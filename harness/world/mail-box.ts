import { randomBytes } from "node:crypto";
import type { Clock } from "../../common/clock";
import type { Logger } from "../../common/logger";
import { MailCatcher, MailStore, type CaughtMail, type SmtpConfig } from "../../engine/notifications/index";
import type { MailMessage } from "./world";

/** The engine's notification kinds (in Message-IDs) as scenarios name them. */
const KINDS: Record<string, string> = {
  quarantine: "quarantine",
  reasonChanged: "reason-changed",
  jobDisabled: "disabled",
  deletionsHeld: "deletions-held",
};

/**
 * The world's SMTP catcher: a real SMTP server on loopback (smtp-server), on the world's clock,
 * requiring a per-world password so that the engine authenticates over a real conversation and
 * the password is one more secret the no-secret-leak invariant looks for.
 */
export class MailBox {
  private readonly store = MailStore.inMemory();
  private readonly catcher: MailCatcher;
  readonly password = `smtp-${randomBytes(12).toString("hex")}`;

  constructor(clock: Clock, logger: Logger) {
    this.catcher = new MailCatcher({ clock, store: this.store, auth: { user: "scimlab-world", pass: this.password }, logger });
  }

  async start(): Promise<void> {
    await this.catcher.start();
  }

  /** SMTP settings that deliver to this catcher (the engine's mailer uses them). */
  smtpConfig(): SmtpConfig {
    return this.catcher.smtpConfig();
  }

  /** Every message received so far, oldest first. */
  messages(): MailMessage[] {
    const out: MailMessage[] = [];
    for (let offset = 0; ; offset += 500) {
      const { items, total } = this.store.list({ limit: 500, offset });
      out.push(...items.map(toMessage));
      if (offset + items.length >= total || items.length === 0) return out;
    }
  }

  async stop(): Promise<void> {
    await this.catcher.stop();
  }
}

function toMessage(mail: CaughtMail): MailMessage {
  const message: MailMessage = {
    at: Date.parse(mail.receivedAt),
    kind: kindOf(mail),
    from: mail.from ?? mail.envelope.from ?? "",
    to: mail.to.length > 0 ? mail.to : mail.envelope.to,
    subject: mail.subject ?? "",
  };
  if (mail.messageId) message.messageId = mail.messageId;
  if (mail.text !== null) message.text = mail.text;
  return message;
}

/** The kind is in the stable Message-ID the engine gives each notification: `<scimlab.{kind}.{n}.…>`. */
export function kindOf(mail: Pick<CaughtMail, "messageId" | "subject">): string {
  const kind = /^<?scimlab\.([A-Za-z]+)\./.exec(mail.messageId ?? "")?.[1];
  if (kind) return KINDS[kind] ?? kind;
  return "unknown";
}
