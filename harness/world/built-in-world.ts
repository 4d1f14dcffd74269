import type { Target } from "../../simulator/index";
import type { EngineHost } from "./engine-host";
import { EngineWorld, openWorld, type WorldParts } from "./engine-world";
import { expectedTargetOf } from "./expected-target";
import { startWorldEngine } from "./world-engine-start";
import { startWorldTarget } from "./world-target";
import type { DirectoryEdit, World, WorldConfig, WorldDirectory, WorldTarget } from "./world";

export { LEVELS, startWorldEngine, type WorldEngineStart } from "./world-engine-start";

/**
 * The built-in world: a simulator target on port 0, the provisioning engine on its own SQLite
 * file in a temporary directory (in this process, or as a child process for `engine: process`),
 * and an SMTP catcher, all on one virtual clock. Worlds share nothing, so scenarios run in
 * parallel. `scimlab run` uses it unless `--world` names another module.
 */
export const createWorld = async (config: WorldConfig): Promise<World> => BuiltInWorld.create(config);

export class BuiltInWorld extends EngineWorld {
  readonly target: WorldTarget;
  readonly directory: WorldDirectory;

  private constructor(
    parts: WorldParts,
    readonly simulator: Target,
    host: EngineHost,
    target: WorldTarget,
    secretValues: string[],
    private readonly simulatorLines: string[],
  ) {
    super(parts, host, secretValues);
    this.target = target;
    this.directory = {
      users: () => host.users(),
      groups: () => host.groups(),
      apply: (edit: DirectoryEdit) => host.applyEdit(edit),
      expectedTarget: async () => expectedTargetOf(await host.scopeSnapshot()),
    };
  }

  static async create(config: WorldConfig): Promise<BuiltInWorld> {
    return openWorld(config, async (parts, onFailure) => {
      const { clock, dir, mail, apiToken, secrets } = parts;
      const started = await startWorldTarget(clock, config.scenario, String(config.seed), secrets);
      onFailure(() => started.simulator.close());
      const wiring = { baseUrl: started.simulator.baseUrl, credentials: started.credentials };
      const host = await startWorldEngine({ config, clock, dir, mail, wiring, apiToken });
      return new BuiltInWorld(parts, started.simulator, host, started.target, [started.secret, apiToken, mail.password], started.lines);
    });
  }

  protected override targetLines(): string[] {
    return this.simulatorLines;
  }

  protected async releaseTarget(attempt: (step: () => Promise<unknown> | void) => Promise<void>): Promise<void> {
    await attempt(() => this.simulator.close());
  }
}
