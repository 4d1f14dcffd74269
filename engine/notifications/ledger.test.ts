import { describe, expect, it } from "vitest";
import { openDatabase } from "../state/database";
import { NotificationLedger } from "./ledger";
import { notificationsMigrations } from "./migrations";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const ledger = () => new NotificationLedger(openDatabase(":memory:", notificationsMigrations), "scimlab-provisioning@example.org");
const owed = { kind: "reasonChanged" as const, seriesBegan: T0, sequence: 1, reason: "TooManyDeletes" as const, previousReason: "EncounteredQuarantineException" as const, heldDeletions: 600 };
const key = { jobId: "job1", seriesBegan: T0, kind: "reasonChanged" as const, sequence: 1 };

describe("NotificationLedger", () => {
  it("owing is idempotent: performing the same notify effect twice keeps one record", () => {
    const l = ledger();
    const first = l.owe("job1", owed, T0);
    expect(first).toMatchObject({ ...key, status: "owed", dueAt: T0, attempts: 0, heldDeletions: 600, previousReason: "EncounteredQuarantineException" });
    expect(first.messageId).toBe("<scimlab.reasonChanged.1.20260105T090000000Z.job1@example.org>");
    l.owe("job1", owed, T0 + 1000);
    expect(l.records("job1")).toEqual([first]);
  });

  it("walks owed -> sending -> owed (failed, not before) -> sending -> sent", () => {
    const l = ledger();
    l.owe("job1", owed, T0);
    const detail = { dueAt: T0, reason: owed.reason, previousReason: owed.previousReason, heldDeletions: 600 };
    expect(l.markSending(key, detail)).toMatchObject({ status: "sending", attempts: 1 });
    l.markFailed(key, "451 later", T0 + 300_000);
    expect(l.get(key)).toMatchObject({ status: "owed", notBefore: T0 + 300_000, lastError: "451 later" });
    expect(l.markSending(key, detail)).toMatchObject({ status: "sending", attempts: 2, notBefore: null });
    l.markSent(key, T0 + 400_000);
    expect(l.get(key)).toMatchObject({ status: "sent", sentAt: T0 + 400_000, lastError: null, dueAt: T0 });
  });

  it("records suppressed notifications with the reason, and forgets a deleted job", () => {
    const l = ledger();
    const reminder = { jobId: "job1", seriesBegan: T0, kind: "quarantine" as const, sequence: 0 };
    l.markSuppressed(reminder, "notifications are disabled", { dueAt: T0, reason: "TooManyDeletes", previousReason: null, heldDeletions: null });
    expect(l.get(reminder)).toMatchObject({ status: "suppressed", suppressedBecause: "notifications are disabled" });
    expect(l.records("job2")).toEqual([]);
    l.deleteJob("job1");
    expect(l.records("job1")).toEqual([]);
  });
});
