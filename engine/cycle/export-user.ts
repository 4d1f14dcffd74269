/**
 * One user through the service's steps: import, scoping, matching (query before create), then
 * create, update only what differs, disable when out of scope, delete when hard-deleted.
 */
import { attributePatch, disablePatch, type AttributeChange, type AttributeValue } from "../../scim/dialect";
import { diffMapped, readMapped, toScimResource } from "../mapping/index";
import type { MappedObject } from "../mapping/types";
import type { SourceUser } from "../directory/types";
import { TargetError } from "../scim-client/target-error";
import type { Link } from "../state/link-store";
import { itemKey, stagedDeletion, type CycleEnv, type ObjectResult } from "./cycle-env";
import { LogBuilder, changedProperties, createdProperties } from "./log-record";

export interface UserWork {
  sourceId: string;
  /** Current state; null when the user is hard-deleted (or gone from the directory). */
  user: SourceUser | null;
}

export async function exportUser(env: CycleEnv, work: UserWork): Promise<ObjectResult> {
  const { context, links } = env;
  const jobId = context.job.id;
  const item = itemKey("u", work.sourceId);
  const link = links.get(jobId, "user", work.sourceId);
  const user = work.user;
  const log = new LogBuilder(
    { jobId, cycleId: env.cycleId, newId: env.newId, now: () => env.clock.now(), initiatedBy: env.initiatedBy },
    { type: "User", sourceId: work.sourceId, sourceName: user?.userPrincipalName ?? null, targetId: link?.targetId ?? null },
  );
  const base = { item, kind: "user" as const, sourceId: work.sourceId };
  let action: "create" | "update" | "delete" | "disable" = "update";
  try {
    if (!user) {
      log.step("import", "success", `Received a hard deletion of user ${work.sourceId}`);
      if (!link) return { ...base, log: null, counts: {} };
      if (env.holdDeletions) return stagedDeletion(base, log.skipped("stagedDelete", "DeletionThresholdExceeded", "the deletion is held by accidental-deletion prevention"));
      action = "delete";
      const outcome = await context.client.delete("Users", link.targetId);
      log.step("export", "success", outcome === "deleted" ? `User ${link.targetId} was deleted in the target` : `User ${link.targetId} was already gone from the target`);
      return { ...base, link: null, log: log.success("delete"), counts: { deletes: 1, exported: 1, exports: outcome === "deleted" ? 1 : 0 } };
    }
    log.step("import", "success", `Received user '${user.userPrincipalName}' from the source directory`);
    const scope = env.scopeOf.user(user);
    if (!scope.inScope) {
      log.step("scoping", "skipped", scope.detail ?? "out of scope");
      if (!link || !link.active) return { ...base, log: log.skipped("other", scope.reason ?? "NotEffectivelyEntitled", scope.detail ?? ""), counts: { skipped: 1 } };
      if (env.holdDeletions) return stagedDeletion(base, log.skipped("stagedDelete", "DeletionThresholdExceeded", "the disable is held by accidental-deletion prevention"));
      action = "disable";
      return await disableUser(env, link, base, log);
    }
    log.step("scoping", "success", "The user is in scope");
    if (env.trustSnapshot && link && link.active) {
      // Incremental: the connector data store knows the target object and what it holds.
      const mapped = context.userMapping.map(user, "update");
      const refs = await resolveManager(env, mapped.references, log);
      const changes = snapshotChanges(mapped, refs.resolved, link.snapshot);
      log.step("matching", "success", `User matched in the connector data store (target id ${link.targetId})`);
      if (changes.length === 0) {
        log.step("export", "skipped", "Every mapped value equals what was last exported");
        return { ...base, log: log.skipped("update", "RedundantExport", "every mapped value equals what was last exported"), counts: { skipped: 1, entitled: 1 }, deferredReference: refs.deferred };
      }
      if (env.holdDeletions && disables(changes)) return heldDisable(base, log);
      const updated = await patchUser(env, link.targetId, changes, base, log, newLink("user", work.sourceId, link.targetId, snapshotOf(mapped, refs.resolved), env.clock.now()), refs.deferred);
      if (updated) return updated;
      log.step("matching", "warning", `User ${link.targetId} is gone from the target: matching again`);
    }
    const match = context.userMapping.matching(user);
    if (match.value === null || match.value === "") {
      throw new TargetError("InvalidAnchor", "anchor", `user '${user.userPrincipalName}' has no value for the matching attribute ${match.target}`);
    }
    const found = await context.client.findOne("Users", match.target, match.value);
    log.step("matching", "success", found ? `User found in the target (${match.target} = '${match.value}', id ${found.id})` : `No user in the target has ${match.target} = '${match.value}'`);
    const mapped = context.userMapping.map(user, found ? "update" : "create");
    const refs = await resolveManager(env, mapped.references, log);
    if (!found) {
      action = "create";
      const present: Record<string, string[]> = {};
      for (const [path, ids] of Object.entries(refs.resolved)) if (ids.length > 0) present[path] = ids;
      const created = await context.client.create("Users", toScimResource(mapped, "User", { references: present }));
      log.setTarget(created.id).step("export", "success", `User '${user.userPrincipalName}' was created in the target with id ${created.id}`);
      const snapshot = snapshotOf(mapped, refs.resolved);
      return {
        ...base,
        link: newLink("user", work.sourceId, created.id, snapshot, env.clock.now()),
        log: log.success("create", createdProperties(snapshot)),
        counts: { creates: 1, exported: 1, exports: 1, entitled: 1 },
        deferredReference: refs.deferred,
      };
    }
    log.setTarget(found.id);
    const current = readMapped(found, Object.keys(mapped.attributes), Object.keys(refs.resolved), "User");
    const changes = diffMapped(current, mapped, { type: "User" });
    for (const [path, ids] of Object.entries(refs.resolved)) {
      const want = ids[0] ?? null;
      const have = current.references[path]?.[0] ?? null;
      if (want !== have) changes.push({ path, oldValue: have, newValue: want });
    }
    const keep = newLink("user", work.sourceId, found.id, snapshotOf(mapped, refs.resolved), env.clock.now());
    if (changes.length === 0) {
      log.step("export", "skipped", "The target already holds every mapped value");
      return { ...base, link: keep, log: log.skipped("update", "RedundantExport", "the target already holds every mapped value"), counts: { skipped: 1, entitled: 1 }, deferredReference: refs.deferred };
    }
    action = disables(changes) ? "disable" : "update";
    if (action === "disable" && env.holdDeletions && link?.active) return heldDisable(base, log);
    await context.client.patch("Users", found.id, attributePatch(changes, context.dialect)!);
    return updatedResult(found.id, changes, base, log, keep, refs.deferred);
  } catch (error) {
    const failure = asTargetError(error);
    return { ...base, error: failure, log: log.failure(action, failure), counts: {} };
  }
}

