import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultGroupMapping, defaultUserMapping } from "../mapping/index";
import { DEFAULT_CLIENT } from "../jobs/job-config";
import { DEFAULT_ESCROW_POLICY } from "../escrow/escrow-schedule";
import { EMPTY_STATUS, type JobRecord } from "../jobs/job-types";
import { emptyCounts } from "../cycle/cycle-types";
import { EngineStore, idSource } from "./engine-store";
import { openDatabase } from "./database";
import { ENGINE_MIGRATIONS } from "./engine-migrations";
import { JobStore } from "./job-store";

function freshFile(): string {
  return join(mkdtempSync(join(tmpdir(), "scimlab-engine-store-")), "engine.sqlite");
}

const job: JobRecord = {
  id: "scim.a.b",
  servicePrincipalId: "sp-1",
  templateId: "scim",
  config: {
    templateId: "scim",
    dialect: "entra-2020",
    mappings: { user: defaultUserMapping, group: defaultGroupMapping },
    client: DEFAULT_CLIENT,
    escrow: DEFAULT_ESCROW_POLICY,
    abortAfterConsecutiveFailures: 10,
    settings: [{ name: "k", value: "v" }],
  },
  intervalMs: 2_400_000,
  scheduleState: "Active",
  nextRunAt: 1_767_600_000_000,
  watermark: "d1.42",
  status: { ...EMPTY_STATUS, countSuccessiveCompleteFailures: 2, steadyStateFirstAchievedTime: "2026-01-05T09:00:00.000Z" },
  quarantine: {
    state: "Quarantined", reason: "EncounteredQuarantineException", seriesBegan: 1_767_600_000_000, currentBegan: 1_767_602_400_000,
    seriesCount: 1, reasonChanges: 0, nextAttemptAt: 1_767_607_200_000, error: { code: "Unauthorized", message: "401", tenantActionable: true },
  },
  forceDeletes: true,
  createdAt: 1_767_600_000_000,
};

