import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecretRegistry } from "../../common/redact";
import { VirtualClock } from "../../common/virtual-clock";
import { Engine } from "../../engine/index";
import type { Target } from "../../simulator/index";
import type { EngineHost } from "./engine-host";
import { expectedTargetOf } from "./expected-target";
import { InProcessEngine, type InProcessEngineOptions } from "./in-process-engine";
import { jobInputOf, seedDirectory } from "./job-setup";
import { MailBox } from "./mail-box";
import { memoryLogger } from "./memory-logger";
import { engineNotificationsOf } from "./notification-options";
import { ProcessEngine } from "./process-engine";
import { worldClockOf } from "./world-clock";
import { startWorldTarget } from "./world-target";
import type {
  DirectoryEdit,
  EngineCall,
  MailMessage,
  RestartMode,
  World,
  WorldClock,
  WorldConfig,
  WorldDirectory,
  WorldEngine,
  WorldEvent,
  WorldTarget,
} from "./world";

/** Log levels of the engine and the catcher: enough to see what went wrong, not a line per request. */
export const LEVELS = { engine: "info", mail: "info" } as const;

/**
 * The built-in world: a simulator target on port 0, the provisioning engine on its own SQLite
 * file in a temporary directory (in this process, or as a child process for `engine: process`),
 * and an SMTP catcher, all on one virtual clock. Worlds share nothing, so scenarios run in
 * parallel. `scimlab run` uses it unless `--world` names another module.
 */
export const createWorld = async (config: WorldConfig): Promise<World> => BuiltInWorld.create(config);

export class BuiltInWorld implements World {
  readonly clock: WorldClock;
  readonly engine: WorldEngine;
  readonly target: WorldTarget;
  readonly directory: WorldDirectory;

  private constructor(
    readonly virtualClock: VirtualClock,
    readonly simulator: Target,
    readonly host: EngineHost,
    target: WorldTarget,
    private readonly mail: MailBox,
    private readonly secretValues: string[],
    private readonly lines: { target: string[]; mail: string[] },
    private readonly dir: string,
  ) {
    this.clock = worldClockOf(virtualClock);
    this.engine = {
      runCycle: () => host.runCycle(),
      nextCycleAt: () => host.nextCycleAt(),
      job: () => host.job(),
      provisioningLogs: () => host.provisioningLogs(),
      call: (call: EngineCall) => host.call(call),
      restart: (mode: RestartMode) => host.restart(mode),
    };
    this.target = target;
    this.directory = {
      users: () => host.users(),
      groups: () => host.groups(),
      apply: (edit: DirectoryEdit) => host.applyEdit(edit),
      expectedTarget: async () => expectedTargetOf(await host.scopeSnapshot()),
    };
  }

  static async create(config: WorldConfig): Promise<BuiltInWorld> {
    const { scenario } = config;
    const seed = String(config.seed);
    const dir = mkdtempSync(join(tmpdir(), "scimlab-world-"));
    const clock = new VirtualClock({ start: config.start, ioPrefix: "world-io" });
    const secrets = new SecretRegistry();
    const cleanup: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
    try {
      const mailLog = memoryLogger("mail", LEVELS.mail);
      const mail = new MailBox(clock, mailLog.logger);
      await mail.start();
      cleanup.unshift(() => mail.stop());
      const started = await startWorldTarget(clock, scenario, seed, secrets);
      cleanup.unshift(() => started.simulator.close());
      const apiToken = `engine-${randomBytes(16).toString("hex")}`;
      secrets.add(apiToken, mail.password);

      const wiring = { baseUrl: started.simulator.baseUrl, credentials: started.credentials };
      const host = await startWorldEngine({ config, clock, dir, mail, wiring, apiToken });
      const lines = { target: started.lines, mail: mailLog.lines };
      return new BuiltInWorld(clock, started.simulator, host, started.target, mail, [started.secret, apiToken, mail.password], lines, dir);
    } catch (error) {
      for (const step of cleanup) await Promise.resolve(step()).catch(() => undefined);
      throw error;
    }
  }

  async mails(): Promise<MailMessage[]> {
    return this.mail.messages();
  }

  events(): Promise<WorldEvent[]> {
    return this.host.events();
  }

  secrets(): readonly string[] {
    return [...new Set([...this.secretValues, ...this.host.secrets()])];
  }

  async diagnostics(): Promise<string[]> {
    return [...this.host.diagnostics(), ...this.lines.target, ...this.lines.mail];
  }

  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    const attempt = async (step: () => Promise<void> | void): Promise<void> => {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    };
    await attempt(() => this.host.dispose());
    await attempt(() => this.simulator.close());
    await attempt(() => this.mail.stop());
    await attempt(() => rmSync(this.dir, { recursive: true, force: true }));
    if (errors.length > 0) throw errors[0];
  }
}

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
