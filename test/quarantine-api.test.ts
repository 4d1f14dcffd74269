/**
 * The HTTP side of issue 5 (supertest on the engine's app): quarantine on demand, the machine's
 * state, notification settings (operator API and Graph secrets), the job-event audit
 * (`/_engine/events`, `onEvent`) and Graph's `auditLogs/directoryAudits`.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../common/duration";
import { VirtualClock } from "../common/virtual-clock";
import type { JobEvent } from "../engine/events/job-event";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

async function setup(): Promise<{ world: EngineWorld; clock: VirtualClock; api: (method: "get" | "post" | "put", path: string, body?: unknown) => request.Test }> {
  const clock = new VirtualClock({ start: T0 });
  world = await startEngineWorld({ users: 4, seed: "q-api", clock, job: { start: true, interval: "40m" } });
  await world.engine.start();
  await clock.advanceBy(MINUTE);
  const app = world.engine.app;
  const token = world.engine.apiToken;
  const api = (method: "get" | "post" | "put", path: string, body?: unknown): request.Test => {
    const req = request(app)[method](path).set("authorization", `Bearer ${token}`);
    return body === undefined ? req : req.send(body as object);
  };
  return { world, clock, api };
}

describe("quarantine on demand and the machine's state", () => {
  it("POST /_engine/jobs/{job}/quarantine holds the job (both spellings); no cycles run; start lifts it", async () => {
    const { world: w, clock, api } = await setup();
    const sp = w.servicePrincipalId;
    const res = await api("post", `/_engine/jobs/${w.jobId}/quarantine`, { reason: "QuarantineOnDemand", message: "maintenance window" }).expect(200);
    expect(res.body.status).toMatchObject({
      code: "Quarantine",
      quarantine: { reason: "QuarantinedOnDemand", seriesBegan: "2026-01-05T09:01:00.000Z", error: { code: "QuarantinedOnDemand", message: "maintenance window" } },
    });
    const state = await api("get", `/_engine/jobs/${w.jobId}/quarantine`).expect(200);
    expect(state.body).toMatchObject({ state: { state: "Held", reason: "QuarantinedOnDemand" }, nextCycleAt: null, nextTickAt: "2026-01-05T09:41:00.000Z" });
    const cycles = w.engine.store.cycles.recent(w.jobId, 10).length;
    await clock.advanceBy(5 * HOUR);
    expect(w.engine.store.cycles.recent(w.jobId, 10)).toHaveLength(cycles);
    // The held job is still re-evaluated on the backoff, so seriesCount and nextAttempt stay truthful.
    expect(w.engine.status(w.jobId).quarantine?.seriesCount).toBeGreaterThan(0);

    await api("post", `/_engine/jobs/${w.jobId}/quarantine`, { reason: "Because" }).expect(400);
    await api("post", `/_engine/jobs/${w.jobId}/quarantine`, { other: 1 }).expect(400);
    await api("post", `/v1.0/servicePrincipals/${sp}/synchronization/jobs/${w.jobId}/start`).expect(204);
    const job = await api("get", `/v1.0/servicePrincipals/${sp}/synchronization/jobs/${w.jobId}`).expect(200);
    expect(job.body.status.quarantine).toBeNull();
    expect(w.engine.nextCycleAt(w.jobId)).toBe(clock.now());
  });
});

describe("notification settings", () => {
  it("Graph secrets: a bad SyncNotificationSettings is refused naming the field; a good one is recorded without secret values", async () => {
    const { world: w, api } = await setup();
    const path = `/v1.0/servicePrincipals/${w.servicePrincipalId}/synchronization/secrets`;
    const bad = await api("put", path, { value: [{ key: "SyncNotificationSettings", value: '{"Enabled":"yes"}' }] }).expect(400);
    expect(bad.body.error.message).toMatch(/SyncNotificationSettings\.Enabled: expected true or false/);
    const notJson = await api("put", path, { value: [{ key: "SyncNotificationSettings", value: "{Enabled" }] }).expect(400);
    expect(notJson.body.error.message).toMatch(/SyncNotificationSettings: is not valid JSON/);

    await api("put", path, {
      value: [
        { key: "SyncNotificationSettings", value: JSON.stringify({ Enabled: true, Recipients: "a@example.com;b@example.com", DeleteThresholdEnabled: true, DeleteThresholdValue: 50 }) },
        { key: "SecretToken", value: "rotated-secret-token-4321" },
      ],
    }).expect(204);
    const [changed] = w.engine.events({ jobId: w.jobId, types: ["settingsChanged"] });
    expect(changed!.data).toMatchObject({
      changed: ["secrets", "notificationSettings"],
      secretKeys: ["SecretToken", "SyncNotificationSettings"],
      notificationSettings: { enabled: true, recipients: ["a@example.com", "b@example.com"], deleteThresholdValue: 50 },
    });
    expect(JSON.stringify(w.engine.events())).not.toContain("rotated-secret-token-4321");
    expect(w.engine.quarantine.policyOf(w.engine.jobs.job(w.jobId)).deleteThreshold).toEqual({ enabled: true, value: 50 });

    const view = await api("get", `/_engine/jobs/${w.jobId}/notifications`).expect(200);
    expect(view.body).toMatchObject({ settings: { enabled: true, recipients: ["a@example.com", "b@example.com"] }, blocked: null, records: [], config: { sender: "scimlab-provisioning@localhost" } });
    const put = await api("put", `/_engine/jobs/${w.jobId}/notifications`, { recipients: ["c@example.com"], deleteThresholdValue: 10 }).expect(200);
    expect(put.body.settings).toMatchObject({ enabled: true, recipients: ["c@example.com"], deleteThresholdEnabled: true, deleteThresholdValue: 10 });
    await api("put", `/_engine/jobs/${w.jobId}/notifications`, { deleteThresholdValue: -1 }).expect(400);
    await api("put", `/_engine/jobs/${w.jobId}/notifications`, { recipients: 5 }).expect(400);
    const off = await api("put", `/_engine/jobs/${w.jobId}/notifications`, { enabled: false }).expect(200);
    expect(off.body.blocked).toMatch(/notifications are disabled/);
  });
});

describe("the job-event audit", () => {
  it("events are ordered by seq, readable from a seq on, filtered by job and type, heard by listeners once committed", async () => {
    const { world: w, clock, api } = await setup();
    const heard: JobEvent[] = [];
    const stop = w.engine.onEvent((e) => heard.push(e));
    const all = (await api("get", `/_engine/events?jobId=${w.jobId}`).expect(200)).body;
    expect(all.value.map((e: JobEvent) => e.type)).toEqual(["jobCreated", "cycleStarted", "cycleEnded"]);
    expect(all.value[2].data).toMatchObject({ initial: true, outcome: "Succeeded", counts: { creates: 4, exported: 4 }, errorCode: null });
    const last = all.lastSeq as number;

    w.engine.pauseJob(w.jobId);
    await w.engine.restartJob(w.jobId, "Watermark");
    await clock.advanceBy(0);
    const fresh = (await api("get", `/_engine/events?since=${last}`).expect(200)).body.value as JobEvent[];
    expect(fresh.map((e) => e.type)).toEqual(["jobPaused", "scheduleChanged", "jobRestarted", "scheduleChanged", "cycleStarted", "cycleEnded"]);
    expect(fresh.map((e) => e.seq)).toEqual([...fresh.map((e) => e.seq)].sort((a, b) => a - b));
    expect(fresh[0]!.initiatedBy).toBe("operator");
    expect(fresh[2]!.data).toEqual({ resetScope: ["Watermark"] });
    expect(heard.map((e) => e.seq)).toEqual(fresh.map((e) => e.seq));
    stop();
    await api("post", `/_engine/jobs/${w.jobId}/cycles`).expect(200);
    expect(heard).toHaveLength(fresh.length);

    const typed = (await api("get", `/_engine/events?type=cycleEnded,jobRestarted&order=desc&limit=2`).expect(200)).body.value as JobEvent[];
    expect(typed.map((e) => e.type)).toEqual(["cycleEnded", "cycleEnded"]);
    expect((await api("get", "/_engine/events?type=nope").expect(400)).body.error.message).toMatch(/unknown event type 'nope'/);
    await api("get", "/_engine/events?since=-1").expect(400);
    await api("get", "/_engine/events?limit=0").expect(400);

    // Mapping changes restart the job: the event says so, and the next cycle is initial.
    const mapping = w.engine.jobs.job(w.jobId).config.mappings.user;
    await api("put", `/_engine/jobs/${w.jobId}/mappings`, { user: { ...mapping, attributes: mapping.attributes.filter((a) => a.target !== "title") } }).expect(200);
    const [settings] = w.engine.events({ jobId: w.jobId, types: ["settingsChanged"] });
    expect(settings!.data).toMatchObject({ changed: ["mappings"], restartsJob: true });
    expect(w.engine.jobs.job(w.jobId).watermark).toBeNull();
  });

  it("GET /v1.0/auditLogs/directoryAudits: directoryAudit shape, $filter on activityDateTime, $top and nextLink", async () => {
    const { world: w, clock, api } = await setup();
    w.engine.quarantineJob(w.jobId);
    await clock.advanceBy(HOUR);
    w.engine.startJob(w.jobId);
    await clock.advanceBy(0);
    const page = (await api("get", "/v1.0/auditLogs/directoryAudits?$top=3").expect(200)).body;
    expect(page.value).toHaveLength(3);
    expect(page["@odata.nextLink"]).toMatch(/skiptoken=\d+/);
    const audit = page.value[0];
    expect(audit).toMatchObject({
      category: "ProvisioningManagement",
      loggedByService: "Account Provisioning",
      result: "success",
      activityDateTime: expect.stringMatching(/^2026-01-05T/),
      targetResources: [{ id: w.servicePrincipalId, type: "ServicePrincipal" }],
      additionalDetails: expect.arrayContaining([{ key: "JobId", value: w.jobId }]),
    });
    const next = new URL(page["@odata.nextLink"]);
    const second = (await api("get", next.pathname + next.search).expect(200)).body;
    expect(second.value[0].id).not.toBe(audit.id);

    const quarantined = (await api("get", `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Quarantine provisioning job'")}`).expect(200)).body.value;
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ activityDateTime: "2026-01-05T09:01:00.000Z", initiatedBy: { user: { displayName: "scimlab engine API" } } });
    const window = `activityDateTime ge 2026-01-05T09:30:00Z and activityDateTime le 2026-01-05T10:01:00Z and category eq 'ProvisioningManagement'`;
    const inWindow = (await api("get", `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(window)}`).expect(200)).body.value;
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.every((a: { activityDateTime: string }) => a.activityDateTime >= "2026-01-05T09:30:00.000Z" && a.activityDateTime <= "2026-01-05T10:01:00.000Z")).toBe(true);
    expect(inWindow.map((a: { activityDisplayName: string }) => a.activityDisplayName)).toContain("Lift provisioning quarantine");

    const bad = await api("get", `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("jobId eq 'x'")}`).expect(400);
    expect(bad.body.error.message).toMatch(/unsupported property 'jobId'.*\(at column 1\)/);
    await api("get", "/v1.0/auditLogs/directoryAudits?$top=0").expect(400);
    await api("get", "/beta/auditLogs/directoryAudits").expect(200);
  });
});
