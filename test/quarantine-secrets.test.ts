/**
 * Issue 5, acceptance 4: secrets (target tokens, the SMTP password, the engine's API token) never
 * appear in mail, logs, status, events, audit records or error messages. A quarantine with mail
 * through an authenticating SMTP server, a failing SMTP login, a rejected validateCredentials and
 * bad API input produce every kind of output; then everything is searched for every secret.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../common/duration";
import { createLogger } from "../common/logger";
import { VirtualClock } from "../common/virtual-clock";
import type { Engine } from "../engine/engine";
import { MailCatcher } from "../engine/notifications/mail-catcher";
import { MailStore } from "../engine/notifications/mail-store";
import { startEngineWorld, type EngineWorld } from "./engine-helpers";

let world: EngineWorld | undefined;
const catchers: MailCatcher[] = [];
afterEach(async () => {
  await world?.close();
  for (const c of catchers.splice(0)) await c.stop();
  world = undefined;
});

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const GOOD_TOKEN = "target-good-token-7Qx93Lr";
const WRONG_TOKEN = "target-wrong-token-Zk28Pv1";
const SMTP_PASS = "smtp-password-Hn47Wq0";
const API_TOKEN = "engine-api-token-Mv51Tc8";

describe("no secret in any output", () => {
  it("mail, logs, status, events, audits, provisioning logs and errors carry none of the secrets", async () => {
    const clock = new VirtualClock({ start: T0 });
    const lines: string[] = [];
    const holder: { engine?: Engine } = {};
    const logger = createLogger({
      name: "engine",
      level: "debug",
      destination: { write: (line: string) => void lines.push(line) },
      scrub: (line) => (holder.engine ? holder.engine.secrets.scrub(line) : line),
    });
    const store = MailStore.inMemory();
    const auth = { user: "mailbot", pass: SMTP_PASS };
    const catcher = new MailCatcher({ clock, store, auth });
    catchers.push(catcher);
    const { host, port } = await catcher.start();
    world = await startEngineWorld({
      users: 6,
      seed: "secrets",
      clock,
      tokens: [GOOD_TOKEN],
      secrets: { SecretToken: WRONG_TOKEN, SyncNotificationSettings: JSON.stringify({ Enabled: true, Recipients: "ops@example.com" }) },
      job: { start: true },
      engine: { logger, apiToken: API_TOKEN, mail: { smtp: { host, port, auth } } },
    });
    const { engine, jobId, servicePrincipalId } = world;
    holder.engine = engine;
    const api = (method: "get" | "post" | "put", path: string, body?: unknown): request.Test => {
      const req = request(engine.app)[method](path).set("authorization", `Bearer ${API_TOKEN}`);
      return body === undefined ? req : req.send(body as object);
    };
    const outputs: Array<[string, string]> = [];
    const keep = (what: string, value: unknown): void => void outputs.push([what, typeof value === "string" ? value : JSON.stringify(value)]);

    await engine.start();
    await clock.advanceTo(T0 + DAY);
    expect(engine.status(jobId).code).toBe("Quarantine");
    expect(store.count()).toBe(1);

    // A login the SMTP server refuses: the failure is logged and recorded, the password is not.
    const strict = new MailCatcher({ clock, store: MailStore.inMemory(), auth: { user: "mailbot", pass: "another-password" } });
    catchers.push(strict);
    await catcher.stop();
    await strict.start();
    await clock.advanceTo(T0 + 8 * DAY + MINUTE);
    expect(engine.events({ types: ["notificationFailed"] }).length).toBeGreaterThan(0);

    // Errors: credentials the target rejects, bad input echoing a secret, an unknown route.
    const sp = `/v1.0/servicePrincipals/${servicePrincipalId}`;
    keep("validateCredentials", (await api("post", `${sp}/synchronization/jobs/${jobId}/validateCredentials`, { credentials: [{ key: "SecretToken", value: WRONG_TOKEN }] }).expect(400)).body);
    keep("bad secrets", (await api("put", `${sp}/synchronization/secrets`, { value: [{ key: "SyncNotificationSettings", value: `{"Recipients": 5, "x": "${GOOD_TOKEN}"}` }] }).expect(400)).body);
    keep("bad quarantine", (await api("post", `/_engine/jobs/${jobId}/quarantine`, { reason: WRONG_TOKEN }).expect(400)).body);
    keep("on demand", (await api("post", `/_engine/jobs/${jobId}/quarantine`, { message: `rotate ${WRONG_TOKEN} now` }).expect(200)).body);
    keep("unauthorized", (await request(engine.app).get(`${sp}/synchronization/jobs/${jobId}`).set("authorization", `Bearer ${SMTP_PASS}`).expect(401)).body);
    await engine.validateCredentials(jobId, { credentials: { SecretToken: "yet-another-wrong-token" } }).catch((e: Error) => keep("thrown", e.message));

    // Every view an operator has.
    keep("job", (await api("get", `${sp}/synchronization/jobs/${jobId}`).expect(200)).body);
    keep("jobs", (await api("get", "/_engine/jobs").expect(200)).body);
    keep("quarantine", (await api("get", `/_engine/jobs/${jobId}/quarantine`).expect(200)).body);
    keep("notifications", (await api("get", `/_engine/jobs/${jobId}/notifications`).expect(200)).body);
    keep("events", (await api("get", "/_engine/events?limit=10000").expect(200)).body);
    keep("audits", (await api("get", "/v1.0/auditLogs/directoryAudits?$top=1000").expect(200)).body);
    keep("provisioning logs", (await api("get", "/v1.0/auditLogs/provisioning?$top=1000").expect(200)).body);
    keep("escrows", (await api("get", `/_engine/jobs/${jobId}/escrows`).expect(200)).body);
    keep("engine mailbox", (await api("get", "/_engine/mail").expect(200)).body);
    for (const mail of store.list().items) {
      keep(`mail ${mail.id}`, mail);
      keep(`raw mail ${mail.id}`, store.raw(mail.id));
    }
    keep("ledger", engine.notifications(jobId));
    await engine.mailIdle();
    keep("logs", lines.join("\n"));

    // The searched outputs are not empty: they talk about the quarantine and the failed login.
    const all = outputs.map(([, text]) => text).join("\n");
    expect(all).toContain("EncounteredQuarantineException");
    expect(all).toMatch(/Invalid login|535/);
    expect(all).toContain("[REDACTED]");
    expect(lines.length).toBeGreaterThan(10);

    for (const secret of [GOOD_TOKEN, WRONG_TOKEN, SMTP_PASS, API_TOKEN, "yet-another-wrong-token"]) {
      const leaks = outputs.filter(([, text]) => text.includes(secret)).map(([what]) => what);
      expect(leaks, `${secret} leaked into`).toEqual([]);
    }
  });
});
