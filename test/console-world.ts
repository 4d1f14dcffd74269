/**
 * The consoles' test world: a real simulator on loopback (admin listener with its panel), a real
 * engine in-process on the real clock with its SQLite file in a temporary directory, its embedded
 * SMTP catcher, and the engine console in front of its API, on port 0.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../engine/engine";
import { listen, type Listening } from "../engine/api/serve";
import { EngineConsole } from "../engine/console/engine-console";
import { startTarget, type Target } from "../simulator/index";
import type { SimulatorConsole } from "../simulator/console/simulator-console";

export const SCIM_TOKEN = "console-scim-token";
export const ADMIN_TOKEN = "console-admin-token";
export const API_TOKEN = "console-api-token-0123456789";
export const RECIPIENT = "ops@example.com";

export interface ConsoleWorld {
  engine: Engine;
  jobId: string;
  servicePrincipalId: string;
  target: Target;
  /** Origin of the engine's API and console. */
  engineUrl: string;
  /** Origin of the simulator's admin listener and panel. */
  panelUrl: string;
  engineConsole: EngineConsole;
  simulatorConsole: SimulatorConsole;
  close(): Promise<void>;
}

export async function startConsoleWorld(options: { users?: number; groups?: number } = {}): Promise<ConsoleWorld> {
  const target = await startTarget({ profile: "entra", tokens: [SCIM_TOKEN], adminToken: ADMIN_TOKEN, seed: "console" });
  const dataDir = mkdtempSync(join(tmpdir(), "scimlab-console-"));
  // The first quarantine mail goes out at once (default: a day later), so the mailbox has one.
  const engine = new Engine({ dataDir, seed: "console", apiToken: API_TOKEN, notifications: { quarantine: { firstAfter: "0s" } } });
  const { servicePrincipalId, jobId } = engine.createJob({
    displayName: "Contoso SCIM app",
    start: true,
    dialect: "entra-2020",
    secrets: {
      BaseAddress: target.baseUrl,
      SecretToken: SCIM_TOKEN,
      SyncNotificationSettings: JSON.stringify({ Enabled: true, Recipients: RECIPIENT, DeleteThresholdEnabled: true, DeleteThresholdValue: 500 }),
    },
  });
  engine.directory.generate({ users: options.users ?? 8, groups: options.groups ?? 2, seed: "console", assignTo: servicePrincipalId });
  const engineConsole = new EngineConsole(engine, { pollMs: 100 });
  let server: Listening | undefined;
  try {
    server = await listen(engineConsole.wrap(engine.createApp()));
    await engine.start();
  } catch (error) {
    await server?.close();
    await engine.close();
    await target.close();
    throw error;
  }
  const listening = server;
  return {
    engine,
    jobId,
    servicePrincipalId,
    target,
    engineUrl: listening.url,
    panelUrl: target.adminUrl!,
    engineConsole,
    simulatorConsole: target.console!,
    close: async () => {
      engineConsole.close();
      await listening.close();
      await engine.close();
      await target.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `check` holds, looking every 20 ms (wall time: the engine runs on the real clock). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
