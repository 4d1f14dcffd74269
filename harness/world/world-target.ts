import { randomBytes } from "node:crypto";
import type { SecretRegistry } from "../../common/redact";
import type { VirtualClock } from "../../common/virtual-clock";
import { startTarget, type Target, type TargetOptions } from "../../simulator/index";
import { JournalRecorder } from "./journal-recorder";
import { memoryLogger } from "./memory-logger";
import { WorldFaults } from "./world-faults";
import type { WorldConfig, WorldTarget } from "./world";

/** The simulator's log level in a world: warnings, not a line per request. */
const LOG_LEVEL = "warn";

export interface StartedTarget {
  simulator: Target;
  /** The scenario's view of it: faults, state, seed, profile, stored resources, the whole journal. */
  target: WorldTarget;
  /** The token or OAuth client secret the engine authenticates with. */
  secret: string;
  /** Synchronization secrets that authenticate the engine at this target. */
  credentials: Record<string, string>;
  /** The simulator's log lines. */
  lines: string[];
}

/**
 * Starts the world's simulator target on loopback, port 0, with the scenario's profile, seed,
 * pre-seeded users and groups and auth (a bearer token, or OAuth client credentials whose tokens
 * expire on the world's clock). Its own bounded journal is off: the world records every request.
 */
export async function startWorldTarget(
  clock: VirtualClock,
  scenario: WorldConfig["scenario"],
  seed: string,
  secrets: SecretRegistry,
): Promise<StartedTarget> {
  const auth = targetAuth(scenario.target);
  // The logger scrubs with the target's own secret registry, as `scimlab simulate` does.
  const holder: { simulator?: Target } = {};
  const log = memoryLogger("target", LOG_LEVEL, (line) => holder.simulator?.secrets.scrub(line) ?? line);
  const simulator = await startTarget({
    clock,
    profile: scenario.target.profile,
    ...auth.options,
    seed: `${seed}/target`,
    seedUsers: scenario.target.users,
    seedGroups: scenario.target.groups,
    journalSize: 0,
    logger: log.logger,
  });
  holder.simulator = simulator;
  secrets.add(auth.secret);
  const journal = new JournalRecorder(simulator, secrets);
  const faults = new WorldFaults(simulator);
  const target: WorldTarget = {
    addFault: async (fault) => faults.add(fault),
    removeFault: async (id) => faults.remove(id),
    resetFaults: async () => faults.reset(),
    setState: async (state, keepData) => {
      if (state === "down") {
        await simulator.stop({ keepData });
        return;
      }
      if (!keepData) simulator.store.clear();
      await simulator.start();
    },
    seed: async ({ users, groups, seed: dataSeed }) => {
      simulator.store.seed({ users, groups, seed: String(dataSeed) });
    },
    setProfile: async (profile) => {
      simulator.profile = profile;
    },
    resources: async () => ({ users: simulator.store.listUsers(), groups: simulator.store.listGroups() }),
    journal: async () => journal.entries(),
  };
  return { simulator, target, secret: auth.secret, credentials: auth.credentials(simulator), lines: log.lines };
}

/** How the engine authenticates at the world's target. */
function targetAuth(target: WorldConfig["scenario"]["target"]): {
  options: Pick<TargetOptions, "tokens" | "oauth">;
  secret: string;
  credentials: (simulator: Target) => Record<string, string>;
} {
  const secret = `${target.auth === "oauth" ? "client-secret" : "target-token"}-${randomBytes(16).toString("hex")}`;
  if (target.auth !== "oauth") return { options: { tokens: [secret] }, secret, credentials: () => ({ SecretToken: secret }) };
  const clientId = "scimlab-world";
  return {
    options: { oauth: { clientId, clientSecret: secret, ...(target.tokenTtl !== undefined ? { tokenTtl: target.tokenTtl } : {}) } },
    secret,
    credentials: (simulator) => ({
      authenticationType: "OAuth2ClientCredentialsGrant",
      Oauth2TokenExchangeUri: simulator.tokenUrl,
      Oauth2ClientId: clientId,
      Oauth2ClientSecret: secret,
    }),
  };
}
