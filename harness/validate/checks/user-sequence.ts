/**
 * The requests a provisioning client sends for one user, in one dialect, each step a check:
 * query by userName then create, read back, update only what changed, set the manager, disable,
 * delete. Bodies come from the engine's mapping and scim/dialect.ts, so they are the engine's.
 */
import type { SourceUser } from "../../../engine/directory/types";
import { SCHEMA } from "../../../scim/types";
import type { Check } from "./check-types";
import { CheckFailure } from "./check-types";
import type { CheckContext } from "./check-context";
import { answered, attr, EMPTY_LIST_FIX, expectListResponse, expectResource, expectStatus } from "./expect-response";
import { changePatch, disableRequest, ENTERPRISE_MANAGER, managerPatch, type RequestDialect } from "./request-dialect";
import { RULES } from "./rules";
import { createUser } from "./behaviour-checks";

interface SequenceUser {
  id: string;
  source: SourceUser;
}

/** What to accept, by dialect, when a PATCH of that dialect is refused. */
export function patchFix(dialect: RequestDialect): string {
  switch (dialect) {
    case "entra-2017":
      return `accept Entra's 2017 PATCH dialect: op names case-insensitively ("Add", "Replace", "Remove"), booleans as the strings "True"/"False", one operation per attribute with a path (value-path filters like emails[type eq "work"].value and extension URN paths included), member removal by {"op": "Remove", "path": "members", "value": [{"value": "<id>"}]}`;
    case "entra-2020":
      return `accept Entra's 2020 PATCH dialect (aadOptscim062020): a "replace" without path whose value object is keyed by attribute paths ("name.givenName", "urn:...:enterprise:2.0:User:department"), real booleans, member removal by path members[value eq "<id>"]`;
    default:
      return "apply RFC 7644 §3.5.2 PATCH operations (add, replace, remove with a path, value-path filters) and answer 200 with the resource or 204";
  }
}

const TEXT_BOOLEANS = new Set(["true", "false"]);

/** A status a successful write may answer with; the RFC profile is strict about it. */
function expectWrite(ctx: CheckContext, res: Parameters<typeof expectStatus>[0], strict: number, fix: string): void {
  expectStatus(res, ctx.profile === "rfc" ? [strict, ...(strict === 200 ? [204] : [])] : [200, 201, 204], fix);
  if (res.status !== strict && !(strict === 200 && res.status === 204)) ctx.warn(`${res.method} ${res.path} answered ${res.status}; RFC 7644 says ${strict}`);
}

