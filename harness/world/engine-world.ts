import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecretRegistry } from "../../common/redact";
import { VirtualClock } from "../../common/virtual-clock";
import type { EngineHost } from "./engine-host";
import { MailBox } from "./mail-box";
import { memoryLogger } from "./memory-logger";
import { LEVELS } from "./world-engine-start";
import { worldClockOf } from "./world-clock";
import type { ProvisioningObjectSummary } from "../../engine/model/graph-types";
import type { EngineCall, MailMessage, RestartMode, World, WorldClock, WorldConfig, WorldDirectory, WorldEngine, WorldEvent, WorldTarget } from "./world";

/** What every world that drives the engine owns apart from its target: a directory, a clock, a catcher. */
export interface WorldParts {
  dir: string;
  clock: VirtualClock;
  secrets: SecretRegistry;
  mail: MailBox;
  mailLines: string[];
  apiToken: string;
}

/**
 * Opens the parts, then builds the world with `build`; when anything fails on the way, every step
 * registered with `onFailure` (newest first) and the parts are released before the error is rethrown.
 */
export async function openWorld<W>(config: WorldConfig, build: (parts: WorldParts, onFailure: (undo: () => Promise<unknown> | void) => void) => Promise<W>): Promise<W> {
  const dir = mkdtempSync(join(tmpdir(), "scimlab-world-"));
  const cleanup: Array<() => Promise<unknown> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const clock = new VirtualClock({ start: config.start, ioPrefix: "world-io" });
    const mailLog = memoryLogger("mail", LEVELS.mail);
    const mail = new MailBox(clock, mailLog.logger);
    await mail.start();
    cleanup.unshift(() => mail.stop());
    const apiToken = `engine-${randomBytes(16).toString("hex")}`;
    const secrets = new SecretRegistry();
    secrets.add(apiToken, mail.password);
    return await build({ dir, clock, secrets, mail, mailLines: mailLog.lines, apiToken }, (undo) => cleanup.unshift(undo));
  } catch (error) {
    for (const step of cleanup) await Promise.resolve(step()).catch(() => undefined);
    throw error;
  }
}

/**
 * A world whose engine is an {@link EngineHost}: mail, events, secrets, diagnostics and disposal
 * are the same whatever the target is; subclasses give the target, the directory view and how
 * the target is released.
 */
export abstract class EngineWorld implements World {
  readonly clock: WorldClock;
  readonly engine: WorldEngine;
  abstract readonly target: WorldTarget;
  abstract readonly directory: WorldDirectory;
  readonly virtualClock: VirtualClock;

  protected constructor(
    protected readonly parts: WorldParts,
    readonly host: EngineHost,
    private readonly secretValues: string[],
    /** How the provisioning log reads to the scenario (the external world strips its run prefix). */
    logView: (record: ProvisioningObjectSummary) => ProvisioningObjectSummary = (record) => record,
  ) {
    this.virtualClock = parts.clock;
    this.clock = worldClockOf(parts.clock);
    this.engine = {
      runCycle: () => host.runCycle(),
      nextCycleAt: () => host.nextCycleAt(),
      job: () => host.job(),
      provisioningLogs: async () => (await host.provisioningLogs()).map(logView),
      call: (call: EngineCall) => host.call(call),
      restart: (mode: RestartMode) => host.restart(mode),
    };
  }

  /** Releases the target after the engine has stopped (nothing writes to it any more). */
  protected abstract releaseTarget(attempt: (step: () => Promise<unknown> | void) => Promise<void>): Promise<void>;

  /** The target's own log lines, shown with the engine's and the catcher's when a scenario fails. */
  protected targetLines(): string[] {
    return [];
  }

  async mails(): Promise<MailMessage[]> {
    return this.parts.mail.messages();
  }

  events(): Promise<WorldEvent[]> {
    return this.host.events();
  }

  secrets(): readonly string[] {
    return [...new Set([...this.secretValues, ...this.host.secrets()].filter((s) => s !== ""))];
  }

  async diagnostics(): Promise<string[]> {
    return [...this.host.diagnostics(), ...this.targetLines(), ...this.parts.mailLines];
  }

  /** Stops the engine first, then the target, the catcher and the directory; throws the first failure after trying them all. */
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
    await this.releaseTarget(attempt);
    await attempt(() => this.parts.mail.stop());
    await attempt(() => rmSync(this.parts.dir, { recursive: true, force: true }));
    if (errors.length > 0) throw errors[0];
  }
}
