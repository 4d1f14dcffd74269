/**
 * Reads the endpoint back after a live cycle and compares it with the directory: each user found
 * once by userName with the right displayName, active flag and manager; each absent user gone;
 * each group found by displayName with exactly the expected members.
 */
import { SCHEMA } from "../../../scim/types";
import { CheckFailure } from "../checks/check-types";
import type { CheckContext } from "../checks/check-context";
import { attr } from "../checks/expect-response";
import type { Endpoint } from "../cleanup/resource-tracker";

export interface Expectation {
  users: Array<{ userName: string; displayName: string; active: boolean; managerUserName: string | null }>;
  absentUsers: string[];
  groups: Array<{ displayName: string; memberUserNames: string[] }>;
}

const SHOWN = 6;

export async function verifyEndpoint(ctx: CheckContext, expected: Expectation): Promise<void> {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const find = async (endpoint: Endpoint, attribute: string, value: string): Promise<Array<Record<string, unknown>>> => {
    const res = await ctx.query(endpoint, attribute, value, endpoint === "Groups" ? "members" : undefined);
    const resources = (res.json as { Resources?: unknown } | undefined)?.Resources;
    if (res.status !== 200 || (resources !== undefined && !Array.isArray(resources))) {
      problems.push(`${attribute} eq "${value}" answered ${res.status} without a ListResponse`);
      return [];
    }
    return (resources ?? []) as Array<Record<string, unknown>>;
  };
  const users = new Map<string, Record<string, unknown>>();
  for (const user of expected.users) {
    const found = await find("Users", "userName", user.userName);
    if (found.length !== 1) {
      problems.push(`user ${user.userName}: found ${found.length} time(s), expected once`);
      continue;
    }
    ids.set(user.userName.toLowerCase(), String(found[0]!.id));
    users.set(user.userName, found[0]!);
  }
  for (const user of expected.users) {
    const resource = users.get(user.userName);
    if (!resource) continue;
    if (attr(resource, "displayName") !== user.displayName) problems.push(`user ${user.userName}: displayName is ${JSON.stringify(attr(resource, "displayName"))}, expected "${user.displayName}"`);
    if (attr(resource, "active") !== user.active) problems.push(`user ${user.userName}: active is ${JSON.stringify(attr(resource, "active"))}, expected ${user.active}`);
    const manager = attr(attr(attr(resource, SCHEMA.enterpriseUser), "manager"), "value") ?? null;
    const wanted = user.managerUserName ? (ids.get(user.managerUserName.toLowerCase()) ?? null) : null;
    if (user.managerUserName && manager !== wanted) problems.push(`user ${user.userName}: manager is ${JSON.stringify(manager)}, expected ${JSON.stringify(wanted)} (${user.managerUserName})`);
  }
  for (const userName of expected.absentUsers) {
    const found = await find("Users", "userName", userName);
    if (found.length) problems.push(`user ${userName}: still present after its hard deletion`);
  }
  for (const group of expected.groups) {
    const found = await find("Groups", "displayName", group.displayName);
    if (found.length !== 1) {
      problems.push(`group ${group.displayName}: found ${found.length} time(s), expected once`);
      continue;
    }
    const res = await ctx.send("GET", `/Groups/${encodeURIComponent(String(found[0]!.id))}`);
    const list = attr(res.json, "members");
    const actual = (Array.isArray(list) ? list.map((m) => String(attr(m, "value"))) : []).sort();
    const wanted = group.memberUserNames.map((u) => ids.get(u.toLowerCase()) ?? `(${u}: not found)`).sort();
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`group ${group.displayName}: members are ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
  }
  if (problems.length) {
    throw new CheckFailure(
      `the endpoint does not hold what the engine provisioned: ${problems.slice(0, SHOWN).join("; ")}${problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : ""}`,
      "the engine's requests were accepted but not applied as sent: compare the PATCH and POST bodies in the exchanges with what GET returns",
    );
  }
}
