import { simpleParser, type AddressObject } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";
import type { Readable } from "node:stream";
import type { Clock } from "../../common/clock";
import { silentLogger, type Logger } from "../../common/logger";
import type { MailStore } from "./mail-store";
import type { SmtpConfig } from "./mailer";

export interface MailCatcherOptions {
  clock: Clock;
  store: MailStore;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Require AUTH with these credentials (to test an authenticating client). @default none: AUTH optional */
  auth?: { user: string; pass: string } | undefined;
  /** Largest message accepted, in bytes. @default 10 MiB */
  maxSize?: number;
  logger?: Logger;
}

/**
 * The embedded SMTP server that receives the engine's mail by default: a real SMTP conversation
 * (smtp-server) on loopback, each message parsed (mailparser) and stored with the time on the
 * engine's clock. Plain SMTP only: STARTTLS is not offered, the client must not require it.
 */
export class MailCatcher {
  private server: SMTPServer | null = null;
  private address: { host: string; port: number } | null = null;
  private readonly logger: Logger;

  constructor(private readonly options: MailCatcherOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  get store(): MailStore {
    return this.options.store;
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.address) return this.address;
    const { auth } = this.options;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
      authOptional: !auth,
      allowInsecureAuth: true,
      size: this.options.maxSize ?? 10 * 1024 * 1024,
      logger: false,
      banner: "scimlab mail catcher",
      // On stop, clients that never said QUIT (a pooled connection, a killed engine's socket) are
      // told 421 after this grace instead of smtp-server's 30 s default, which held shutdowns.
      closeTimeout: 1_000,
      onAuth: (credentials, _session, callback) => {
        if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
          callback(null, { user: credentials.username });
        } else {
          callback(new Error("Invalid username or password"));
        }
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    server.on("error", (error) => this.logger.warn({ err: error }, "mail catcher connection error"));
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(this.options.port ?? 0, host, () => {
        server.server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    const port = (server.server.address() as AddressInfo).port;
    this.address = { host, port };
    this.logger.info({ host, port }, "mail catcher listening");
    return this.address;
  }

  /** SMTP settings that deliver to this catcher. */
  smtpConfig(): SmtpConfig {
    if (!this.address) throw new Error("the mail catcher is not started");
    return {
      host: this.address.host,
      port: this.address.port,
      secure: false,
      requireTLS: false,
      ignoreTLS: true,
      rejectUnauthorized: true,
      auth: this.options.auth ? { ...this.options.auth } : null,
      timeoutMs: 30_000,
    };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.address = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(stream: Readable, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if ((stream as Readable & { sizeExceeded?: boolean }).sizeExceeded) {
      const error = new Error("Message exceeds the size limit") as Error & { responseCode: number };
      error.responseCode = 552;
      throw error;
    }
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines) {
      const value = line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}\n${value}`;
    }
    const stored = this.options.store.add({
      messageId: parsed.messageId ?? null,
      receivedAt: this.options.clock.now(),
      envelope: {
        from: envelopeAddress(session.envelope.mailFrom),
        to: session.envelope.rcptTo.map((r) => r.address),
      },
      from: parsed.from?.text ?? null,
      to: addresses(parsed.to),
      subject: parsed.subject ?? null,
      headers,
      text: parsed.text ?? null,
      html: typeof parsed.html === "string" ? parsed.html : null,
      size: raw.length,
      raw: raw.toString("utf8"),
    });
    this.logger.debug({ id: stored.id, messageId: stored.messageId }, "mail caught");
  }
}

function envelopeAddress(a: SMTPServerAddress | false): string | null {
  return a ? a.address : null;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((o) => o.value.flatMap((v) => (v.address ? [v.address] : [])));
}
