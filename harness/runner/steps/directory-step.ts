import type { SourceUser } from "../../../engine/directory/types";
import type { DirectoryOp, Selector } from "../../scenario/directory-step-schema";
import type { DirectoryEdit } from "../../world/world";
import { select, selectOne } from "../selectors";
import type { StepContext, StepOutcome } from "../step-context";

/** `directory`: edits to the source directory, applied in order; selectors resolved against it first. */
export async function runDirectoryStep(ops: DirectoryOp[], ctx: StepContext): Promise<StepOutcome> {
  let edits = 0;
  for (const op of ops) {
    for (const edit of await toEdits(op, ctx)) {
      await ctx.world.directory.apply(edit);
      edits++;
    }
  }
  ctx.record("directory", { edits });
  return { detail: `${edits} directory edit${edits === 1 ? "" : "s"}` };
}

async function toEdits(op: DirectoryOp, ctx: StepContext): Promise<DirectoryEdit[]> {
  const { world } = ctx;
  const times = { now: world.clock.now(), start: ctx.start };
  const users = (selector: Selector): Promise<SourceUser[]> => world.directory.users().then((all) => select(selector, all, "user", times));
  const groups = (selector: Selector) => world.directory.groups().then((all) => select(selector, all, "group", times));
  const managerId = async (selector: Selector | null | undefined): Promise<string | null | undefined> =>
    selector === undefined ? undefined : selector === null ? null : selectOne(selector, await world.directory.users(), "user", times).id;

  if ("add" in op) {
    if ("user" in op.add) {
      const { manager, ...fields } = op.add.user;
      const id = await managerId(manager);
      return [{ edit: "createUser", user: { ...fields, ...(id !== undefined ? { managerId: id } : {}) }, assigned: op.add.assigned }];
    }
    const { members, ...fields } = op.add.group;
    const memberIds = members === undefined ? [] : (await users(members)).map((u) => u.id);
    return [{ edit: "createGroup", group: fields, memberIds, assigned: op.add.assigned }];
  }
  if ("update" in op) {
    if ("user" in op.update) {
      const { manager, ...set } = op.update.set;
      const id = await managerId(manager);
      const patch = { ...set, ...(id !== undefined ? { managerId: id } : {}) };
      return (await users(op.update.user)).map((u) => ({ edit: "updateUser", id: u.id, set: patch }));
    }
    const set = op.update.set;
    return (await groups(op.update.group)).map((g) => ({ edit: "updateGroup", id: g.id, set }));
  }
  if ("disable" in op) return (await users(op.disable)).map((u) => ({ edit: "updateUser", id: u.id, set: { accountEnabled: false } }));
  if ("enable" in op) return (await users(op.enable)).map((u) => ({ edit: "updateUser", id: u.id, set: { accountEnabled: true } }));
  if ("delete" in op) {
    const hard = op.delete.hard;
    if ("user" in op.delete) return (await users(op.delete.user)).map((u) => ({ edit: "deleteUser", id: u.id, hard }));
    return (await groups(op.delete.group)).map((g) => ({ edit: "deleteGroup", id: g.id, hard }));
  }
  if ("assign" in op || "unassign" in op) {
    const edit = "assign" in op ? "assign" : "unassign";
    const subject = "assign" in op ? op.assign : op.unassign;
    if ("user" in subject) return (await users(subject.user)).map((u) => ({ edit, id: u.id, kind: "user" as const }));
    return (await groups(subject.group)).map((g) => ({ edit, id: g.id, kind: "group" as const }));
  }
  if ("membership" in op) return membershipEdits(op.membership, users, groups);
  const g = typeof op.generate === "number" ? { users: op.generate, groups: 0, assigned: true } : op.generate;
  return [{ edit: "generate", users: g.users, groups: g.groups, assigned: g.assigned }];
}

async function membershipEdits(
  membership: Extract<DirectoryOp, { membership: unknown }>["membership"],
  users: (s: Selector) => Promise<SourceUser[]>,
  groups: (s: Selector) => Promise<Array<{ id: string }>>,
): Promise<DirectoryEdit[]> {
  const edits: DirectoryEdit[] = [];
  const targets = await groups(membership.group);
  const adding = membership.add === undefined ? [] : await users(membership.add);
  const removing = membership.remove === undefined ? [] : await users(membership.remove);
  for (const g of targets) {
    for (const u of adding) edits.push({ edit: "addMember", groupId: g.id, userId: u.id });
    for (const u of removing) edits.push({ edit: "removeMember", groupId: g.id, userId: u.id });
  }
  return edits;
}
