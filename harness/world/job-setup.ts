import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../../common/config-error";
import type { CreateJobInput, Engine } from "../../engine/index";
import type { WorldConfig } from "./world";

/** How the engine reaches the world's target and mail catcher. */
export interface WorldWiring {
  /** The target's SCIM base URL. */
  baseUrl: string;
  /** Synchronization secrets that authenticate the engine at the target. */
  credentials: Record<string, string>;
}

type ScenarioHeader = WorldConfig["scenario"];

/**
 * The job a scenario describes (`job:`), as the engine's `createJob` takes it: interval, dialect,
 * scope (`SyncAll`), notification settings (`SyncNotificationSettings`: recipients, delete
 * threshold) and the free-form `options` passed on as they are (the engine validates them).
 */
export function jobInputOf(scenario: ScenarioHeader, wiring: WorldWiring): CreateJobInput {
  const job = scenario.job;
  const secrets: Record<string, string> = { BaseAddress: wiring.baseUrl, ...wiring.credentials };
  if (job.scope === "all") secrets.SyncAll = "true";
  const notifications = notificationSettings(scenario);
  if (notifications) secrets.SyncNotificationSettings = JSON.stringify(notifications);
  const options = (job.options ?? {}) as CreateJobInput & { quarantine?: Record<string, unknown> };
  return {
    ...options,
    // The scenario's policy is the job's escrow threshold; other quarantine rules come from `options`.
    quarantine: { threshold: job.policy, ...options.quarantine },
    displayName: scenario.name.slice(0, 120),
    interval: job.interval,
    ...(job.dialect ? { dialect: job.dialect } : {}),
    secrets,
    start: true,
  };
}

function notificationSettings(scenario: ScenarioHeader): Record<string, unknown> | undefined {
  const { notifications, deleteThreshold } = scenario.job;
  if (!notifications && deleteThreshold === undefined) return undefined;
  return {
    Enabled: notifications ? notifications.enabled : false,
    Recipients: notifications?.recipients.join(";") ?? "",
    ...(deleteThreshold !== undefined ? { DeleteThresholdEnabled: true, DeleteThresholdValue: deleteThreshold } : {}),
  };
}

/**
 * Fills the engine's source directory as the scenario says: generated users and groups (same
 * seed, same people), or a directory export loaded from a file beside the scenario; assigned to
 * the application unless `assigned: false`.
 */
export function seedDirectory(engine: Engine, servicePrincipalId: string, scenario: ScenarioHeader, seed: number | string): void {
  const { users, groups, assigned, file } = scenario.directory;
  const directory = engine.directory;
  if (file) {
    const path = resolve(scenario.file ? dirname(scenario.file) : process.cwd(), file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new ConfigError(
        [{ field: "directory.file", problem: `cannot read ${path}: ${(error as Error).message}`, fix: "give a directory export (JSON) relative to the scenario file" }],
        scenario.file,
      );
    }
    directory.importJson(json, path);
    if (assigned) {
      for (const user of directory.listUsers()) if (!directory.isAssigned(servicePrincipalId, user.id)) directory.assign(servicePrincipalId, user.id);
      for (const group of directory.listGroups()) if (!directory.isAssigned(servicePrincipalId, group.id)) directory.assign(servicePrincipalId, group.id);
    }
  }
  if (users > 0 || groups > 0) {
    directory.generate({ users, groups, seed: `${seed}/directory`, ...(assigned ? { assignTo: servicePrincipalId } : {}) });
  }
}
