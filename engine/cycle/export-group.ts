/**
 * One group: created without members (members follow in the membership pass), updated where it
 * differs, deleted when it leaves scope or is deleted in the source.
 */
import { attributePatch, type AttributeValue } from "../../scim/dialect";
import type { SourceGroup } from "../directory/types";
import type { MappedObject } from "../mapping/types";
import { TargetError } from "../scim-client/target-error";
import { itemKey, stagedDeletion, type CycleEnv, type ObjectResult } from "./cycle-env";
import { asTargetError, newLink } from "./export-user";
import { LogBuilder, changedProperties, createdProperties } from "./log-record";
import { diffMapped, readMapped, toScimResource } from "../mapping/index";

export interface GroupWork {
  sourceId: string;
  group: SourceGroup | null;
}

export async function exportGroup(env: CycleEnv, work: GroupWork): Promise<ObjectResult> {
  const { context, links } = env;
  const jobId = context.job.id;
  const link = links.get(jobId, "group", work.sourceId);
  const group = work.group;
  const log = new LogBuilder(
    { jobId, cycleId: env.cycleId, newId: env.newId, now: () => env.clock.now(), initiatedBy: env.initiatedBy },
    { type: "Group", sourceId: work.sourceId, sourceName: group?.displayName ?? null, targetId: link?.targetId ?? null },
  );
  const base = { item: itemKey("g", work.sourceId), kind: "group" as const, sourceId: work.sourceId };
  let action: "create" | "update" | "delete" = "update";
  try {
    const scope = group ? env.scopeOf.group(group) : null;
    if (!group || !scope!.inScope) {
      log.step("import", "success", group ? `Received group '${group.displayName}'` : `Received a hard deletion of group ${work.sourceId}`);
      if (scope) log.step("scoping", "skipped", scope.detail ?? "out of scope");
      if (!link) {
        return group ? { ...base, log: log.skipped("other", scope!.reason ?? "NotEffectivelyEntitled", scope!.detail ?? ""), counts: { skipped: 1 } } : { ...base, log: null, counts: {} };
      }
      if (env.holdDeletions) return stagedDeletion(base, log.skipped("stagedDelete", "DeletionThresholdExceeded", "the deletion is held by accidental-deletion prevention"));
      action = "delete";
      const outcome = await context.client.delete("Groups", link.targetId);
      log.step("export", "success", outcome === "deleted" ? `Group ${link.targetId} was deleted in the target` : `Group ${link.targetId} was already gone`);
      return { ...base, link: null, log: log.success("delete"), counts: { deletes: 1, exported: 1, exports: outcome === "deleted" ? 1 : 0 } };
    }
    log.step("import", "success", `Received group '${group.displayName}' from the source directory`).step("scoping", "success", "The group is in scope");
    if (env.trustSnapshot && link) {
      // Incremental: the connector data store knows the target group and what it holds.
      const wanted = groupAttributes(context.groupMapping.map(group, "update"));
      const changes = diffMapped(link.snapshot, wanted, { type: "Group" });
      log.step("matching", "success", `Group matched in the connector data store (target id ${link.targetId})`);
      if (changes.length === 0) return { ...base, log: null, counts: { entitled: 1 } };
      try {
        await context.client.patch("Groups", link.targetId, attributePatch(changes, context.dialect)!);
        log.step("export", "success", `Group ${link.targetId} was updated in the target (${changes.map((c) => c.path).join(", ")})`);
        return {
          ...base,
          link: { ...link, snapshot: { ...link.snapshot, ...wanted }, updatedAt: env.clock.now() },
          log: log.success("update", changedProperties(changes)),
          counts: { updates: 1, exported: 1, exports: 1, entitled: 1 },
        };
      } catch (error) {
        if (!(error instanceof TargetError && error.httpStatus === 404)) throw error;
        log.step("matching", "warning", `Group ${link.targetId} is gone from the target: matching again`);
      }
    }
    const match = context.groupMapping.matching(group);
    if (match.value === null || match.value === "") {
      throw new TargetError("InvalidAnchor", "anchor", `group '${group.displayName}' has no value for the matching attribute ${match.target}`);
    }
    const found = await context.client.findOne("Groups", match.target, match.value, "members");
    log.step("matching", "success", found ? `Group found in the target (id ${found.id})` : `No group in the target has ${match.target} = '${match.value}'`);
    const mapped = context.groupMapping.map(group, found ? "update" : "create");
    const attributes = groupAttributes(mapped);
    if (!found) {
      action = "create";
      const created = await context.client.create("Groups", toScimResource({ attributes, references: {} }, "Group"));
      log.setTarget(created.id).step("export", "success", `Group '${group.displayName}' was created in the target with id ${created.id}`);
      return {
        ...base,
        link: newLink("group", work.sourceId, created.id, attributes, env.clock.now(), {}),
        log: log.success("create", createdProperties(attributes)),
        counts: { creates: 1, exported: 1, exports: 1, entitled: 1 },
      };
    }
    log.setTarget(found.id);
    // Members already exported to this very target object stay known; a newly matched one starts empty.
    const members = link && link.targetId === found.id ? (link.members ?? {}) : {};
    const keep = newLink("group", work.sourceId, found.id, attributes, env.clock.now(), members);
    const changes = diffMapped(readMapped(found, Object.keys(attributes), [], "Group"), attributes, { type: "Group" });
    if (changes.length === 0) {
      log.step("export", "skipped", "The target already holds every mapped value");
      return { ...base, link: keep, log: log.skipped("update", "RedundantExport", "the target already holds every mapped value"), counts: { skipped: 1, entitled: 1 } };
    }
    await context.client.patch("Groups", found.id, attributePatch(changes, context.dialect)!);
    log.step("export", "success", `Group ${found.id} was updated in the target (${changes.map((c) => c.path).join(", ")})`);
    return { ...base, link: keep, log: log.success("update", changedProperties(changes)), counts: { updates: 1, exported: 1, exports: 1, entitled: 1 } };
  } catch (error) {
    const failure = asTargetError(error);
    return { ...base, error: failure, log: log.failure(action, failure), counts: {} };
  }
}

/** A group's mapped attributes without its references (members travel in the membership pass). */
function groupAttributes(mapped: MappedObject): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const [path, value] of Object.entries(mapped.attributes)) if (!(path in mapped.references) && path !== "members") attributes[path] = value;
  return attributes;
}
