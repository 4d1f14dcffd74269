/**
 * The engine as a service (what `scimlab engine` runs): one job provisioning the source
 * directory to one SCIM target, the scheduler on, the API listening. Restarted on the same data
 * directory it keeps its job, schedule and state, and resumes an interrupted cycle.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SystemClock, type Clock } from "../common/clock";
import { UsageError } from "../common/config-error";
import type { Logger } from "../common/logger";
import { VirtualClock } from "../common/virtual-clock";
import type { EntraDialect } from "../scim/dialect";
import { listen, type Listening } from "./api/serve";
import { EngineConsole } from "./console/engine-console";
import { Engine, type MailOption } from "./engine";
import type { QuarantineOptions } from "./jobs/job-types";
import type { NotificationConfigInput } from "./notifications/notification-config";

export interface EngineServiceOptions {
  /** The target's base URL; required the first time (no job yet). */
  target?: string | undefined;
  targetToken?: string | undefined;
  dataDir: string;
  /** @default 8090 */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  sourceUsers?: number;
  sourceGroups?: number;
  seed?: string | undefined;
  interval?: string | undefined;
  dialect?: EntraDialect | undefined;
  apiToken?: string | undefined;
  /** `controlled`: time moves only through `POST /_engine/clock`. @default "real" */
  clock?: "real" | "controlled";
  logger?: Logger;
  /** Quarantine rules for the job (EngineOptions.quarantine). */
  quarantine?: QuarantineOptions | undefined;
  /** What mail is sent and when (EngineOptions.notifications). */
  notifications?: NotificationConfigInput | undefined;
  /** Where mail goes (EngineOptions.mail). @default the embedded catcher */
  mail?: MailOption | undefined;
  /** Recipients written into the job's SyncNotificationSettings (and mail enabled), or "off". */
  notify?: string[] | "off" | undefined;
  /** The accidental-deletion threshold written into SyncNotificationSettings, or "off". */
  deleteThreshold?: number | "off" | undefined;
}

export interface EngineService {
  engine: Engine;
  url: string;
  servicePrincipalId: string;
  jobId: string;
  apiToken: string;
  clock: "real" | "controlled";
  /** True when this start created the job (a fresh data directory). */
  created: boolean;
  /** Where mail goes, in words (never a password). */
  mail: string;
  /** The web console at `url`/: `console.loginUrl(url)` gives a one-time login link. */
  console: EngineConsole;
  close(): Promise<void>;
}

const CLOCK_META = "controlledClock.now";

export async function startEngineService(options: EngineServiceOptions): Promise<EngineService> {
  const file = join(options.dataDir, "engine.sqlite");
  const mode = options.clock ?? "real";
  let controlled: VirtualClock | null = null;
  let clock: Clock = new SystemClock();
  if (mode === "controlled") {
    const saved = readMeta(file, CLOCK_META);
    // I/O never holds this clock: whoever drives it waits for the engine's requests itself.
    controlled = new VirtualClock({ ioWallLimitMs: 0, ioPrefix: "engine-io", ...(saved ? { start: Number(saved) } : {}) });
    clock = controlled;
  }
  const engine = new Engine({
    clock,
    dataDir: options.dataDir,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.apiToken !== undefined ? { apiToken: options.apiToken } : {}),
    ...(options.quarantine !== undefined ? { quarantine: options.quarantine } : {}),
    ...(options.notifications !== undefined ? { notifications: options.notifications } : {}),
    ...(options.mail !== undefined ? { mail: options.mail } : {}),
  });
  let listening: Listening | undefined;
  try {
    const { servicePrincipalId, jobId, created } = await ensureJob(engine, options);
    const users = options.sourceUsers ?? 0;
    const groups = options.sourceGroups ?? 0;
    if ((users > 0 || groups > 0) && engine.directory.userCount() === 0 && engine.directory.groupCount() === 0) {
      engine.directory.generate({ users, groups, seed: options.seed ?? "scimlab", assignTo: servicePrincipalId });
    }
    applyNotificationFlags(engine, jobId, options);
    const app = engine.createApp({
      controlledClock: controlled,
      onClockMoved: (now) => engine.store.setMetaValue(CLOCK_META, String(now)),
    });
    const webConsole = new EngineConsole(engine);
    listening = await listen(webConsole.wrap(app), { port: options.port ?? 8090, host: options.host ?? "127.0.0.1" });
    await engine.start({ apiBaseUrl: listening.url });
    const server = listening;
    const catcher = engine.mail.catcherAddress();
    return {
      engine,
      url: server.url,
      servicePrincipalId,
      jobId,
      apiToken: engine.apiToken,
      clock: mode,
      created,
      mail: describeMail(options.mail, catcher, server.url),
      console: webConsole,
      close: async () => {
        webConsole.close();
        await server.close();
        if (controlled) engine.store.setMetaValue(CLOCK_META, String(controlled.now()));
        await engine.close();
      },
    };
  } catch (error) {
    await listening?.close();
    await engine.close();
    throw error;
  }
}

