/**
 * What a cycle will process. Initial: every source user and group, plus connector-data-store
 * entries whose source is gone (deleted). Incremental: the changes since the watermark. Both: the
 * escrows due for a retry. Users are ordered managers first so that reports can reference them.
 */
import type { SourceDirectory, SourceGroup, SourceUser } from "../directory/types";
import type { EscrowStore } from "../state/escrow-store";
import type { LinkStore } from "../state/link-store";
import type { CycleKind } from "./cycle-types";
import type { JobContext } from "./cycle-env";
import type { GroupWork } from "./export-group";
import type { UserWork } from "./export-user";
import { ScopeEvaluator } from "./scope";

export interface CyclePlan {
  kind: CycleKind;
  /** The directory's watermark this cycle brings the job to. */
  targetWatermark: string;
  users: UserWork[];
  groups: GroupWork[];
  /** Groups whose members are reconciled after users and groups. */
  membershipGroups: SourceGroup[];
  scope: ScopeEvaluator;
  imported: number;
  importedDeltas: number;
  importedReferenceDeltas: number;
}

export interface PlanInput {
  context: JobContext;
  directory: SourceDirectory;
  links: LinkStore;
  escrows: EscrowStore;
  kind: CycleKind;
  /** The watermark incremental changes are read from. */
  baseWatermark: string | null;
  /** Keep this target watermark (a resumed cycle); otherwise the directory's current one. */
  targetWatermark: string | null;
  now: number;
}

export function planCycle(input: PlanInput): CyclePlan {
  const plan = input.kind === "initial" || input.baseWatermark === null ? planInitial(input) : planIncremental(input, input.baseWatermark);
  addDueEscrows(input, plan);
  return plan;
}

function planInitial(input: PlanInput): CyclePlan {
  const { context, directory, links } = input;
  const jobId = context.job.id;
  // Captured before reading: whatever changes while the cycle runs is picked up by the next one.
  const targetWatermark = input.targetWatermark ?? directory.watermark();
  const users = directory.listUsers();
  const groups = directory.listGroups();
  const scope = ScopeEvaluator.indexed(directory, context.servicePrincipal.id, context.scope, { user: context.userMapping, group: context.groupMapping }, groups);
  const userIds = new Set(users.map((u) => u.id));
  const groupIds = new Set(groups.map((g) => g.id));
  const userWork: UserWork[] = managersFirst(users).map((user) => ({ sourceId: user.id, user }));
  for (const id of links.sourceIds(jobId, "user")) if (!userIds.has(id)) userWork.push({ sourceId: id, user: null });
  const groupWork: GroupWork[] = groups.map((group) => ({ sourceId: group.id, group }));
  for (const id of links.sourceIds(jobId, "group")) if (!groupIds.has(id)) groupWork.push({ sourceId: id, group: null });
  return {
    kind: "initial",
    targetWatermark,
    users: userWork,
    groups: groupWork,
    membershipGroups: groups,
    scope,
    imported: users.length + groups.length,
    importedDeltas: 0,
    importedReferenceDeltas: 0,
  };
}

function planIncremental(input: PlanInput, base: string): CyclePlan {
  const { context, directory } = input;
  const page = directory.changesSince(base);
  const users: SourceUser[] = [];
  const userWork: UserWork[] = [];
  const groupWork: GroupWork[] = [];
  const membershipGroups: SourceGroup[] = [];
  let referenceDeltas = 0;
  for (const change of page.changes) {
    if (change.kind === "user") {
      if (change.hardDeleted) userWork.push({ sourceId: change.id, user: null });
      else users.push(change.object as SourceUser);
    } else if (change.hardDeleted) {
      groupWork.push({ sourceId: change.id, group: null });
    } else {
      const group = change.object as SourceGroup;
      groupWork.push({ sourceId: group.id, group });
      membershipGroups.push(group);
      referenceDeltas++;
    }
  }
  userWork.unshift(...managersFirst(users).map((user) => ({ sourceId: user.id, user })));
  return {
    kind: "incremental",
    targetWatermark: input.targetWatermark ?? page.watermark,
    users: userWork,
    groups: groupWork,
    membershipGroups,
    scope: ScopeEvaluator.live(directory, context.servicePrincipal.id, context.scope, { user: context.userMapping, group: context.groupMapping }),
    imported: page.changes.length,
    importedDeltas: page.changes.length,
    importedReferenceDeltas: referenceDeltas,
  };
}

