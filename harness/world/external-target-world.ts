import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../common/config-error";
import { SecretRegistry } from "../../common/redact";
import { VirtualClock } from "../../common/virtual-clock";
import type { Engine } from "../../engine/index";
import { LEVELS, startWorldEngine } from "./built-in-world";
import type { EngineHost } from "./engine-host";
import { expectedTargetOf } from "./expected-target";
import { startExternalTarget, type StartedExternalTarget } from "./external-target";
import { MailBox } from "./mail-box";
import { memoryLogger } from "./memory-logger";
import { RunPrefix } from "./run-prefix";
import { worldClockOf } from "./world-clock";
import type { DirectoryEdit, EngineCall, MailMessage, RestartMode, World, WorldClock, WorldConfig, WorldDirectory, WorldEngine, WorldEvent, WorldTarget } from "./world";

/** A world module's factory: needs `config.externalTarget`. */
export const createWorld = async (config: WorldConfig): Promise<World> => ExternalTargetWorld.create(config);

/**
 * The world of a portable scenario run against a real SCIM endpoint (`scimlab run --target`):
 * the built-in world's engine, mail catcher and virtual clock, with the simulator replaced by a
 * proxy (`scimlab proxy`, in this process) in front of the endpoint. Faults are the proxy's rules,
 * the journal is the proxy's, the target's state is read over SCIM from the endpoint itself.
 *
 * Every object the run creates carries a run prefix (see {@link RunPrefix}), and `dispose` removes
 * them all from the endpoint, also after a failed scenario.
 *
 * Time: the proxy is on the world's clock, so injected latency, hangs, Retry-After and fault
 * windows cost virtual time as they do against the simulator. The endpoint is not: while it
 * answers, the engine's request is real I/O inside `clock.io`, and virtual time stands still (up to
 * the clock's 10 s wall-clock limit per request, after which the engine's virtual timeout decides).
 * The endpoint's own latency therefore costs no virtual time, and anything the endpoint does on
 * its own clock (token lifetimes, its own rate limits) runs in real time.
 */
export class ExternalTargetWorld implements World {
  readonly clock: WorldClock;
  readonly engine: WorldEngine;
  readonly target: WorldTarget;
  readonly directory: WorldDirectory;

  private constructor(
    readonly virtualClock: VirtualClock,
    readonly endpoint: StartedExternalTarget,
    readonly host: EngineHost,
    readonly prefix: RunPrefix,
    private readonly mail: MailBox,
    private readonly secretValues: string[],
    private readonly mailLines: string[],
    private readonly dir: string,
  ) {
    this.clock = worldClockOf(virtualClock);
    this.engine = {
      runCycle: () => host.runCycle(),
      nextCycleAt: () => host.nextCycleAt(),
      job: () => host.job(),
      provisioningLogs: async () => (await host.provisioningLogs()).map((r) => prefix.logRecord(r)),
      call: (call: EngineCall) => host.call(call),
      restart: (mode: RestartMode) => host.restart(mode),
    };
    this.target = endpoint.target;
    this.directory = prefixedDirectory(host, prefix);
  }

  static async create(config: WorldConfig): Promise<ExternalTargetWorld> {
    const endpoint = config.externalTarget;
    if (!endpoint) throw new UsageError("the external-target world needs an endpoint: run with --target URL --target-token T");
    if (!config.scenario.portable) {
      throw new UsageError(`${config.scenario.file ?? config.scenario.name}: not portable (portable: true), so it cannot run against a real endpoint`);
    }
    const seed = String(config.seed);
    const prefix = RunPrefix.random(endpoint.prefix, endpoint.runId);
    const dir = mkdtempSync(join(tmpdir(), "scimlab-world-"));
    const clock = new VirtualClock({ start: config.start, ioPrefix: "world-io" });
    const secrets = new SecretRegistry();
    const cleanup: Array<() => Promise<unknown> | void> = [() => rmSync(dir, { recursive: true, force: true })];
    try {
      const mailLog = memoryLogger("mail", LEVELS.mail);
      const mail = new MailBox(clock, mailLog.logger);
      await mail.start();
      cleanup.unshift(() => mail.stop());
      const started = await startExternalTarget(clock, endpoint, prefix, seed, secrets);
      cleanup.unshift(() => started.proxy.close());
      await started.check();
      const apiToken = `engine-${randomBytes(16).toString("hex")}`;
      const wiring = { baseUrl: started.proxy.baseUrl, credentials: started.credentials };
      const host = await startWorldEngine({ config, clock, dir, mail, wiring, apiToken, prepare: (engine) => prefixDirectory(engine, prefix) });
      return new ExternalTargetWorld(clock, started, host, prefix, mail, [started.secret, apiToken, mail.password], mailLog.lines, dir);
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
    return [...new Set([...this.secretValues, ...this.host.secrets()].filter((s) => s !== ""))];
  }

  async diagnostics(): Promise<string[]> {
    return [...this.host.diagnostics(), ...this.mailLines];
  }

  /** Stops the engine first (nothing creates anything after), removes the run's objects from the endpoint, then the rest. */
  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    const attempt = async (step: () => Promise<unknown> | void): Promise<void> => {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    };
    await attempt(() => this.host.dispose());
    await attempt(() => this.endpoint.removeRunObjects());
    await attempt(() => this.endpoint.proxy.close());
    await attempt(() => this.mail.stop());
    await attempt(() => rmSync(this.dir, { recursive: true, force: true }));
    if (errors.length > 0) throw errors[0];
  }
}

/** Gives every user and group of the freshly seeded directory the run prefix. */
function prefixDirectory(engine: Engine, prefix: RunPrefix): void {
  const add = (s: string): string => prefix.add(s);
  const directory = engine.directory;
  for (const user of directory.listUsers()) directory.updateUser(user.id, prefix.userFields({ userPrincipalName: user.userPrincipalName, mail: user.mail, mailNickname: user.mailNickname }, add));
  for (const group of directory.listGroups()) directory.updateGroup(group.id, prefix.groupFields({ displayName: group.displayName, mailNickname: group.mailNickname }, add));
}

/**
 * The directory as the scenario sees it: names without the run prefix (so selectors such as
 * `bob@example.com` still find Bob), edits applied with it, generated objects renamed at once.
 */
function prefixedDirectory(host: EngineHost, prefix: RunPrefix): WorldDirectory {
  const strip = (s: string): string => prefix.strip(s);
  return {
    users: async () => (await host.users()).map((u) => prefix.userFields(u, strip)),
    groups: async () => (await host.groups()).map((g) => prefix.groupFields(g, strip)),
    apply: async (edit: DirectoryEdit) => {
      if (edit.edit !== "generate") return host.applyEdit(prefix.edit(edit));
      const before = new Set([...(await host.users()).map((u) => u.id), ...(await host.groups()).map((g) => g.id)]);
      await host.applyEdit(edit);
      for (const u of await host.users()) {
        if (!before.has(u.id)) await host.applyEdit(prefix.edit({ edit: "updateUser", id: u.id, set: { userPrincipalName: u.userPrincipalName, mail: u.mail, mailNickname: u.mailNickname } }));
      }
      for (const g of await host.groups()) {
        if (!before.has(g.id)) await host.applyEdit(prefix.edit({ edit: "updateGroup", id: g.id, set: { displayName: g.displayName, mailNickname: g.mailNickname } }));
      }
    },
    expectedTarget: async () => prefix.expected(expectedTargetOf(await host.scopeSnapshot())),
  };
}