/**
 * PATCHes a user by its stored target id; null when the target answers 404 (the caller matches
 * again and creates it anew).
 */
async function patchUser(
  env: CycleEnv,
  targetId: string,
  changes: AttributeChange[],
  base: Pick<ObjectResult, "item" | "kind" | "sourceId">,
  log: LogBuilder,
  link: Link,
  deferred: boolean,
): Promise<ObjectResult | null> {
  try {
    await env.context.client.patch("Users", targetId, attributePatch(changes, env.context.dialect)!);
  } catch (error) {
    if (error instanceof TargetError && error.httpStatus === 404) return null;
    throw error;
  }
  return updatedResult(targetId, changes, base, log, link, deferred);
}

function updatedResult(
  targetId: string,
  changes: AttributeChange[],
  base: Pick<ObjectResult, "item" | "kind" | "sourceId">,
  log: LogBuilder,
  link: Link,
  deferred: boolean,
): ObjectResult {
  const disabling = disables(changes);
  log.step("export", "success", `User ${targetId} was updated in the target (${changes.map((c) => c.path).join(", ")})`);
  return {
    ...base,
    link,
    log: log.success(disabling ? "disable" : "update", changedProperties(changes)),
    counts: { [disabling ? "disables" : "updates"]: 1, exported: 1, exports: 1, entitled: 1 },
    deferredReference: deferred,
  };
}

