import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../common/logger";
import { VirtualClock } from "../../common/virtual-clock";
import { MailDeliveryError } from "../../engine/notifications/index";
import { MailBox } from "./mail-box";
import { WorldMailer } from "./world-mailer";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const open: Array<MailBox | WorldMailer> = [];

afterEach(async () => {
  for (const thing of open.splice(0)) {
    if (thing instanceof WorldMailer) await thing.close();
    else await thing.stop();
  }
});

function message(n: number) {
  return {
    from: "scimlab-provisioning@localhost",
    to: ["admin@example.com"],
    subject: `notification ${n}`,
    text: `body ${n}`,
    html: `<p>body ${n}</p>`,
    messageId: `<scimlab.quarantine.${n}.20260105T090000000Z.job@localhost>`,
  };
}

describe("the world's mailer", () => {
  it("delivers one mail after another over real SMTP with the world's password, inside the clock's I/O", async () => {
    const clock = new VirtualClock({ start: T0 });
    const box = new MailBox(clock, silentLogger());
    await box.start();
    open.push(box);
    const mailer = new WorldMailer(box.smtpConfig(), clock);
    open.push(mailer);
    const results = [];
    for (let n = 0; n < 3; n++) results.push(await clock.runUntil(mailer.send(message(n))));
    expect(results.map((r) => r.accepted)).toEqual([["admin@example.com"], ["admin@example.com"], ["admin@example.com"]]);
    const mails = box.messages();
    expect(mails.map((m) => [m.kind, m.subject, m.to])).toEqual([0, 1, 2].map((n) => ["quarantine", `notification ${n}`, ["admin@example.com"]]));
    expect(mails.every((m) => m.at === T0)).toBe(true);
    expect(clock.inflightIo()).toEqual([]);
  });

  it("fails with a delivery error that never shows the password", async () => {
    const clock = new VirtualClock({ start: T0 });
    const box = new MailBox(clock, silentLogger());
    await box.start();
    open.push(box);
    const config = box.smtpConfig();
    const wrong = "wrong-password-0123456789";
    const mailer = new WorldMailer({ ...config, auth: { user: config.auth!.user, pass: wrong } }, clock);
    open.push(mailer);
    const error = await clock.runUntil(mailer.send(message(0))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as Error).message).toMatch(/SMTP delivery to 127\.0\.0\.1:\d+ failed/);
    expect((error as Error).message).not.toContain(wrong);
    expect(box.messages()).toEqual([]);
  });
});