async function ensureJob(engine: Engine, options: EngineServiceOptions): Promise<{ servicePrincipalId: string; jobId: string; created: boolean }> {
  const existing = engine.store.jobs.jobs()[0];
  const secrets: Record<string, string> = {};
  if (options.target !== undefined) secrets.BaseAddress = options.target;
  if (options.targetToken !== undefined) secrets.SecretToken = options.targetToken;
  if (!existing) {
    if (!options.target) throw new UsageError("--target is required the first time (the SCIM base URL, e.g. http://127.0.0.1:8080/scim/v2)");
    if (!options.targetToken) throw new UsageError("--target-token is required the first time (the target's bearer token)");
    const { servicePrincipalId, jobId } = engine.createJob({
      displayName: "scimlab engine",
      secrets,
      start: true,
      ...(options.interval !== undefined ? { interval: options.interval } : {}),
      ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
    });
    return { servicePrincipalId, jobId, created: true };
  }
  if (Object.keys(secrets).length > 0) engine.setSecrets(existing.servicePrincipalId, secrets);
  if (options.interval !== undefined || options.dialect !== undefined) {
    await engine.updateJob(existing.id, {
      ...(options.interval !== undefined ? { interval: options.interval } : {}),
      ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
    });
  }
  return { servicePrincipalId: existing.servicePrincipalId, jobId: existing.id, created: false };
}

/** `--notify` and `--delete-threshold` are the job's SyncNotificationSettings secret, written at each start. */
function applyNotificationFlags(engine: Engine, jobId: string, options: EngineServiceOptions): void {
  const patch: Parameters<Engine["setNotificationSettings"]>[1] = {};
  if (options.notify === "off") patch.enabled = false;
  else if (options.notify !== undefined) Object.assign(patch, { enabled: true, recipients: options.notify });
  if (options.deleteThreshold === "off") patch.deleteThresholdEnabled = false;
  else if (options.deleteThreshold !== undefined) Object.assign(patch, { deleteThresholdEnabled: true, deleteThresholdValue: options.deleteThreshold });
  if (Object.keys(patch).length > 0) engine.setNotificationSettings(jobId, patch);
}

function describeMail(option: MailOption | undefined, catcher: { host: string; port: number } | null, url: string): string {
  if (option === "off") return "off (notifications are recorded as suppressed)";
  if (catcher) return `embedded catcher on smtp://${catcher.host}:${catcher.port}, read it at ${url}/_engine/mail`;
  if (option && typeof option === "object" && "smtp" in option) {
    const smtp = option.smtp as { host?: unknown; port?: unknown; auth?: { user?: unknown } | null };
    return `SMTP ${String(smtp.host)}:${String(smtp.port)}${smtp.auth?.user ? ` as ${String(smtp.auth.user)}` : ""}`;
  }
  return "unknown";
}

/** Reads one engine_meta value from an existing state file without opening the engine. */
function readMeta(file: string, key: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'engine_meta'").get();
    if (!table) return undefined;
    return (db.prepare("SELECT value FROM engine_meta WHERE key = ?").pluck().get(key) as string | undefined) ?? undefined;
  } finally {
    db.close();
  }
}
