/**
 * Notifications end to end: why no mail went out (disabled, no valid recipient, mail off) in the
 * status, the ledger and the events; any SMTP server with AUTH (a catcher of the test's own on the
 * shared clock); a failed delivery stays owed, is retried and goes out exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import { MailCatcher } from "../engine/notifications/mail-catcher";
import { MailStore } from "../engine/notifications/mail-store";
import type { EngineOptions } from "../engine/engine";
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
const iso = (t: number): string => new Date(t).toISOString();

async function badCredentials(seed: string, secrets: Record<string, string>, engine: Partial<EngineOptions> = {}, clock = new VirtualClock({ start: T0 })) {
  world = await startEngineWorld({
    users: 5, seed, clock, tokens: ["good-token-5678"], secrets: { SecretToken: "bad-token-5678", ...secrets }, job: { start: true }, engine,
  });
  await world.engine.start();
  await clock.advanceBy(MINUTE);
  expect(world.engine.status(world.jobId).code).toBe("Quarantine");
  return { world, clock };
}

describe("why no mail went out", () => {
  it.each([
    ["no SyncNotificationSettings", {}, /notifications are disabled \(SyncNotificationSettings\.Enabled is false\)/],
    ["Enabled false", { SyncNotificationSettings: JSON.stringify({ Enabled: false, Recipients: "ops@example.com" }) }, /notifications are disabled/],
    ["no valid recipient", { SyncNotificationSettings: JSON.stringify({ Enabled: true, Recipients: "not-an-address" }) }, /no valid recipient in SyncNotificationSettings\.Recipients \(1 invalid entry\)/],
  ])("%s: the status says so, the due reminder is recorded as suppressed, no mail", async (_name, secrets, why) => {
    const { world: w, clock } = await badCredentials(`blocked-${_name}`, secrets);
    expect(w.engine.status(w.jobId).notificationsBlocked).toMatch(why);
    await clock.advanceTo(T0 + DAY);
    expect(w.engine.mails()).toEqual([]);
    const [suppressed] = w.engine.events({ jobId: w.jobId, types: ["notificationSuppressed"] });
    expect(suppressed).toMatchObject({ atMs: T0 + DAY, data: { kind: "quarantine", sequence: 0, because: expect.stringMatching(why) } });
    expect(w.engine.notifications(w.jobId)).toMatchObject([{ kind: "quarantine", status: "suppressed", suppressedBecause: expect.stringMatching(why) }]);
  });

  it("mail off: every notification is suppressed and the status says mail delivery is off", async () => {
    const { world: w, clock } = await badCredentials("mail-off", { SyncNotificationSettings: JSON.stringify({ Enabled: true, Recipients: "ops@example.com" }) }, { mail: "off" });
    expect(w.engine.status(w.jobId).notificationsBlocked).toMatch(/mail delivery is off/);
    await clock.advanceTo(T0 + DAY);
    expect(w.engine.events({ jobId: w.jobId, types: ["notificationSuppressed"] })).toHaveLength(1);
    expect(w.engine.mails()).toEqual([]);
  });

  it("a recipient added later gets the next reminder; the one already suppressed is not resent", async () => {
    const { world: w, clock } = await badCredentials("later", {});
    await clock.advanceTo(T0 + 2 * DAY);
    w.engine.setNotificationSettings(w.jobId, { enabled: true, recipients: ["late@example.com"] });
    expect(w.engine.status(w.jobId).notificationsBlocked).toBeNull();
    await clock.advanceTo(T0 + 8 * DAY - 1);
    expect(w.engine.mails()).toEqual([]);
    await clock.advanceTo(T0 + 8 * DAY);
    expect(w.engine.mails().map((m) => [m.receivedAt, m.to])).toEqual([[iso(T0 + 8 * DAY), ["late@example.com"]]]);
  });
});

describe("mail through another SMTP server", () => {
  it("delivers with AUTH to an external catcher on the shared clock; a failed send stays owed, is retried and goes out once", async () => {
    const clock = new VirtualClock({ start: T0 });
    const store = MailStore.inMemory();
    const auth = { user: "mailbot", pass: "smtp-pass-9f8e7d" };
    catcher = new MailCatcher({ clock, store, auth });
    const { host, port } = await catcher.start();
    const { world: w } = await badCredentials(
      "smtp",
      { SyncNotificationSettings: JSON.stringify({ Enabled: true, Recipients: "ops@example.com" }) },
      { mail: { smtp: { host, port, auth } } },
      clock,
    );
    await clock.advanceTo(T0 + DAY);
    expect(store.list().items.map((m) => [m.receivedAt, m.headers["x-scimlab-notification"]])).toEqual([[iso(T0 + DAY), "quarantine/0"]]);
    expect(w.engine.mails()).toEqual([]); // the embedded catcher is not used

    // The server goes away before the resend is due: the send fails, stays owed, is retried.
    await catcher.stop();
    await clock.advanceTo(T0 + 8 * DAY);
    const [failed] = w.engine.events({ jobId: w.jobId, types: ["notificationFailed"] });
    expect(failed).toMatchObject({ atMs: T0 + 8 * DAY, data: { kind: "quarantine", sequence: 1, retryAt: iso(T0 + 8 * DAY + 5 * MINUTE) } });
    expect(w.engine.status(w.jobId).notificationsBlocked).toMatch(/the last attempt to send a quarantine notification failed .*; it is retried/);
    expect(w.engine.notifications(w.jobId).find((r) => r.sequence === 1)).toMatchObject({ status: "owed", attempts: 1 });

    catcher = new MailCatcher({ clock, store, auth, port });
    await catcher.start();
    await clock.advanceTo(T0 + 8 * DAY + 5 * MINUTE);
    const mails = store.list().items;
    expect(mails.map((m) => [m.receivedAt, m.headers["x-scimlab-notification"]])).toEqual([
      [iso(T0 + DAY), "quarantine/0"],
      [iso(T0 + 8 * DAY + 5 * MINUTE), "quarantine/1"],
    ]);
    await clock.advanceTo(T0 + 9 * DAY);
    expect(store.count()).toBe(2);
    expect(w.engine.status(w.jobId).notificationsBlocked).toBeNull();
  });
});
