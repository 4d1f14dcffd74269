/**
 * The requests a provisioning client sends for one group, in one dialect: query by displayName
 * (members excluded) then create without members, rename, add members, remove one, delete.
 */
import type { Check } from "./check-types";
import { CheckFailure } from "./check-types";
import type { CheckContext } from "./check-context";
import { answered, attr, EMPTY_LIST_FIX, expectListResponse, expectResource, expectStatus } from "./expect-response";
import { changePatch, memberRequests, removalForm, type RequestDialect } from "./request-dialect";
import { RULES } from "./rules";
import { createUser } from "./behaviour-checks";
import { patchFix } from "./user-sequence";

interface SequenceGroup {
  id: string;
  displayName: string;
  members: string[];
}

export function groupSequence(dialect: RequestDialect): Check[] {
  const key = `group:${dialect}`;
  const id = (step: string) => `groups.${step}.${dialect}`;
  const read = async (ctx: CheckContext, group: SequenceGroup) => {
    const res = await ctx.send("GET", `/Groups/${encodeURIComponent(group.id)}`);
    expectStatus(res, 200, "answer GET /Groups/{id} with 200 and the group");
    return { res, resource: expectResource(res, "answer GET /Groups/{id} with the group") };
  };
  const members = (resource: Record<string, unknown>): string[] => {
    const list = attr(resource, "members");
    return Array.isArray(list) ? list.map((m) => String(attr(m, "value"))).sort() : [];
  };
  const strictStatus = (ctx: CheckContext, strict: number) => (ctx.profile === "rfc" ? (strict === 200 ? [200, 204] : [strict]) : [200, 201, 204]);

  const create: Check = {
    id: id("create"),
    title: `Query by displayName without members, then create without members (${dialect})`,
    group: "groups",
    rule: RULES.create,
    async run(ctx) {
      const source = ctx.subjects.group(`g-${dialect}`);
      const query = await ctx.query("Groups", "displayName", source.displayName, "members");
      const list = expectListResponse(query, EMPTY_LIST_FIX);
      if (list.resources.length) throw new CheckFailure(`a query for a new displayName found ${list.resources.length} group(s): ${answered(query)}`, "evaluate displayName eq filters", query);
      const res = await ctx.create("Groups", source.displayName, ctx.subjects.groupBody(source));
      expectStatus(res, strictStatus(ctx, 201), "create the group from the POST body (no members yet) and answer 201 with it");
      const created = expectResource(res, "answer POST /Groups with the created group, including its id");
      if (attr(created, "displayName") !== source.displayName) {
        throw new CheckFailure(`the created group has displayName ${JSON.stringify(attr(created, "displayName"))}, not "${source.displayName}"`, "store displayName as sent", res);
      }
      ctx.state.set(key, { id: created.id, displayName: source.displayName, members: [] } satisfies SequenceGroup);
    },
  };

  const rename: Check = {
    id: id("update"),
    title: `Rename by PATCH (${dialect})`,
    group: "groups",
    rule: dialect.startsWith("entra") ? RULES.entraDialects : RULES.patch,
    needs: [create.id],
    async run(ctx) {
      const group = ctx.need<SequenceGroup>(key);
      const displayName = `${group.displayName}-renamed`;
      const res = await ctx.send("PATCH", `/Groups/${encodeURIComponent(group.id)}`, {
        body: changePatch([{ path: "displayName", oldValue: group.displayName, newValue: displayName }], dialect),
      });
      expectStatus(res, strictStatus(ctx, 200), patchFix(dialect));
      ctx.tracker.renamed("Groups", group.id, displayName);
      const { res: got, resource } = await read(ctx, group);
      if (attr(resource, "displayName") !== displayName) {
        throw new CheckFailure(`after the PATCH displayName is ${JSON.stringify(attr(resource, "displayName"))}, expected "${displayName}"`, patchFix(dialect), got);
      }
      ctx.state.set(key, { ...group, displayName });
    },
  };

  const addMembers: Check = {
    id: id("members-add"),
    title: `Add members by PATCH with a value array (${dialect})`,
    group: "groups",
    rule: RULES.groupMembers,
    needs: [create.id],
    async run(ctx) {
      const group = ctx.need<SequenceGroup>(key);
      const a = await createUser(ctx, `gm1-${dialect}`);
      const b = await createUser(ctx, `gm2-${dialect}`);
      for (const body of memberRequests([a.id, b.id], [], dialect)) {
        const res = await ctx.send("PATCH", `/Groups/${encodeURIComponent(group.id)}`, { body });
        expectStatus(res, strictStatus(ctx, 200), `${patchFix(dialect)}; members are added with {"op": "${dialect === "entra-2017" ? "Add" : "add"}", "path": "members", "value": [{"value": "<user id>"}]}`);
      }
      const { res, resource } = await read(ctx, group);
      const expected = [a.id, b.id].sort();
      if (JSON.stringify(members(resource)) !== JSON.stringify(expected)) {
        throw new CheckFailure(`after adding two members the group holds ${JSON.stringify(members(resource))}, expected ${JSON.stringify(expected)}`, "apply member adds and return members as [{\"value\": \"<id>\"}] on GET", res);
      }
      ctx.state.set(key, { ...group, members: expected });
    },
  };

  const removeMember: Check = {
    id: id("members-remove"),
    title: `Remove a member (${dialect === "entra-2017" ? "value array" : "path filter"} form, ${dialect})`,
    group: "groups",
    rule: RULES.groupMembers,
    needs: [addMembers.id],
    async run(ctx) {
      const group = ctx.need<SequenceGroup>(key);
      const [gone, stays] = group.members as [string, string];
      for (const body of memberRequests([], [gone], dialect)) {
        const res = await ctx.send("PATCH", `/Groups/${encodeURIComponent(group.id)}`, { body });
        expectStatus(res, strictStatus(ctx, 200), `${patchFix(dialect)}; this dialect removes a member with ${removalForm(dialect)}`);
      }
      const { res, resource } = await read(ctx, group);
      if (JSON.stringify(members(resource)) !== JSON.stringify([stays])) {
        throw new CheckFailure(`after removing ${gone} the group holds ${JSON.stringify(members(resource))}, expected ["${stays}"]`, `remove exactly the member named by ${removalForm(dialect)}`, res);
      }
    },
  };

  const remove: Check = {
    id: id("delete"),
    title: `Delete answers 204, then the group is gone (${dialect})`,
    group: "groups",
    rule: RULES.delete,
    needs: [create.id],
    async run(ctx) {
      const group = ctx.need<SequenceGroup>(key);
      const res = await ctx.remove("Groups", group.id);
      expectStatus(res, strictStatus(ctx, 204), "delete the group and answer 204 No Content");
      const gone = await ctx.send("GET", `/Groups/${encodeURIComponent(group.id)}`);
      expectStatus(gone, 404, "after a DELETE, GET /Groups/{id} must answer 404");
    },
  };

  return [create, rename, addMembers, removeMember, remove];
}
