import { join } from "node:path";
import type { VirtualClock } from "../../common/virtual-clock";
import { Engine } from "../../engine/index";
import type { EngineHost } from "./engine-host";
import { InProcessEngine, type InProcessEngineOptions } from "./in-process-engine";
import { jobInputOf, seedDirectory } from "./job-setup";
import type { MailBox } from "./mail-box";
import { memoryLogger } from "./memory-logger";
import { engineNotificationsOf } from "./notification-options";
import { ProcessEngine } from "./process-engine";
import type { WorldConfig } from "./world";

/** Log levels of the engine and the catcher: enough to see what went wrong, not a line per request. */
export const LEVELS = { engine: "info", mail: "info" } as const;

/** The engine in this process, logging into memory scrubbed with its own secrets (as the service does). */
async function startInProcess(options: Omit<InProcessEngineOptions, "logger" | "lines">): Promise<InProcessEngine> {
  const holder: { host?: InProcessEngine } = {};
  const log = memoryLogger("engine", LEVELS.engine, (line) => holder.host?.engine.secrets.scrub(line) ?? line);
  holder.host = await InProcessEngine.start({ ...options, logger: log.logger, lines: () => log.lines });
  return holder.host;
}

/** What the world's engine is started from (shared with the external-target world). */
export interface WorldEngineStart {
  config: WorldConfig;
  clock: VirtualClock;
  /** The world's temporary directory: the engine's state file goes there. */
  dir: string;
  mail: MailBox;
  wiring: { baseUrl: string; credentials: Record<string, string> };
  apiToken: string;
  /** Runs on the prepared engine file after the directory is seeded, before any engine starts. */
  prepare?: (engine: Engine, servicePrincipalId: string) => void;
}

/**
 * Prepares the engine's file (job and seeded directory) and starts the engine on it: in this
 * process, or as a child process for `engine: process`.
 */
export async function startWorldEngine(start: WorldEngineStart): Promise<EngineHost> {
  const { config, clock, dir, mail, wiring, apiToken } = start;
  const scenario = config.scenario;
  const seed = String(config.seed);
  const file = join(dir, "engine.sqlite");
  const { jobId, servicePrincipalId } = await prepareEngineFile(file, clock, config, wiring, apiToken, start.prepare);
  const notifications = engineNotificationsOf(scenario.job.notifications);
  const ids = { clock, seed, apiToken, jobId, servicePrincipalId, ...(notifications ? { notifications } : {}) };
  return scenario.engine === "process"
    ? ProcessEngine.start({ ...ids, dataDir: dir, scope: scenario.job.scope, logLevel: LEVELS.engine, smtp: mail.smtpConfig() })
    : startInProcess({ ...ids, file, mail: { smtp: { ...mail.smtpConfig() } } });
}

/**
 * Creates the job and the source directory in the engine's file, before any engine runs on it:
 * the in-process engine and the child process then open the same prepared state.
 */
async function prepareEngineFile(
  file: string,
  clock: VirtualClock,
  config: WorldConfig,
  wiring: { baseUrl: string; credentials: Record<string, string> },
  apiToken: string,
  prepare?: WorldEngineStart["prepare"],
): Promise<{ jobId: string; servicePrincipalId: string }> {
  const engine = new Engine({ clock, file, seed: String(config.seed), apiToken, mail: "off" });
  try {
    const { jobId, servicePrincipalId } = engine.createJob(jobInputOf(config.scenario, wiring));
    seedDirectory(engine, servicePrincipalId, config.scenario, config.seed);
    prepare?.(engine, servicePrincipalId);
    return { jobId, servicePrincipalId };
  } finally {
    await engine.close();
  }
}