describe("EngineStore: every persisted type round-trips through a reopen", () => {
  it("service principals, jobs, links, escrows, cycles and done items", () => {
    const file = freshFile();
    const store = EngineStore.open(file);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    store.jobs.createServicePrincipal({ id: "sp-1", appId: "app-1", displayName: "App", secrets: { BaseAddress: "http://x", SecretToken: "tok-1234" }, createdAt: 1 });
    store.jobs.createJob(job);
    store.links.upsert(job.id, {
      kind: "group", sourceId: "g1", targetId: "t1", active: true,
      snapshot: { displayName: "Sales", externalId: null }, members: { u1: "tu1" }, updatedAt: 5,
    });
    store.links.upsert(job.id, { kind: "user", sourceId: "u1", targetId: "tu1", active: false, snapshot: { active: false }, members: null, updatedAt: 6 });
    store.escrows.upsert(job.id, {
      kind: "user", sourceId: "u2", firstFailedAt: 10, lastFailedAt: 20, attempts: 2, nextRetryAt: 30,
      errorCode: "InternalServerError", errorMessage: "boom", reference: true,
    });
    store.cycles.begin({ id: "c1", jobId: job.id, kind: "initial", baseWatermark: null, targetWatermark: null, beganAt: 100, counts: { ...emptyCounts(), creates: 3 } });
    store.cycles.setPlan("c1", "d1.50", 7);
    store.cycles.markDone("c1", "u:u1");
    store.cycles.markDone("c1", "u:u1");
    store.close();

    const again = EngineStore.open(file);
    expect(again.boot).toBe(2);
    expect(again.jobs.servicePrincipal("sp-1")?.secrets).toEqual({ BaseAddress: "http://x", SecretToken: "tok-1234" });
    expect(again.jobs.job(job.id)).toEqual(job);
    expect(again.links.get(job.id, "group", "g1")).toMatchObject({ targetId: "t1", members: { u1: "tu1" }, snapshot: { displayName: "Sales", externalId: null } });
    expect(again.links.targetId(job.id, "user", "u1")).toBe("tu1");
    expect(again.links.activeMap(job.id, "user")).toEqual(new Map([["u1", false]]));
    expect(again.escrows.due(job.id, 29)).toEqual([]);
    expect(again.escrows.due(job.id, 30)).toEqual([
      { kind: "user", sourceId: "u2", firstFailedAt: 10, lastFailedAt: 20, attempts: 2, nextRetryAt: 30, errorCode: "InternalServerError", errorMessage: "boom", reference: true },
    ]);
    expect(again.escrows.count(job.id)).toEqual({ total: 1, reference: 1 });
    const running = again.cycles.running(job.id)!;
    expect(running).toMatchObject({ id: "c1", kind: "initial", state: "running", targetWatermark: "d1.50", totalUnits: 7 });
    expect(running.counts.creates).toBe(3);
    expect(again.cycles.doneItems("c1")).toEqual(new Set(["u:u1"]));
    again.cycles.finish("c1", "completed", 200, running.counts, null);
    expect(again.cycles.running(job.id)).toBeUndefined();
    expect(again.cycles.doneItems("c1").size).toBe(0);

    again.jobs.deleteJob(job.id);
    expect(again.links.count(job.id, "user")).toBe(0);
    expect(again.escrows.count(job.id).total).toBe(0);
    again.close();
  });

  it("seeded ids repeat for the same seed and boot, and differ across boots", () => {
    const a = idSource("seed", 1);
    const b = idSource("seed", 1);
    const c = idSource("seed", 2);
    const first = [a(), a()];
    expect([b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    expect(idSource(undefined, 1)()).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("engine_links migration (engine-003)", () => {
  it("keeps every link of a file written before it, in a table whose rows are not in the key's B-tree", () => {
    const file = join(mkdtempSync(join(tmpdir(), "scimlab-links-")), "engine.sqlite");
    const old = openDatabase(file, ENGINE_MIGRATIONS.filter((m) => m.id < "engine-003"));
    const jobs = new JobStore(old);
    jobs.createServicePrincipal({ id: "sp-1", appId: "app-1", displayName: "App", secrets: { BaseAddress: "http://x", SecretToken: "tok-1234" }, createdAt: 1 });
    jobs.createJob(job);
    old.prepare("INSERT INTO engine_links VALUES (?, 'user', 'u1', 't1', 1, ?, NULL, 5)").run(job.id, JSON.stringify({ userName: "a" }));
    old.prepare("INSERT INTO engine_links VALUES (?, 'group', 'g1', 't2', 0, '{}', ?, 6)").run(job.id, JSON.stringify({ u1: "t1" }));
    old.close();
    const s = EngineStore.open(file);
    expect(s.links.get(job.id, "user", "u1")).toEqual({ kind: "user", sourceId: "u1", targetId: "t1", active: true, snapshot: { userName: "a" }, members: null, updatedAt: 5 });
    expect(s.links.get(job.id, "group", "g1")).toMatchObject({ targetId: "t2", active: false, members: { u1: "t1" } });
    const sql = s.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'engine_links'").pluck().get() as string;
    expect(sql).not.toMatch(/WITHOUT ROWID/i);
    expect(() => s.db.prepare("INSERT INTO engine_links VALUES (?, 'user', 'u1', 'dup', 1, '{}', NULL, 7)").run(job.id)).toThrow(/UNIQUE/);
    expect(() => s.db.prepare("INSERT INTO engine_links VALUES ('no-such-job', 'user', 'u2', 't', 1, '{}', NULL, 7)").run()).toThrow(/FOREIGN KEY/);
    s.jobs.deleteJob(job.id);
    expect(s.db.prepare("SELECT count(*) FROM engine_links").pluck().get()).toBe(0); // still cascades
    s.close();
  });
});
