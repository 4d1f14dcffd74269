/**
 * The reference passes that follow users and groups: group memberships (PATCH Add/Remove members)
 * and managers that could not be resolved while their reports were exported.
 */
import { attributePatch, memberPatches, type AttributeValue } from "../../scim/dialect";
import type { SourceGroup, SourceUser } from "../directory/types";
import { itemKey, type CycleEnv, type ObjectResult } from "./cycle-env";
import { asTargetError } from "./export-user";
import { LogBuilder } from "./log-record";

/** Adds and removes the members of one provisioned group; null when nothing is to be done. */
export async function exportMembership(env: CycleEnv, group: SourceGroup): Promise<ObjectResult | null> {
  const { context, links } = env;
  const jobId = context.job.id;
  const link = links.get(jobId, "group", group.id);
  if (!link) return null;
  const current = link.members ?? {};
  const wanted: Record<string, string> = {};
  for (const memberId of group.memberIds) {
    const member = links.targetId(jobId, "user", memberId);
    if (member !== undefined) wanted[memberId] = member;
  }
  const add: string[] = [];
  const remove: string[] = [];
  for (const [memberId, targetId] of Object.entries(wanted)) if (current[memberId] !== targetId) add.push(targetId);
  let forgotten = false;
  for (const [memberId, targetId] of Object.entries(current)) {
    if (memberId in wanted) continue;
    // A member whose user was deleted from the target left the group with it: nothing to send.
    if (links.targetId(jobId, "user", memberId) !== undefined) remove.push(targetId);
    else forgotten = true;
  }
  const base = { item: itemKey("m", group.id), kind: "group" as const, sourceId: group.id };
  const updated = { ...link, members: wanted, updatedAt: env.clock.now() };
  if (add.length === 0 && remove.length === 0) return forgotten ? { ...base, link: updated, log: null, counts: {} } : null;
  const log = new LogBuilder(
    { jobId, cycleId: env.cycleId, newId: env.newId, now: () => env.clock.now(), initiatedBy: env.initiatedBy },
    { type: "Group", sourceId: group.id, sourceName: group.displayName, targetId: link.targetId },
  );
  log.step("import", "success", `Received the members of group '${group.displayName}'`)
    .step("referenceResolution", "success", `${add.length} member(s) to add, ${remove.length} to remove`);
  let sent = 0;
  try {
    for (const request of memberPatches(add, remove, context.dialect, { maxMembersPerRequest: context.job.config.client.maxMembersPerRequest })) {
      await context.client.patch("Groups", link.targetId, request);
      sent++;
    }
  } catch (error) {
    const failure = asTargetError(error);
    return { ...base, error: failure, referenceFailure: true, log: log.failure("update", failure), counts: { exports: sent } };
  }
  log.step("export", "success", `Group ${link.targetId}: added ${add.length}, removed ${remove.length} member(s)`);
  return {
    ...base,
    link: updated,
    log: log.success("update", [
      { displayName: "members", oldValue: remove.length ? `Remove: ${remove.join(", ")}` : null, newValue: add.length ? `Add: ${add.join(", ")}` : null },
    ]),
    counts: { updates: 1, exports: sent },
  };
}

/** Sets the manager reference(s) of a provisioned user to what the source says now; null when already right. */
export async function exportManager(env: CycleEnv, user: SourceUser): Promise<ObjectResult | null> {
  const { context, links } = env;
  const jobId = context.job.id;
  const link = links.get(jobId, "user", user.id);
  if (!link || context.userReferencePaths.size === 0) return null;
  const mapped = context.userMapping.map(user, "update");
  const changes: Array<{ path: string; oldValue: AttributeValue; newValue: AttributeValue }> = [];
  for (const path of context.userReferencePaths) {
    const sourceIds = mapped.references[path] ?? [];
    const target = sourceIds[0] === undefined ? null : links.targetId(jobId, "user", sourceIds[0]);
    if (target === undefined) continue; // still not provisioned: nothing to point at
    const old = link.snapshot[path] ?? null;
    if (old !== target) changes.push({ path, oldValue: old, newValue: target });
  }
  if (changes.length === 0) return null;
  const base = { item: itemKey("r", user.id), kind: "user" as const, sourceId: user.id };
  const log = new LogBuilder(
    { jobId, cycleId: env.cycleId, newId: env.newId, now: () => env.clock.now(), initiatedBy: env.initiatedBy },
    { type: "User", sourceId: user.id, sourceName: user.userPrincipalName, targetId: link.targetId },
  );
  log.step("referenceResolution", "success", `Resolved ${changes.map((c) => c.path).join(", ")}`);
  try {
    await context.client.patch("Users", link.targetId, attributePatch(changes, context.dialect)!);
  } catch (error) {
    const failure = asTargetError(error);
    return { ...base, error: failure, referenceFailure: true, log: log.failure("update", failure), counts: {} };
  }
  log.step("export", "success", `User ${link.targetId}: reference updated`);
  const snapshot = { ...link.snapshot };
  for (const c of changes) snapshot[c.path] = c.newValue;
  return {
    ...base,
    link: { ...link, snapshot, updatedAt: env.clock.now() },
    log: log.success("update", changes.map((c) => ({ displayName: c.path, oldValue: c.oldValue === null ? null : String(c.oldValue), newValue: String(c.newValue) }))),
    counts: { updates: 1, exports: 1 },
  };
}
