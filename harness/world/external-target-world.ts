import { UsageError } from "../../common/config-error";
import type { Engine } from "../../engine/index";
import type { EngineHost } from "./engine-host";
import { EngineWorld, openWorld, type WorldParts } from "./engine-world";
import { expectedTargetOf } from "./expected-target";
import { startExternalTarget, type StartedExternalTarget } from "./external-target";
import { RunPrefix } from "./run-prefix";
import { startWorldEngine } from "./world-engine-start";
import type { DirectoryEdit, World, WorldConfig, WorldDirectory, WorldTarget } from "./world";

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
export class ExternalTargetWorld extends EngineWorld {
  readonly target: WorldTarget;
  readonly directory: WorldDirectory;

  private constructor(
    parts: WorldParts,
    readonly endpoint: StartedExternalTarget,
    host: EngineHost,
    readonly prefix: RunPrefix,
    secretValues: string[],
  ) {
    super(parts, host, secretValues, (record) => prefix.logRecord(record));
    this.target = endpoint.target;
    this.directory = prefixedDirectory(host, prefix);
  }

  static async create(config: WorldConfig): Promise<ExternalTargetWorld> {
    const endpoint = config.externalTarget;
    if (!endpoint) throw new UsageError("the external-target world needs an endpoint: run with --target URL --target-token T");
    if (!config.scenario.portable) {
      throw new UsageError(`${config.scenario.file ?? config.scenario.name}: not portable (portable: true), so it cannot run against a real endpoint`);
    }
    const prefix = RunPrefix.random(endpoint.prefix, endpoint.runId);
    return openWorld(config, async (parts, onFailure) => {
      const { clock, dir, mail, apiToken, secrets } = parts;
      const started = await startExternalTarget(clock, endpoint, prefix, String(config.seed), secrets);
      onFailure(() => started.proxy.close());
      await started.check();
      const wiring = { baseUrl: started.proxy.baseUrl, credentials: started.credentials };
      const host = await startWorldEngine({ config, clock, dir, mail, wiring, apiToken, prepare: (engine) => prefixDirectory(engine, prefix) });
      return new ExternalTargetWorld(parts, started, host, prefix, [started.secret, apiToken, mail.password]);
    });
  }

  /** After the engine stopped (nothing creates anything after): the run's objects leave the endpoint, then the proxy closes. */
  protected async releaseTarget(attempt: (step: () => Promise<unknown> | void) => Promise<void>): Promise<void> {
    await attempt(() => this.endpoint.removeRunObjects());
    await attempt(() => this.endpoint.proxy.close());
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
