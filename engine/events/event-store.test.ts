import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../common/logger";
import { SecretRegistry } from "../../common/redact";
import { openDatabase, type Db } from "../state/database";
import { ENGINE_MIGRATIONS } from "../state/engine-migrations";
import { EventStore } from "./event-store";
import type { JobEvent, NewJobEvent } from "./job-event";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(file?: string): { db: Db; events: EventStore; file: string; secrets: SecretRegistry; clock: { t: number; now(): number } } {
  const path = file ?? join((dirs.push(mkdtempSync(join(tmpdir(), "scimlab-events-"))), dirs.at(-1)!), "e.sqlite");
  const db = openDatabase(path, ENGINE_MIGRATIONS);
  const clock = { t: Date.parse("2026-01-05T09:00:00Z"), now() { return this.t; } };
  let n = 0;
  const secrets = new SecretRegistry();
  return { db, file: path, secrets, clock, events: new EventStore(db, clock, () => `ev-${++n}`, secrets, silentLogger()) };
}

const paused = (jobId = "j1"): NewJobEvent => ({ type: "jobPaused", jobId, servicePrincipalId: "sp", initiatedBy: "operator", data: { was: "Active" } });

describe("EventStore", () => {
  it("numbers events by a monotonic seq, reads them back after a reopen, and filters by since, job, type, time", () => {
    const { db, events, file, clock } = open();
    events.record(paused("j1"));
    clock.t += 1000;
    events.record({ type: "scheduleChanged", jobId: "j1", servicePrincipalId: "sp", initiatedBy: "operator", data: { from: "Active", to: "Paused" } });
    events.record(paused("j2"));
    db.close();
    const again = open(file).events;
    const all = again.query();
    expect(all.map((e) => [e.seq, e.type, e.jobId])).toEqual([[1, "jobPaused", "j1"], [2, "scheduleChanged", "j1"], [3, "jobPaused", "j2"]]);
    expect(all[1]).toEqual({
      seq: 2, id: "ev-2", jobId: "j1", servicePrincipalId: "sp", initiatedBy: "operator", type: "scheduleChanged",
      at: "2026-01-05T09:00:01.000Z", atMs: Date.parse("2026-01-05T09:00:01Z"), data: { from: "Active", to: "Paused" },
    });
    expect(again.query({ since: 1 }).map((e) => e.seq)).toEqual([2, 3]);
    expect(again.query({ jobId: "j2" }).map((e) => e.seq)).toEqual([3]);
    expect(again.query({ types: ["scheduleChanged"] }).map((e) => e.seq)).toEqual([2]);
    expect(again.query({ from: Date.parse("2026-01-05T09:00:01Z") }).map((e) => e.seq)).toEqual([2, 3]);
    expect(again.query({ newestFirst: true, limit: 1 }).map((e) => e.seq)).toEqual([3]);
    expect(again.lastSeq()).toBe(3);
    expect(() => again.query({ limit: 0 })).toThrow(RangeError);
    expect(() => again.query({ types: ["nope" as "jobPaused"] })).toThrow(/unknown event type 'nope'/);
  });

  it("listeners hear an event only once its transaction committed; a rollback drops it", () => {
    const { events } = open();
    const heard: JobEvent[] = [];
    const stop = events.onEvent((e) => heard.push(e));
    events.transaction(() => {
      events.record(paused());
      expect(heard).toEqual([]);
    });
    expect(heard.map((e) => e.seq)).toEqual([1]);
    expect(() =>
      events.transaction(() => {
        events.record(paused());
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(heard).toHaveLength(1);
    expect(events.query()).toHaveLength(1);
    events.record(paused()); // outside a transaction: at once
    expect(heard).toHaveLength(2);
    stop();
    events.record(paused());
    expect(heard).toHaveLength(2);
  });

  it("scrubs registered secrets from the data before writing it", () => {
    const { events, secrets } = open();
    secrets.add("s3cret-token-value");
    events.record({
      type: "cycleEnded", jobId: "j", servicePrincipalId: "sp", initiatedBy: "system",
      data: {
        cycleId: "c", initial: true, outcome: "Failed", beganAt: "", endedAt: "", errorCode: "Unauthorized",
        errorMessage: "GET /Users answered 401: bad token s3cret-token-value", deletions: { planned: 0, held: false },
        counts: { imported: 0, exported: 0, creates: 0, updates: 0, disables: 0, deletes: 0, skipped: 0, failures: 0, escrowed: 0, requests: 1 },
      },
    });
    expect(JSON.stringify(events.query())).not.toContain("s3cret-token-value");
    expect(events.query()[0]!.data).toMatchObject({ errorMessage: "GET /Users answered 401: bad token [REDACTED]" });
  });
});
