/**
 * `EngineOptions.mail: {mailer}`: a host (the harness world) hands the engine its own Mailer. The
 * engine sends every notification through it (here a real SMTP conversation with a catcher on the
 * shared clock), and its close() closes the mailer. A value that is not a Mailer is a ConfigError.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../common/config-error";
import { DAY, MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import { Engine } from "../engine/index";
import { mailDelivery } from "../engine/jobs/mail-runtime";
import { MailCatcher } from "../engine/notifications/mail-catcher";
import { MailStore } from "../engine/notifications/mail-store";
import { SmtpMailer, type Mailer, type MailMessage, type MailResult } from "../engine/notifications/mailer";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
let catcher: MailCatcher | undefined;
afterEach(async () => {
  await world?.close();
  await catcher?.stop();
  world = undefined;
  catcher = undefined;
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

/** A host's mailer: real SMTP underneath, counting what the engine asks of it. */
class HostMailer implements Mailer {
  readonly sent: string[] = [];
  closed = 0;
  constructor(private readonly inner: SmtpMailer) {}
  async send(message: MailMessage): Promise<MailResult> {
    this.sent.push(message.subject);
    return this.inner.send(message);
  }
  async close(): Promise<void> {
    this.closed++;
    await this.inner.close();
  }
}

describe("an injected mailer", () => {
  it("carries the engine's notifications and is closed with the engine", async () => {
    const clock = new VirtualClock({ start: T0 });
    const store = MailStore.inMemory();
    catcher = new MailCatcher({ clock, store });
    await catcher.start();
    const mailer = new HostMailer(new SmtpMailer(catcher.smtpConfig(), clock));
    world = await startEngineWorld({
      users: 3, seed: "injected-mailer", clock, tokens: ["good-token-5678"], job: { start: true },
      secrets: { SecretToken: "bad-token-5678", SyncNotificationSettings: JSON.stringify({ Enabled: true, Recipients: "ops@example.com" }) },
      engine: { mail: { mailer } },
    });
    await world.engine.start();
    await clock.advanceBy(MINUTE);
    expect(world.engine.status(world.jobId).code).toBe("Quarantine");
    expect(world.engine.status(world.jobId).notificationsBlocked).toBeNull();

    await clock.advanceTo(T0 + DAY);
    expect(mailer.sent).toHaveLength(1);
    expect(store.list().items.map((m) => [m.to, m.headers["x-scimlab-notification"]])).toEqual([[["ops@example.com"], "quarantine/0"]]);
    expect(world.engine.mails()).toEqual([]); // no embedded catcher in this mode

    await world.engine.close();
    expect(mailer.closed).toBe(1);
  });

  it("rejects a mailer option that is not a Mailer, naming the field", () => {
    expect(() => mailDelivery({ mailer: { send: () => undefined } as unknown as Mailer })).toThrow(ConfigError);
    expect(() => mailDelivery({ mailer: null as unknown as Mailer })).toThrow(/mail\.mailer/);
    const ok: Mailer = { send: async (m) => ({ messageId: m.messageId, accepted: m.to, rejected: [] }), close: async () => undefined };
    expect(mailDelivery({ mailer: ok })).toEqual({ mode: "mailer", mailer: ok });
    expect(() => new Engine({ file: ":memory:", mail: { mailer: 42 as unknown as Mailer } })).toThrow(/mail\.mailer: expected a Mailer/);
  });
});