/** `PATCH … Replace active False` on a user that left scope; a target object gone already is forgotten. */
async function disableUser(env: CycleEnv, link: Link, base: Pick<ObjectResult, "item" | "kind" | "sourceId">, log: LogBuilder): Promise<ObjectResult> {
  try {
    await env.context.client.patch("Users", link.targetId, disablePatch(env.context.dialect));
  } catch (error) {
    if (error instanceof TargetError && error.httpStatus === 404) {
      log.step("export", "skipped", `User ${link.targetId} no longer exists in the target`);
      return { ...base, link: null, log: log.skipped("disable", "EntryNotFound", "the target object is gone"), counts: { skipped: 1 } };
    }
    throw error;
  }
  log.step("export", "success", `User ${link.targetId} was disabled in the target (active = false)`);
  return {
    ...base,
    link: { ...link, active: false, snapshot: { ...link.snapshot, active: false }, updatedAt: env.clock.now() },
    log: log.success("disable", [{ displayName: "active", oldValue: "True", newValue: "False" }]),
    counts: { disables: 1, exported: 1, exports: 1 },
  };
}

/**
 * Resolves the manager reference(s) to target ids (waiting for a manager exported right now): a
 * path maps to `[targetId]`, or `[]` when the source has no manager. A manager not provisioned
 * yet is left out and reported `deferred`, so that the reference pass sets it later.
 */
async function resolveManager(
  env: CycleEnv,
  references: Record<string, string[]>,
  log: LogBuilder,
): Promise<{ resolved: Record<string, string[]>; deferred: boolean }> {
  const resolved: Record<string, string[]> = {};
  let deferred = false;
  for (const [path, sourceIds] of Object.entries(references)) {
    if (!env.context.userReferencePaths.has(path)) continue;
    const managerId = sourceIds[0];
    if (managerId === undefined) {
      resolved[path] = [];
      continue;
    }
    let managerTarget = env.links.targetId(env.context.job.id, "user", managerId);
    if (managerTarget === undefined) {
      const inflight = env.awaitUser?.(managerId);
      if (inflight) {
        await inflight;
        managerTarget = env.links.targetId(env.context.job.id, "user", managerId);
      }
    }
    if (managerTarget !== undefined) {
      resolved[path] = [managerTarget];
      log.step("referenceResolution", "success", `Resolved ${path} to target id ${managerTarget}`);
    } else {
      deferred = true;
      log.step("referenceResolution", "warning", `${path}: the referenced user ${managerId} is not provisioned yet`);
    }
  }
  return { resolved, deferred };
}

/** What the connector data store remembers of an export: mapped values plus reference target ids. */
export function snapshotOf(mapped: MappedObject, resolved: Record<string, string[]>): Record<string, AttributeValue> {
  const snapshot: Record<string, AttributeValue> = { ...mapped.attributes };
  for (const path in resolved) snapshot[path] = resolved[path]![0] ?? null;
  return snapshot;
}

/** Differences between what the source wants now and what was last exported (no target call). */
export function snapshotChanges(mapped: MappedObject, resolved: Record<string, string[]>, snapshot: Record<string, AttributeValue>): AttributeChange[] {
  const changes = diffMapped(snapshot, mapped.attributes, { type: "User" });
  for (const [path, ids] of Object.entries(resolved)) {
    const want = ids[0] ?? null;
    const have = (snapshot[path] as string | null | undefined) ?? null;
    if (want !== have) changes.push({ path, oldValue: have, newValue: want });
  }
  return changes;
}

/** Whether the changes turn the target user inactive (a disable, whatever else changes with it). */
function disables(changes: AttributeChange[]): boolean {
  return changes.some((c) => c.path === "active" && isFalse(c.newValue));
}

/**
 * A user still in scope whose mapping now sets `active` false (disabled in the source) is a
 * disable like leaving scope is, so accidental-deletion prevention holds it too (model section 6:
 * deletes plus disables); the watermark stays, and the next cycle plans it again.
 */
function heldDisable(base: Pick<ObjectResult, "item" | "kind" | "sourceId">, log: LogBuilder): ObjectResult {
  return stagedDeletion(base, log.skipped("stagedDelete", "DeletionThresholdExceeded", "the disable is held by accidental-deletion prevention"));
}

function isFalse(value: AttributeValue): boolean {
  return value === false || (typeof value === "string" && value.toLowerCase() === "false");
}

export function newLink(kind: Link["kind"], sourceId: string, targetId: string, attributes: Record<string, AttributeValue>, now: number, members: Link["members"] = null): Link {
  return { kind, sourceId, targetId, active: !isFalse(attributes.active ?? true), snapshot: attributes, members, updatedAt: now };
}

export function asTargetError(error: unknown): TargetError {
  if (error instanceof TargetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TargetError("InternalEngineError", "badRequest", `the engine could not process the object: ${message}`);
}
