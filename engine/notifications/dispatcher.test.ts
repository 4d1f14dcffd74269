import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../common/duration";
import { createLogger } from "../../common/logger";
import { SecretRegistry } from "../../common/redact";
import { VirtualClock } from "../../common/virtual-clock";
import { transition } from "../quarantine/transition";
import type { CycleOutcome, QuarantineEvent, QuarantineState } from "../quarantine/types";
import { openDatabase, type Db } from "../state/database";
import { NotificationDispatcher } from "./dispatcher";
import { NotificationLedger } from "./ledger";
import { MailCatcher } from "./mail-catcher";
import { MailStore } from "./mail-store";
import { SmtpMailer, type Mailer, type MailMessage } from "./mailer";
import { notificationsMigrations } from "./migrations";
import { DEFAULT_NOTIFICATION_CONFIG } from "./notification-config";
import { parseNotificationSettings, type NotificationSettings } from "./notification-settings";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const TARGET_TOKEN = "tgt-token-9f8e7d6c5b4a";
const SMTP_PASSWORD = "smtp-pa55word-1a2b3c";
const rejected: CycleOutcome = {
  initial: false,
  connection: "credentialsRejected",
  successes: 0,
  failures: 0,
  referenceFailures: 0,
  calls: 1,
  credentialFailures: 1,
  error: { code: "Unauthorized", message: `401 for GET /Users with Authorization: Bearer ${TARGET_TOKEN}` },
};
const enabled = parseNotificationSettings('{"Enabled":true,"Recipients":"ops@example.com"}');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** One engine process: its dispatcher over the shared SQLite file; `restart()` models a new process. */
async function world(settings: NotificationSettings = enabled) {
  const file = join(mkdtempSync(join(tmpdir(), "scimlab-notify-")), "state.sqlite");
  const clock = new VirtualClock({ start: T0 });
  const db = openDatabase(file, notificationsMigrations);
  cleanups.push(() => void db.close());
  const catcher = new MailCatcher({ clock, store: new MailStore(db), auth: { user: "engine", pass: SMTP_PASSWORD } });
  await catcher.start();
  cleanups.push(() => catcher.stop());
  const secrets = new SecretRegistry();
  secrets.add(TARGET_TOKEN, SMTP_PASSWORD);
  const logs: string[] = [];
  const logger = createLogger({ name: "notifications", level: "debug", destination: { write: (l: string) => logs.push(l) }, scrub: (t) => secrets.scrub(t) });
  let state: QuarantineState = { state: "Active" };

  const boot = (mailer: Mailer, database: Db = db) => {
    const dispatcher = new NotificationDispatcher({
      ledger: new NotificationLedger(database, DEFAULT_NOTIFICATION_CONFIG.sender),
      mailer,
      clock,
      config: DEFAULT_NOTIFICATION_CONFIG,
      logger,
      scrub: (t) => secrets.scrub(t),
    });
    return dispatcher;
  };
  const smtp = new SmtpMailer(catcher.smtpConfig(), clock);
  cleanups.push(() => smtp.close());
  let dispatcher = boot(smtp);

  return {
    clock,
    catcher,
    logs,
    file,
    get state() {
      return state;
    },
    restart(mailer: Mailer = smtp) {
      const again = openDatabase(file, notificationsMigrations);
      cleanups.push(() => void again.close());
      dispatcher = boot(mailer, again);
    },
    useMailer(mailer: Mailer) {
      dispatcher = boot(mailer);
    },
    /** Dispatch now without moving time (used to leave a pass unfinished, as a crash would). */
    dispatch() {
      return dispatcher.dispatch({ jobId: "job1", servicePrincipalId: "sp-1", jobName: "Contoso", state, settings });
    },
    async at(time: number, event?: QuarantineEvent) {
      await clock.advanceTo(time);
      if (event) {
        const [next, effects] = transition(state, event, time);
        state = next;
        for (const e of effects) if (e.type === "notify") dispatcher.owe("job1", e.notification);
      }
      return dispatcher.dispatch({ jobId: "job1", servicePrincipalId: "sp-1", jobName: "Contoso", state, settings });
    },
    mail: () => catcher.store.list().items,
  };
}

