/**
 * Issue 5, acceptance 3: SIGKILL of the engine process (`scimlab engine --clock controlled`) while
 * quarantined, then a start on the same data, keeps the series, the next attempt, the escrows and
 * the mail schedule: nothing is re-sent early, and a notification owed when the engine died goes
 * out once after it starts. Mail goes through real SMTP with AUTH to a catcher in this process; the
 * password comes from the environment and never shows in the engine's output.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SystemClock } from "../common/clock";
import { DAY, MINUTE } from "../common/duration";
import { MailCatcher } from "../engine/notifications/mail-catcher";
import { MailStore } from "../engine/notifications/mail-store";
import { startTarget, type Target } from "../simulator/index";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "kill-target-token-Jd83Ms2";
const API = "kill-api-token-Qp29Xa7";
const SMTP_PASS = "kill-smtp-password-Rt64Vn5";
const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const dataDir = mkdtempSync(join(tmpdir(), "scimlab-quarantine-kill-"));
const children: ChildProcess[] = [];
const output: string[] = [];
let target: Target | undefined;
const catchers: MailCatcher[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await target?.close();
  for (const c of catchers) await c.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  jobId: string;
  spId: string;
}

function startEngine(smtpPort: number): Promise<Started> {
  const child = spawn(
    process.execPath,
    [join(root, "bin/scimlab.mjs"), "engine", "--target", target!.baseUrl, "--target-token", TOKEN, "--data", dataDir, "--port", "0",
      "--source-users", "20", "--seed", "kill", "--clock", "controlled", "--api-token", API, "--interval", "40m", "--log-level", "info",
      "--notify", "ops@example.com", "--smtp-host", "127.0.0.1", "--smtp-port", String(smtpPort), "--smtp-user", "mailbot",
      "--smtp-password-env", "KILL_TEST_SMTP_PASS"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KILL_TEST_SMTP_PASS: SMTP_PASS } },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stderr!.on("data", (c: Buffer) => output.push(c.toString()));
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      output.push(c.toString());
      const url = /API on (http:\/\/\S+)/.exec(out)?.[1];
      const jobId = /^jobId: (\S+)$/m.exec(out)?.[1];
      const spId = /^servicePrincipalId: (\S+)$/m.exec(out)?.[1];
      if (url && jobId && spId && /^mail: /m.test(out)) resolve({ child, url, jobId, spId });
    });
    child.once("exit", (code, signal) => reject(new Error(`engine exited (${code ?? signal}) before it was ready: ${out}${output.join("")}`)));
  });
}

async function call<T = Record<string, unknown>>(e: Started, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(e.url + path, {
    method,
    headers: { authorization: `Bearer ${API}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const to = (e: Started, t: number) => call(e, "POST", "/_engine/clock", { to: new Date(t).toISOString() });

async function kill(e: Started): Promise<void> {
  e.child.kill("SIGKILL");
  await new Promise((r) => e.child.once("exit", r));
}

interface Snapshot {
  quarantine: { seriesBegan: string; seriesCount: number; nextAttempt: string; reason: string };
  escrows: Array<{ sourceId: string; firstFailedAt: number; nextRetryAt: number; attempts: number }>;
  records: Array<{ kind: string; sequence: number; status: string; messageId: string }>;
  now: string;
}

async function snapshot(e: Started): Promise<Snapshot> {
  const job = await call<{ status: { quarantine: Snapshot["quarantine"] } }>(e, "GET", `/v1.0/servicePrincipals/${e.spId}/synchronization/jobs/${e.jobId}`);
  const escrows = await call<{ value: Snapshot["escrows"] }>(e, "GET", `/_engine/jobs/${e.jobId}/escrows`);
  const notifications = await call<{ records: Snapshot["records"] }>(e, "GET", `/_engine/jobs/${e.jobId}/notifications`);
  const clock = await call<{ now: string }>(e, "GET", "/_engine/clock");
  return {
    quarantine: job.status.quarantine,
    escrows: escrows.value.map(({ sourceId, firstFailedAt, nextRetryAt, attempts }) => ({ sourceId, firstFailedAt, nextRetryAt, attempts })),
    records: notifications.records.map(({ kind, sequence, status, messageId }) => ({ kind, sequence, status, messageId })),
    now: clock.now,
  };
}

describe("engine process killed while quarantined", () => {
  it("keeps the series, nextAttempt, escrows and the mail schedule across SIGKILL; nothing re-sent early, nothing owed lost", async () => {
    target = await startTarget({ profile: "entra", tokens: [TOKEN], seed: "kill" });
    const store = MailStore.inMemory();
    const auth = { user: "mailbot", pass: SMTP_PASS };
    const first = new MailCatcher({ clock: new SystemClock(), store, auth });
    catchers.push(first);
    const { port: smtpPort } = await first.start();
    const tags = () => store.list().items.map((m) => m.headers["x-scimlab-notification"]);

    let engine = await startEngine(smtpPort);
    // Three users whose creates fail: they are escrowed by the initial cycle.
    const users = await call<{ value: Array<{ userPrincipalName: string }> }>(engine, "GET", "/_engine/directory/users");
    const three = users.value.slice(0, 3).map((u) => `userName eq "${u.userPrincipalName}"`).join(" or ");
    target.faults.use({ id: "three", match: { operation: "create", filter: three }, action: { type: "error", status: 400 } });
    await to(engine, T0 + MINUTE);
    expect(target.store.countUsers()).toBe(17);

    // Then the token stops working: the next cycle (nothing to send, so just the connection test) is refused.
    target.faults.reset();
    target.faults.use({ id: "creds", preset: "invalid-credentials" });
    await to(engine, T0 + 41 * MINUTE);
    const entered = await snapshot(engine);
    expect(entered.quarantine).toMatchObject({ reason: "EncounteredQuarantineException", seriesBegan: "2026-01-05T09:40:00.000Z", seriesCount: 0 });
    expect(entered.escrows).toHaveLength(3);
    const S = Date.parse(entered.quarantine.seriesBegan);

    await to(engine, S + DAY + MINUTE);
    expect(tags()).toEqual(["quarantine/0"]);
    const before = await snapshot(engine);
    expect(before.quarantine.seriesCount).toBeGreaterThan(3);
    expect(before.records).toEqual([expect.objectContaining({ kind: "quarantine", sequence: 0, status: "sent" })]);

    // Kill while quarantined; a new process on the same data has exactly the same state.
    await kill(engine);
    engine = await startEngine(smtpPort);
    expect(await snapshot(engine)).toEqual(before);
    await call(engine, "POST", "/_engine/clock", { advance: "1s" });
    expect(tags()).toEqual(["quarantine/0"]); // the first reminder is not sent again
    // The schedule goes on from the stored nextAttempt.
    await to(engine, Date.parse(before.quarantine.nextAttempt));
    const attempted = await snapshot(engine);
    expect(attempted.quarantine.seriesCount).toBe(before.quarantine.seriesCount + 1);
    expect(attempted.quarantine.seriesBegan).toBe(before.quarantine.seriesBegan);

    // The SMTP server is down when the resend falls due: the notification is owed when the engine dies.
    await first.stop();
    await to(engine, S + 8 * DAY + MINUTE);
    const owed = await snapshot(engine);
    expect(owed.records.find((r) => r.sequence === 1)).toMatchObject({ kind: "quarantine", status: "owed" });
    await kill(engine);

    const second = new MailCatcher({ clock: new SystemClock(), store, auth });
    catchers.push(second);
    const { port: secondPort } = await second.start();
    engine = await startEngine(secondPort);
    expect((await snapshot(engine)).records).toEqual(owed.records);
    await to(engine, S + 8 * DAY + 10 * MINUTE);
    expect(tags()).toEqual(["quarantine/0", "quarantine/1"]);
    const resent = store.list().items[1]!;
    expect(resent.messageId).toBe(owed.records.find((r) => r.sequence === 1)!.messageId);
    await to(engine, S + 9 * DAY);
    expect(tags()).toEqual(["quarantine/0", "quarantine/1"]);
    const after = await snapshot(engine);
    expect(after.escrows.map((e) => [e.sourceId, e.firstFailedAt])).toEqual(entered.escrows.map((e) => [e.sourceId, e.firstFailedAt]));
    expect(after.quarantine.seriesBegan).toBe(entered.quarantine.seriesBegan);

    engine.child.kill("SIGTERM");
    expect(await new Promise((r) => engine.child.once("exit", (code) => r(code)))).toBe(0);

    // The engine's output never shows the SMTP password or the target token.
    const all = output.join("");
    expect(all).toContain("mail: SMTP 127.0.0.1:");
    expect(all).not.toContain(SMTP_PASS);
    expect(all).not.toContain(TOKEN);
  }, 120_000);
});
