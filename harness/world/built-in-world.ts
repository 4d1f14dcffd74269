import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecretRegistry } from "../../common/redact";
import { VirtualClock } from "../../common/virtual-clock";
import { Engine } from "../../engine/index";
import { startTarget, type Target, type TargetOptions } from "../../simulator/index";
import type { EngineHost } from "./engine-host";
import { expectedTargetOf } from "./expected-target";
import { InProcessEngine } from "./in-process-engine";
import { jobInputOf, seedDirectory } from "./job-setup";
import { JournalRecorder } from "./journal-recorder";
import { MailBox } from "./mail-box";
import { memoryLogger } from "./memory-logger";
import { ProcessEngine } from "./process-engine";
import { worldClockOf } from "./world-clock";
import { WorldFaults } from "./world-faults";
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

/** Log levels of the world's parts: enough to see what went wrong, not a line per request. */
const LEVELS = { engine: "info", target: "warn", mail: "info" } as const;

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
    private readonly mail: MailBox,
    private readonly journal: JournalRecorder,
    private readonly faults: WorldFaults,
    private readonly secretValues: string[],
    private readonly lines: { target: string[]; mail: string[] },
    private readonly dir: string,
    clock: WorldClock,
  ) {
    this.clock = clock;
    this.engine = {
      runCycle: () => host.runCycle(),
      nextCycleAt: () => host.nextCycleAt(),
      job: () => host.job(),
      provisioningLogs: () => host.provisioningLogs(),
      call: (call: EngineCall) => host.call(call),
      restart: (mode: RestartMode) => host.restart(mode),
    };
    this.target = {
      addFault: async (fault) => faults.add(fault),
      removeFault: async (id) => faults.remove(id),
      resetFaults: async () => faults.reset(),
      setState: async (state, keepData) => {
        if (state === "down") await simulator.stop({ keepData });
        else {
          if (!keepData) simulator.store.clear();
          await simulator.start();
        }
      },
      seed: async ({ users, groups, seed }) => {
        simulator.store.seed({ users, groups, seed: String(seed) });
      },
      setProfile: async (profile) => {
        simulator.profile = profile;
      },
      resources: async () => ({ users: simulator.store.listUsers(), groups: simulator.store.listGroups() }),
      journal: async () => journal.entries(),
    };
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

      const auth = targetAuth(scenario.target);
      // The loggers scrub with the part's own secret registry, as its service does (the part exists later).
      const parts: { target?: Target; engine?: InProcessEngine } = {};
      const targetLog = memoryLogger("target", LEVELS.target, (line) => parts.target?.secrets.scrub(line) ?? line);
      const simulator = await startTarget({
        clock,
        profile: scenario.target.profile,
        ...auth.target,
        seed: `${seed}/target`,
        seedUsers: scenario.target.users,
        seedGroups: scenario.target.groups,
        journalSize: 0,
        logger: targetLog.logger,
      });
      parts.target = simulator;
      cleanup.unshift(() => simulator.close());
      const journal = new JournalRecorder(simulator, secrets);
      const apiToken = `engine-${randomBytes(16).toString("hex")}`;
      secrets.add(auth.secret, apiToken, mail.password);
      const secretValues = [auth.secret, apiToken, mail.password];

      const file = join(dir, "engine.sqlite");
      const { jobId, servicePrincipalId } = await prepareEngineFile(file, clock, config, { baseUrl: simulator.baseUrl, credentials: auth.credentials(simulator) }, apiToken);

      let host: EngineHost;
      if (scenario.engine === "process") {
        const processHost = await ProcessEngine.start({
          clock, dataDir: dir, seed, apiToken, jobId, servicePrincipalId, scope: scenario.job.scope, logLevel: LEVELS.engine,
          smtp: mail.smtpConfig(),
        });
        host = processHost;
      } else {
        const engineLog = memoryLogger("engine", LEVELS.engine, (line) => parts.engine?.engine.secrets.scrub(line) ?? line);
        parts.engine = await InProcessEngine.start({
          clock, file, seed, apiToken, jobId, servicePrincipalId, logger: engineLog.logger, lines: () => engineLog.lines,
          mail: { smtp: { ...mail.smtpConfig() } },
        });
        host = parts.engine;
      }
      const faults = new WorldFaults(simulator);
      return new BuiltInWorld(clock, simulator, host, mail, journal, faults, secretValues, { target: targetLog.lines, mail: mailLog.lines }, dir, worldClockOf(clock));
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

/**
 * How the engine authenticates at the world's target: a bearer token, or OAuth client credentials
 * (the simulator issues tokens that expire on the world's clock, the engine fetches new ones).
 */
function targetAuth(target: WorldConfig["scenario"]["target"]): {
  target: Pick<TargetOptions, "tokens" | "oauth">;
  secret: string;
  credentials: (simulator: Target) => Record<string, string>;
} {
  const secret = `${target.auth === "oauth" ? "client-secret" : "target-token"}-${randomBytes(16).toString("hex")}`;
  if (target.auth === "oauth") {
    const clientId = "scimlab-world";
    return {
      target: { oauth: { clientId, clientSecret: secret, ...(target.tokenTtl !== undefined ? { tokenTtl: target.tokenTtl } : {}) } },
      secret,
      credentials: (simulator) => ({
        authenticationType: "OAuth2ClientCredentialsGrant",
        Oauth2TokenExchangeUri: simulator.tokenUrl,
        Oauth2ClientId: clientId,
        Oauth2ClientSecret: secret,
      }),
    };
  }
  return { target: { tokens: [secret] }, secret, credentials: () => ({ SecretToken: secret }) };
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
): Promise<{ jobId: string; servicePrincipalId: string }> {
  const engine = new Engine({ clock, file, seed: String(config.seed), apiToken, mail: "off" });
  try {
    const { jobId, servicePrincipalId } = engine.createJob(jobInputOf(config.scenario, wiring));
    seedDirectory(engine, servicePrincipalId, config.scenario, config.seed);
    return { jobId, servicePrincipalId };
  } finally {
    await engine.close();
  }
}
