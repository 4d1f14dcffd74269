import { describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../common/duration";
import type { HeldState, QuarantineState, QuarantinedState } from "../quarantine/types";
import { notificationMessageId } from "./message-id";
import { compileNotificationConfig, DEFAULT_NOTIFICATION_CONFIG } from "./notification-config";
import type { NotificationRecord } from "./notification-record";
import { parseNotificationSettings } from "./notification-settings";
import { planNotifications, type PlanInput } from "./planner";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const q: QuarantinedState = {
  state: "Quarantined",
  reason: "EncounteredQuarantineException",
  seriesBegan: T0,
  currentBegan: T0,
  seriesCount: 0,
  reasonChanges: 0,
  nextAttemptAt: T0 + 40 * MINUTE,
  error: null,
};
const settings = parseNotificationSettings('{"Enabled":true,"Recipients":"ops@example.com"}');
const plan = (over: Partial<PlanInput>) =>
  planNotifications({ jobId: "job1", state: q, settings, config: DEFAULT_NOTIFICATION_CONFIG, records: [], now: T0, ...over });
const record = (over: Partial<NotificationRecord>): NotificationRecord => {
  const key = { jobId: "job1", seriesBegan: T0, kind: "quarantine" as const, sequence: 0, ...over };
  return {
    ...key,
    status: "sent",
    messageId: notificationMessageId(key, "x@localhost"),
    dueAt: T0 + DAY,
    notBefore: null,
    attempts: 1,
    reason: "EncounteredQuarantineException",
    previousReason: null,
    heldDeletions: null,
    sentAt: T0 + DAY,
    suppressedBecause: null,
    lastError: null,
    ...over,
  };
};

describe("quarantine reminders", () => {
  it("nothing before 1 day; the first is due at exactly 1 day after the series began", () => {
    expect(plan({ now: T0 + DAY - 1 })).toEqual({ due: [], nextDueAt: T0 + DAY, blocked: null });
    const p = plan({ now: T0 + DAY });
    expect(p.due).toMatchObject([{ kind: "quarantine", sequence: 0, action: "send", dueAt: T0 + DAY, seriesBegan: T0 }]);
    expect(p.nextDueAt).toBe(T0 + 8 * DAY);
  });

  it("once sent, the next is due 7 days later, and not a moment before", () => {
    const records = [record({ sequence: 0 })];
    expect(plan({ records, now: T0 + 8 * DAY - 1 })).toEqual({ due: [], nextDueAt: T0 + 8 * DAY, blocked: null });
    expect(plan({ records, now: T0 + 8 * DAY }).due).toMatchObject([{ sequence: 1, dueAt: T0 + 8 * DAY }]);
  });

  it("reminders owed while the engine was down collapse into one: the latest", () => {
    const p = plan({ now: T0 + 16 * DAY });
    expect(p.due).toHaveLength(1);
    expect(p.due[0]).toMatchObject({ sequence: 2, dueAt: T0 + 15 * DAY });
    expect(p.nextDueAt).toBe(T0 + 22 * DAY);
  });

  it("a held job gets reminders too; disabled, paused or active jobs do not", () => {
    const held: HeldState = { ...q, state: "Held", reason: "TooManyDeletes", heldDeletions: 600 };
    expect(plan({ state: held, now: T0 + DAY }).due).toMatchObject([{ kind: "quarantine", heldDeletions: 600, reason: "TooManyDeletes" }]);
    const quiet: QuarantineState[] = [
      { state: "Disabled", disabledAt: T0, quarantine: q },
      { state: "Paused", pausedAt: T0, escrowsPruned: false, quarantine: q },
      { state: "Active" },
    ];
    for (const state of quiet) expect(plan({ state, now: T0 + 30 * DAY })).toEqual({ due: [], nextDueAt: null, blocked: null });
  });

  it("configurable delays, and no resend when resendEvery is null", () => {
    const config = compileNotificationConfig({ quarantine: { firstAfter: "2h", resendEvery: "1d" } });
    expect(plan({ config, now: T0 + 2 * 60 * MINUTE }).due).toMatchObject([{ sequence: 0 }]);
    expect(plan({ config, records: [record({ sequence: 0 })], now: T0 }).nextDueAt).toBe(T0 + 2 * 60 * MINUTE + DAY);
    const once = compileNotificationConfig({ quarantine: { resendEvery: null } });
    expect(plan({ config: once, records: [record({ sequence: 0 })], now: T0 + 60 * DAY })).toEqual({ due: [], nextDueAt: null, blocked: null });
  });

  it("a new series starts its own reminders", () => {
    const next = { ...q, seriesBegan: T0 + 10 * DAY, currentBegan: T0 + 10 * DAY };
    const p = plan({ state: next, records: [record({ sequence: 0 }), record({ sequence: 1, dueAt: T0 + 8 * DAY })], now: T0 + 11 * DAY });
    expect(p.due).toMatchObject([{ seriesBegan: T0 + 10 * DAY, sequence: 0 }]);
  });
});

describe("event notifications from the ledger", () => {
  const owed = record({ kind: "reasonChanged", sequence: 1, status: "owed", dueAt: T0 + 5 * MINUTE, sentAt: null, previousReason: "TooManyDeletes" });

  it("an owed record is due at once, with its details", () => {
    expect(plan({ records: [owed], now: T0 + 5 * MINUTE }).due).toMatchObject([
      { kind: "reasonChanged", sequence: 1, action: "send", previousReason: "TooManyDeletes", existing: owed },
    ]);
  });

  it("sent and suppressed records are never planned again", () => {
    expect(plan({ records: [{ ...owed, status: "sent" }], now: T0 + 5 * MINUTE }).due).toEqual([]);
    expect(plan({ records: [{ ...owed, status: "suppressed" }], now: T0 + 5 * MINUTE }).due).toEqual([]);
  });

  it("a failed send waits for notBefore", () => {
    const failed = { ...owed, notBefore: T0 + 10 * MINUTE };
    expect(plan({ records: [failed], now: T0 + 9 * MINUTE })).toEqual({ due: [], nextDueAt: T0 + 10 * MINUTE, blocked: null });
    expect(plan({ records: [failed], now: T0 + 10 * MINUTE }).due).toHaveLength(1);
  });

  it("a record caught mid-send by a crash is sent again (same key, same Message-ID)", () => {
    const sending = { ...owed, status: "sending" as const };
    expect(plan({ records: [sending], now: T0 + 6 * MINUTE }).due).toMatchObject([{ action: "send", existing: sending }]);
  });

  it("a reminder caught mid-send is not resent once superseded or once the series is over", () => {
    const sending = record({ sequence: 0, status: "sending", sentAt: null });
    expect(plan({ records: [sending], now: T0 + DAY + MINUTE }).due).toMatchObject([{ sequence: 0, action: "send" }]);
    const later = plan({ records: [sending], now: T0 + 9 * DAY }).due;
    expect(later).toMatchObject([
      { sequence: 0, action: "suppress", because: "superseded by a later reminder" },
      { sequence: 1, action: "send" },
    ]);
    expect(plan({ state: { state: "Active" }, records: [sending], now: T0 + 2 * DAY }).due).toMatchObject([
      { action: "suppress", because: "the quarantine it reminded of is no longer in force" },
    ]);
  });
});

describe("no mail without consent or recipient; the reason is given", () => {
  it.each([
    ['{"Enabled":false,"Recipients":"ops@example.com"}', "notifications are disabled (SyncNotificationSettings.Enabled is false)"],
    ['{"Enabled":true,"Recipients":""}', "no recipient in SyncNotificationSettings.Recipients"],
    ['{"Enabled":true,"Recipients":"not-an-address; also bad"}', "no valid recipient in SyncNotificationSettings.Recipients (2 invalid entries)"],
    [undefined, "notifications are disabled (SyncNotificationSettings.Enabled is false)"],
  ])("%s", (secret, because) => {
    const p = plan({ settings: parseNotificationSettings(secret), now: T0 + DAY });
    expect(p.blocked).toBe(because);
    expect(p.due).toMatchObject([{ kind: "quarantine", action: "suppress", because }]);
  });

  it("a kind switched off is suppressed saying so", () => {
    const config = compileNotificationConfig({ reasonChanged: { enabled: false }, quarantine: { enabled: false } });
    const owed = record({ kind: "reasonChanged", status: "owed", sequence: 1 });
    const p = plan({ config, records: [owed], now: T0 + DAY });
    expect(p.due).toMatchObject([
      { kind: "reasonChanged", action: "suppress", because: "reasonChanged notifications are switched off" },
      { kind: "quarantine", action: "suppress", because: "quarantine notifications are switched off" },
    ]);
    expect(p.blocked).toBeNull();
  });
});