export function userSequence(dialect: RequestDialect): Check[] {
  const key = `user:${dialect}`;
  const id = (step: string) => `users.${step}.${dialect}`;
  const label = `u-${dialect}`;
  const read = async (ctx: CheckContext, user: SequenceUser) => {
    const res = await ctx.send("GET", `/Users/${encodeURIComponent(user.id)}`);
    expectStatus(res, 200, `answer GET /Users/{id} with 200 and the user`);
    return { res, resource: expectResource(res, "answer GET /Users/{id} with the user") };
  };

  const create: Check = {
    id: id("create"),
    title: `Query by userName, then create (${dialect})`,
    group: "users",
    rule: RULES.create,
    async run(ctx) {
      const source = ctx.subjects.user(label);
      const query = await ctx.query("Users", "userName", source.userPrincipalName);
      const list = expectListResponse(query, EMPTY_LIST_FIX);
      if (list.resources.length) throw new CheckFailure(`a query for a new userName found ${list.resources.length} user(s): ${answered(query)}`, `evaluate userName eq filters`, query);
      const res = await ctx.create("Users", source.userPrincipalName, ctx.subjects.userBody(source));
      expectWrite(ctx, res, 201, `create the user from the POST body and answer 201 with it; ${res.status === 400 ? "the body is what the service sends: accept it" : "see the answer"}`);
      const created = expectResource(res, "answer POST /Users with the created user, including its id");
      if (String(attr(created, "userName")).toLowerCase() !== source.userPrincipalName.toLowerCase()) {
        throw new CheckFailure(`the created user has userName ${JSON.stringify(attr(created, "userName"))}, not "${source.userPrincipalName}"`, "store userName as sent", res);
      }
      if (!res.headers.location) ctx.warn("POST /Users answered without a Location header (RFC 7644 §3.3)");
      ctx.state.set(key, { id: created.id, source } satisfies SequenceUser);
    },
  };

  const get: Check = {
    id: id("get"),
    title: `Read back by id and by userName filter (${dialect})`,
    group: "users",
    rule: RULES.retrieve,
    needs: [create.id],
    async run(ctx) {
      const user = ctx.need<SequenceUser>(key);
      const { res, resource } = await read(ctx, user);
      if (resource.id !== user.id) throw new CheckFailure(`GET /Users/${user.id} returned id ${resource.id}`, "return the addressed resource", res);
      const diff = ctx.subjects.userChanges(resource, user.source);
      if (diff.length) {
        throw new CheckFailure(
          `the stored user differs from what was created: ${diff.map((c) => `${c.path} is ${JSON.stringify(c.oldValue)}, sent ${JSON.stringify(c.newValue)}`).join("; ")}`,
          "store every attribute of the POST body and return it on GET (the service compares them to decide what to update)",
          res,
        );
      }
      const active = attr(resource, "active");
      if (typeof active === "string" && TEXT_BOOLEANS.has(active.toLowerCase())) {
        throw new CheckFailure(`active is the string ${JSON.stringify(active)}, not a boolean`, "return active as a JSON boolean (RFC 7643 §4.1.1)", res);
      }
      const query = await ctx.query("Users", "userName", user.source.userPrincipalName);
      const list = expectListResponse(query, "answer userName eq queries with a ListResponse");
      if (list.resources.length !== 1 || list.resources[0]!.id !== user.id) {
        throw new CheckFailure(`userName eq "${user.source.userPrincipalName}" found ${list.resources.length} user(s), expected exactly the user ${user.id}: ${answered(query)}`, "return exactly the matching users; the service treats several matches as a conflict", query);
      }
    },
  };

  const update: Check = {
    id: id("update"),
    title: `Update only the changed attributes by PATCH (${dialect})`,
    group: "users",
    rule: dialect.startsWith("entra") ? RULES.entraDialects : RULES.patch,
    needs: [create.id],
    async run(ctx) {
      const user = ctx.need<SequenceUser>(key);
      const { resource } = await read(ctx, user);
      const wanted: SourceUser = { ...user.source, displayName: `Ada King (${label})`, jobTitle: "Countess", givenName: "Augusta", department: "Mathematics", mail: `${ctx.prefix}${label}.king@example.com` };
      const changes = ctx.subjects.userChanges(resource, wanted);
      const res = await ctx.send("PATCH", `/Users/${encodeURIComponent(user.id)}`, { body: changePatch(changes, dialect) });
      expectWrite(ctx, res, 200, patchFix(dialect));
      const after = await read(ctx, user);
      const left = ctx.subjects.userChanges(after.resource, wanted);
      if (left.length) {
        throw new CheckFailure(
          `the PATCH was accepted but did not apply: ${left.map((c) => `${c.path} is ${JSON.stringify(c.oldValue)}, expected ${JSON.stringify(c.newValue)}`).join("; ")}`,
          patchFix(dialect),
          after.res,
        );
      }
      ctx.state.set(key, { ...user, source: wanted });
    },
  };

  const manager: Check = {
    id: id("manager"),
    title: `Set the manager reference by PATCH (${dialect})`,
    group: "users",
    rule: RULES.manager,
    needs: [create.id],
    async run(ctx) {
      const user = ctx.need<SequenceUser>(key);
      const boss = await createUser(ctx, `m-${dialect}`);
      const body = dialect === "rfc" || dialect === "okta" ? rfcManager(boss.id) : managerPatch(boss.id, dialect);
      const res = await ctx.send("PATCH", `/Users/${encodeURIComponent(user.id)}`, { body });
      expectWrite(ctx, res, 200, `${patchFix(dialect)}; the manager's value is the manager's id`);
      const { res: got, resource } = await read(ctx, user);
      const extension = attr(resource, SCHEMA.enterpriseUser);
      const value = attr(attr(extension, "manager"), "value");
      if (value !== boss.id) {
        throw new CheckFailure(`after the PATCH the user's ${ENTERPRISE_MANAGER}.value is ${JSON.stringify(value)}, expected "${boss.id}"`, `store the enterprise manager from the PATCH and return it as {"manager": {"value": "<id>"}} under ${SCHEMA.enterpriseUser}`, got);
      }
    },
  };

  const disable: Check = {
    id: id("disable"),
    title: `Disable by PATCH active false (${dialect})`,
    group: "users",
    rule: RULES.disable,
    needs: [create.id],
    async run(ctx) {
      const user = ctx.need<SequenceUser>(key);
      const res = await ctx.send("PATCH", `/Users/${encodeURIComponent(user.id)}`, { body: disableRequest(dialect) });
      expectWrite(ctx, res, 200, dialect === "entra-2017" ? `${patchFix(dialect)}; here: {"op": "Replace", "path": "active", "value": "False"}` : patchFix(dialect));
      const { res: got, resource } = await read(ctx, user);
      const active = attr(resource, "active");
      if (active !== false) {
        throw new CheckFailure(
          `after the disable PATCH, active is ${JSON.stringify(active)}, expected false`,
          typeof active === "string" ? `store booleans sent as "True"/"False" as JSON booleans and return active as false` : "apply the replace of active",
          got,
        );
      }
    },
  };

  const remove: Check = {
    id: id("delete"),
    title: `Delete answers 204, then the user is gone (${dialect})`,
    group: "users",
    rule: RULES.delete,
    needs: [create.id],
    async run(ctx) {
      const user = ctx.need<SequenceUser>(key);
      const res = await ctx.remove("Users", user.id);
      expectWrite(ctx, res, 204, "delete the user and answer 204 No Content");
      const gone = await ctx.send("GET", `/Users/${encodeURIComponent(user.id)}`);
      expectStatus(gone, 404, "after a DELETE, GET /Users/{id} must answer 404");
      const query = await ctx.query("Users", "userName", user.source.userPrincipalName);
      const list = expectListResponse(query, EMPTY_LIST_FIX);
      if (list.resources.length) throw new CheckFailure(`the deleted user is still found by userName: ${answered(query)}`, "remove deleted users from query results", query);
    },
  };

  return [create, get, update, manager, disable, remove];
}

/** RFC 7643 §4.3 manager is complex: {value: id}. */
function rfcManager(managerId: string) {
  return { schemas: [SCHEMA.patchOp] as [typeof SCHEMA.patchOp], Operations: [{ op: "add", path: ENTERPRISE_MANAGER, value: { value: managerId } }] };
}
