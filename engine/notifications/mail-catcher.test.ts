import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../common/virtual-clock";
import { openDatabase } from "../state/database";
import { MailCatcher } from "./mail-catcher";
import { MailStore } from "./mail-store";
import { MailDeliveryError, SmtpMailer, compileSmtpConfig, type MailMessage } from "./mailer";
import { notificationsMigrations } from "./migrations";

const message: MailMessage = {
  from: "scimlab-provisioning@localhost",
  to: ["ops@example.com", "it@example.com"],
  subject: "Provisioning is in quarantine — ümlaut",
  text: "Plain body\nline two",
  html: "<p>HTML <b>body</b></p>",
  messageId: "<scimlab.quarantine.0.20260105T090000000Z.job1@localhost>",
  headers: { "X-Scimlab-Job-Id": "job1" },
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startCatcher(options: { store?: MailStore; auth?: { user: string; pass: string }; clock?: VirtualClock } = {}) {
  const clock = options.clock ?? new VirtualClock({ start: "2026-01-06T09:00:00.000Z" });
  const catcher = new MailCatcher({ clock, store: options.store ?? MailStore.inMemory(), auth: options.auth });
  const address = await catcher.start();
  cleanups.push(() => catcher.stop());
  return { clock, catcher, address };
}

describe("nodemailer to the embedded catcher over real SMTP", () => {
  it("stores every message with parsed headers, text, html, envelope and the clock's time", async () => {
    const { clock, catcher, address } = await startCatcher();
    expect(address.host).toBe("127.0.0.1");
    expect(address.port).toBeGreaterThan(0);
    const mailer = new SmtpMailer(catcher.smtpConfig(), clock);
    cleanups.push(() => mailer.close());
    const result = await mailer.send(message);
    expect(result).toEqual({ messageId: message.messageId, accepted: ["ops@example.com", "it@example.com"], rejected: [] });

    const { items, total } = catcher.store.list();
    expect(total).toBe(1);
    const mail = items[0]!;
    expect(mail).toMatchObject({
      messageId: message.messageId,
      receivedAt: "2026-01-06T09:00:00.000Z",
      envelope: { from: "scimlab-provisioning@localhost", to: ["ops@example.com", "it@example.com"] },
      from: "scimlab-provisioning@localhost",
      to: ["ops@example.com", "it@example.com"],
      subject: message.subject,
      html: message.html,
    });
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.headers["x-scimlab-job-id"]).toBe("job1");
    expect(mail.headers["message-id"]).toBe(message.messageId);
    expect(catcher.store.raw(mail.id)).toContain("Message-ID: <scimlab.quarantine.0");

    await clock.advanceBy(3_600_000);
    await mailer.send({ ...message, messageId: "<second@localhost>", to: ["other@example.com"] });
    expect(catcher.store.list({ to: "OTHER@example.com" }).items.map((m) => m.receivedAt)).toEqual(["2026-01-06T10:00:00.000Z"]);
    expect(catcher.store.list({ messageId: message.messageId }).total).toBe(1);
    expect(catcher.store.list({ since: Date.parse("2026-01-06T09:30:00Z") }).total).toBe(1);
    expect(catcher.store.list({ subject: "QUARANTINE" }).total).toBe(2);
  });

  it("keeps mail in the engine's SQLite file across a reopen", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "scimlab-mail-")), "state.sqlite");
    const db = openDatabase(file, notificationsMigrations);
    const { clock, catcher } = await startCatcher({ store: new MailStore(db) });
    const mailer = new SmtpMailer(catcher.smtpConfig(), clock);
    await mailer.send(message);
    await mailer.close();
    db.close();
    const reopened = new MailStore(openDatabase(file, notificationsMigrations));
    expect(reopened.list().items.map((m) => m.messageId)).toEqual([message.messageId]);
  });

  it("authenticates when asked to, and a wrong password fails without showing it", async () => {
    const auth = { user: "engine", pass: "smtp-pa55word-xyz" };
    const { clock, catcher } = await startCatcher({ auth });
    const good = new SmtpMailer(catcher.smtpConfig(), clock);
    cleanups.push(() => good.close());
    await good.send(message);
    expect(catcher.store.count()).toBe(1);
    expect(catcher.store.raw(1)).not.toContain(auth.pass);

    const bad = new SmtpMailer({ ...catcher.smtpConfig(), auth: { user: "engine", pass: "wrong-pa55word-abc" } }, clock);
    cleanups.push(() => bad.close());
    const error = await bad.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as Error).message).toMatch(/SMTP delivery to 127\.0\.0\.1:\d+ failed/);
    expect((error as Error).message).not.toContain("wrong-pa55word-abc");
    expect(catcher.store.count()).toBe(1);
  });

  it("a server that is not there is a retryable delivery error", async () => {
    const { catcher, clock } = await startCatcher();
    const config = catcher.smtpConfig();
    await catcher.stop();
    const mailer = new SmtpMailer({ ...config, timeoutMs: 2000 }, clock);
    const error = await mailer.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).retryable).toBe(true);
  });

  it("runs each send inside clock.io", async () => {
    const { catcher, clock } = await startCatcher();
    let ios = 0;
    const counting = Object.assign(Object.create(clock) as VirtualClock, {
      io: <T>(work: (id: string | undefined) => Promise<T>) => {
        ios++;
        return clock.io(work);
      },
    });
    await new SmtpMailer(catcher.smtpConfig(), counting).send(message);
    expect(ios).toBe(1);
  });
});

describe("compileSmtpConfig", () => {
  it("fills defaults and names bad fields without echoing the password", () => {
    expect(compileSmtpConfig({ host: "smtp.example.com", port: 587, auth: { user: "u", pass: "p4ssw0rd-secret" } })).toEqual({
      host: "smtp.example.com",
      port: 587,
      secure: false,
      requireTLS: false,
      ignoreTLS: false,
      rejectUnauthorized: true,
      auth: { user: "u", pass: "p4ssw0rd-secret" },
      timeoutMs: 30_000,
    });
    let message = "";
    try {
      compileSmtpConfig({ host: "", port: 70000, auth: { user: "", pass: "p4ssw0rd-secret" } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("smtp.host: must not be empty");
    expect(message).toContain("smtp.port: must be 1-65535");
    expect(message).toContain("smtp.auth.user: must not be empty");
    expect(message).not.toContain("p4ssw0rd-secret");
  });
});