describe("NotificationDispatcher over real SMTP", () => {
  it("mails 1 day after the series began, again 7 days later, at once on a reason change, and on disable", async () => {
    const w = await world();
    expect((await w.at(T0, { type: "cycleCompleted", outcome: rejected })).nextDueAt).toBe(T0 + DAY);
    expect((await w.at(T0 + DAY - 1)).sent).toEqual([]);
    const first = await w.at(T0 + DAY);
    expect(first.sent).toMatchObject([{ kind: "quarantine", sequence: 0, to: ["ops@example.com"] }]);
    expect(first.nextDueAt).toBe(T0 + 8 * DAY);
    expect((await w.at(T0 + DAY)).sent).toEqual([]); // no second copy

    const escrows: CycleOutcome = { ...rejected, connection: "ok", credentialFailures: 0, failures: 9000, successes: 1, error: undefined };
    const changed = await w.at(T0 + 3 * DAY, { type: "cycleCompleted", outcome: escrows });
    expect(changed.sent).toMatchObject([{ kind: "reasonChanged", sequence: 1 }]);

    expect((await w.at(T0 + 8 * DAY - 1)).sent).toEqual([]);
    expect((await w.at(T0 + 8 * DAY)).sent).toMatchObject([{ kind: "quarantine", sequence: 1 }]);
    await w.at(T0 + 15 * DAY);
    await w.at(T0 + 22 * DAY);
    // The day's attempt at exactly 28 days fails again: the series is four weeks old, the job is disabled.
    const disabled = await w.at(T0 + 28 * DAY, { type: "cycleCompleted", outcome: escrows });
    expect(w.state.state).toBe("Disabled");
    expect(disabled.sent).toMatchObject([{ kind: "jobDisabled", sequence: 0 }]);
    expect(disabled.nextDueAt).toBeNull();
    expect((await w.at(T0 + 40 * DAY)).sent).toEqual([]);

    const mail = w.mail();
    expect(mail.map((m) => [m.receivedAt, m.headers["x-scimlab-notification"]])).toEqual([
      ["2026-01-06T09:00:00.000Z", "quarantine/0"],
      ["2026-01-08T09:00:00.000Z", "reasonChanged/1"],
      ["2026-01-13T09:00:00.000Z", "quarantine/1"],
      ["2026-01-20T09:00:00.000Z", "quarantine/2"],
      ["2026-01-27T09:00:00.000Z", "quarantine/3"],
      ["2026-02-02T09:00:00.000Z", "jobDisabled/0"],
    ]);
    expect(new Set(mail.map((m) => m.messageId)).size).toBe(6);
    expect(mail[0]!.messageId).toBe("<scimlab.quarantine.0.20260105T090000000Z.job1@localhost>");
    expect(mail[0]!.text).toContain("sp-1");
    expect(mail[1]!.subject).toContain("EncounteredEscrowProportionThreshold");
  });

  it("a notification owed while the engine was down is sent once after it starts", async () => {
    const w = await world();
    await w.at(T0, { type: "cycleCompleted", outcome: rejected });
    w.restart(); // the engine was down from here to day 16
    const after = await w.at(T0 + 16 * DAY);
    expect(after.sent).toMatchObject([{ kind: "quarantine", sequence: 2 }]);
    expect(after.nextDueAt).toBe(T0 + 22 * DAY);
    expect((await w.at(T0 + 16 * DAY + MINUTE)).sent).toEqual([]);
    expect(w.mail()).toHaveLength(1);
  });

  it("a crash after recording intent but before SMTP: sent once after restart", async () => {
    const w = await world();
    await w.at(T0, { type: "cycleCompleted", outcome: rejected });
    const dies: Mailer = { send: () => new Promise<never>(() => undefined), close: async () => undefined };
    w.useMailer(dies);
    await w.clock.advanceTo(T0 + DAY);
    void w.dispatch(); // never finishes: the process "dies" mid-conversation
    await new Promise((r) => setImmediate(r));
    w.restart();
    const after = await w.at(T0 + DAY + MINUTE);
    expect(after.sent).toMatchObject([{ kind: "quarantine", sequence: 0 }]);
    expect(w.mail()).toHaveLength(1);
  });

  it("a crash after the server accepted but before recording: the one resend carries the same Message-ID", async () => {
    const w = await world();
    await w.at(T0, { type: "cycleCompleted", outcome: rejected });
    const real = new SmtpMailer(w.catcher.smtpConfig(), w.clock);
    let accepted!: () => void;
    const serverAccepted = new Promise<void>((resolve) => (accepted = resolve));
    const diesAfterSend: Mailer = {
      send: async (m: MailMessage) => {
        await real.send(m);
        accepted();
        return new Promise<never>(() => undefined);
      },
      close: async () => real.close(),
    };
    w.useMailer(diesAfterSend);
    await w.clock.advanceTo(T0 + DAY);
    void w.dispatch();
    await serverAccepted;
    expect(w.mail()).toHaveLength(1);
    w.restart();
    await w.at(T0 + DAY + MINUTE);
    await w.at(T0 + DAY + 2 * MINUTE);
    const ids = w.mail().map((m) => m.messageId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    await real.close();
  });

  it("no mail when notifications are disabled or without a valid recipient; status and logs say why", async () => {
    for (const secret of ['{"Enabled":false,"Recipients":"ops@example.com"}', '{"Enabled":true,"Recipients":"nobody"}']) {
      const w = await world(parseNotificationSettings(secret));
      await w.at(T0, { type: "cycleCompleted", outcome: rejected });
      const out = await w.at(T0 + DAY);
      expect(out.sent).toEqual([]);
      expect(out.blocked).toMatch(/disabled|no valid recipient/);
      expect(out.suppressed).toMatchObject([{ kind: "quarantine", because: out.blocked }]);
      expect(out.nextDueAt).toBe(T0 + 8 * DAY);
      expect(w.mail()).toEqual([]);
      expect(w.logs.join("")).toContain(out.blocked!);
    }
  });

  it("a failed send is retried later, not in a loop", async () => {
    const w = await world();
    await w.at(T0, { type: "cycleCompleted", outcome: rejected });
    let calls = 0;
    const flaky: Mailer = {
      send: async (m) => {
        calls++;
        if (calls === 1) throw new Error(`451 try later (password was ${SMTP_PASSWORD})`);
        return { messageId: m.messageId, accepted: m.to, rejected: [] };
      },
      close: async () => undefined,
    };
    w.useMailer(flaky);
    const failed = await w.at(T0 + DAY);
    expect(failed.failed).toMatchObject([{ kind: "quarantine", retryAt: T0 + DAY + 5 * MINUTE }]);
    expect(failed.failed[0]!.error).not.toContain(SMTP_PASSWORD);
    expect(failed.nextDueAt).toBe(T0 + DAY + 5 * MINUTE);
    expect((await w.at(T0 + DAY + MINUTE)).sent).toEqual([]);
    expect((await w.at(T0 + DAY + 5 * MINUTE)).sent).toMatchObject([{ kind: "quarantine", sequence: 0 }]);
    expect(calls).toBe(2);
  });

  it("never puts the target token or the SMTP password in mail or logs", async () => {
    const w = await world();
    await w.at(T0, { type: "cycleCompleted", outcome: rejected });
    await w.at(T0 + DAY);
    await w.at(T0 + 3 * DAY, { type: "deletionsPlanned", count: 900 });
    w.useMailer({
      send: async () => {
        throw new Error(`535 auth failed for ${SMTP_PASSWORD}`);
      },
      close: async () => undefined,
    });
    await w.at(T0 + 8 * DAY);
    const mail = w.mail();
    expect(mail.length).toBe(2);
    const everything = [...mail.map((m) => w.catcher.store.raw(m.id)!), ...w.logs].join("\n");
    expect(everything).toContain("[REDACTED]");
    expect(everything).not.toContain(TARGET_TOKEN);
    expect(everything).not.toContain(SMTP_PASSWORD);
  });
});