/** Escrows due for a retry join the work, unless the object is in it already. */
function addDueEscrows(input: PlanInput, plan: CyclePlan): void {
  const due = input.escrows.due(input.context.job.id, input.now);
  if (due.length === 0) return;
  const users = new Set(plan.users.map((w) => w.sourceId));
  const groups = new Set(plan.groups.map((w) => w.sourceId));
  const members = new Set(plan.membershipGroups.map((g) => g.id));
  for (const escrow of due) {
    if (escrow.kind === "user" && !users.has(escrow.sourceId)) {
      plan.users.push({ sourceId: escrow.sourceId, user: input.directory.getUser(escrow.sourceId) ?? null });
      users.add(escrow.sourceId);
    } else if (escrow.kind === "group") {
      const group = input.directory.getGroup(escrow.sourceId) ?? null;
      if (!groups.has(escrow.sourceId)) {
        plan.groups.push({ sourceId: escrow.sourceId, group });
        groups.add(escrow.sourceId);
      }
      if (group && !members.has(group.id)) {
        plan.membershipGroups.push(group);
        members.add(group.id);
      }
    }
  }
}

/** Users ordered so that every manager comes before its reports (manager loops keep source order). */
export function managersFirst(users: readonly SourceUser[]): SourceUser[] {
  const byId = new Map(users.map((u) => [u.id, u]));
  const depth = new Map<string, number>();
  const depthOf = (user: SourceUser): number => {
    const known = depth.get(user.id);
    if (known !== undefined) return known;
    const chain: SourceUser[] = [];
    const onChain = new Set<string>();
    let cursor: SourceUser | undefined = user;
    while (cursor && !depth.has(cursor.id) && !onChain.has(cursor.id)) {
      chain.push(cursor);
      onChain.add(cursor.id);
      cursor = cursor.managerId ? byId.get(cursor.managerId) : undefined;
    }
    let d = cursor && depth.has(cursor.id) ? depth.get(cursor.id)! + 1 : 0;
    for (let i = chain.length - 1; i >= 0; i--) depth.set(chain[i]!.id, d++);
    return depth.get(user.id)!;
  };
  const keyed = users.map((user, index) => ({ user, index, depth: depthOf(user) }));
  keyed.sort((a, b) => a.depth - b.depth || a.index - b.index);
  return keyed.map((k) => k.user);
}

/**
 * Deletes plus disables (users and groups) the plan would export: what deletion prevention counts.
 * A disable is a provisioned, active user that leaves scope, or that stays in scope while its
 * mapping now sets `active` false (`disabledByMapping`, e.g. accountEnabled false in the source).
 */
export function countPlannedDeletions(
  plan: CyclePlan,
  links: LinkStore,
  jobId: string,
  disabledByMapping: (user: SourceUser) => boolean = () => false,
): number {
  const users = links.activeMap(jobId, "user");
  const groups = links.activeMap(jobId, "group");
  let count = 0;
  for (const w of plan.users) {
    const active = users.get(w.sourceId);
    if (active === undefined) continue;
    if (!w.user) count++;
    else if (active && (!plan.scope.user(w.user).inScope || disabledByMapping(w.user))) count++;
  }
  for (const w of plan.groups) {
    if (groups.has(w.sourceId) && (!w.group || !plan.scope.group(w.group).inScope)) count++;
  }
  return count;
}
