import { formatDuration } from "../../common/duration";
import type { InvariantName } from "../scenario/expectation-schema";
import type { EvalContext } from "./eval-context";
import type { Mismatch } from "./match";

/** At most this many offenders are listed per invariant; the count says how many there were. */
const LIST_LIMIT = 10;

export async function expectInvariants(names: InvariantName[], ctx: EvalContext): Promise<Mismatch[]> {
  const out: Mismatch[] = [];
  for (const name of names) {
    if (name === "no-duplicate-creates") out.push(...(await noDuplicateCreates(ctx)));
    else if (name === "target-matches-directory") out.push(...(await targetMatchesDirectory(ctx)));
    else out.push(...(await noSecretLeak(ctx)));
  }
  return out;
}

/**
 * No user or group was created twice on the target: successful POSTs to Users and Groups, keyed
 * by userName (users) or displayName (groups), counted since the target last lost its data (the
 * runner marks the journal's length when it wipes the target).
 */
async function noDuplicateCreates(ctx: EvalContext): Promise<Mismatch[]> {
  const wipes = ctx.harnessEvents
    .filter((e) => e.what === "target-state" && e.detail.keepData === false)
    .map((e) => Number(e.detail.journalMark ?? 0));
  const afterLastWipe = (await ctx.journal()).slice(wipes.length > 0 ? Math.max(...wipes) : 0);
  const creates = new Map<string, number[]>();
  for (const entry of afterLastWipe) {
    if (entry.method.toUpperCase() !== "POST" || entry.status < 200 || entry.status >= 300) continue;
    const body = (entry.body ?? {}) as Record<string, unknown>;
    const key =
      entry.resource === "Users"
        ? body.userName
        : entry.resource === "Groups"
          ? body.displayName
          : undefined;
    if (typeof key !== "string") continue;
    const id = `${entry.resource}/${key.toLowerCase()}`;
    creates.set(id, [...(creates.get(id) ?? []), entry.at]);
  }
  const duplicates = [...creates].filter(([, times]) => times.length > 1);
  if (duplicates.length === 0) return [];
  return [
    {
      path: "invariants.no-duplicate-creates",
      expected: "each user and group created at most once",
      actual: duplicates.slice(0, LIST_LIMIT).map(([id, times]) => ({
        resource: id,
        createdAt: times.map((t) => `T+${formatDuration(t - ctx.times.start)}`),
      })),
      problem: `${duplicates.length} object${duplicates.length === 1 ? " was" : "s were"} created more than once: ${duplicates
        .slice(0, LIST_LIMIT)
        .map(([id, times]) => `${id} ×${times.length}`)
        .join(", ")}`,
    },
  ];
}

/**
 * The target holds what the directory says, by the job's mappings and scoping: every expected user
 * once with the right `active`, every expected group once, and nothing else active.
 */
async function targetMatchesDirectory(ctx: EvalContext): Promise<Mismatch[]> {
  const expected = await ctx.world.directory.expectedTarget();
  const { users, groups } = await ctx.resources();
  const problems: string[] = [];
  const byKey = (list: Array<Record<string, unknown>>, key: string): Map<string, Array<Record<string, unknown>>> => {
    const map = new Map<string, Array<Record<string, unknown>>>();
    for (const item of list) {
      const k = String(item[key] ?? "").toLowerCase();
      map.set(k, [...(map.get(k) ?? []), item]);
    }
    return map;
  };
  const targetUsers = byKey(users, expected.userKey);
  const wantedUsers = new Set<string>();
  for (const want of expected.users) {
    const k = want.key.toLowerCase();
    wantedUsers.add(k);
    const found = targetUsers.get(k) ?? [];
    if (found.length === 0) problems.push(`user ${want.key} is missing`);
    else if (found.length > 1) problems.push(`user ${want.key} is there ${found.length} times`);
    else if ((found[0]!.active !== false) !== want.active) {
      problems.push(`user ${want.key} should be ${want.active ? "active" : "inactive"}, is ${want.active ? "inactive" : "active"}`);
    }
  }
  for (const [k, found] of targetUsers) {
    if (!wantedUsers.has(k) && found.some((u) => u.active !== false)) problems.push(`user ${String(found[0]![expected.userKey])} is active but not in scope`);
  }
  const targetGroups = byKey(groups, expected.groupKey);
  const wantedGroups = new Set<string>();
  for (const want of expected.groups) {
    const k = want.key.toLowerCase();
    wantedGroups.add(k);
    const n = targetGroups.get(k)?.length ?? 0;
    if (n === 0) problems.push(`group ${want.key} is missing`);
    else if (n > 1) problems.push(`group ${want.key} is there ${n} times`);
  }
  for (const [k, found] of targetGroups) {
    if (!wantedGroups.has(k)) problems.push(`group ${String(found[0]![expected.groupKey])} is not in scope`);
  }
  if (problems.length === 0) return [];
  return [
    {
      path: "invariants.target-matches-directory",
      expected: `${expected.users.length} users (${expected.users.filter((u) => u.active).length} active), ${expected.groups.length} groups`,
      actual: `${users.length} users (${users.filter((u) => u.active !== false).length} active), ${groups.length} groups`,
      problem: `${problems.length} difference${problems.length === 1 ? "" : "s"}: ${problems.slice(0, LIST_LIMIT).join("; ")}${
        problems.length > LIST_LIMIT ? "; …" : ""
      }`,
    },
  ];
}

/**
 * No secret of the world appears in what it shows: job status, provisioning logs, mail, the
 * target's journal, and every log line. The message names where, never the secret.
 */
async function noSecretLeak(ctx: EvalContext): Promise<Mismatch[]> {
  const secrets = ctx.world.secrets().filter((s) => s.length >= 4);
  if (secrets.length === 0) return [];
  const surfaces: Array<[string, string]> = [
    ["the job status", JSON.stringify(await ctx.job())],
    ["the provisioning logs", JSON.stringify(await ctx.logs())],
    ["the mail", JSON.stringify(await ctx.mails())],
    ["the target's journal", JSON.stringify(await ctx.journal())],
    ["the log lines", (await ctx.world.diagnostics()).join("\n")],
  ];
  const leaks: string[] = [];
  secrets.forEach((secret, i) => {
    for (const [where, text] of surfaces) {
      if (text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1))) {
        leaks.push(`secret #${i + 1} (${secret.length} characters) appears in ${where}`);
      }
    }
  });
  if (leaks.length === 0) return [];
  return [
    {
      path: "invariants.no-secret-leak",
      expected: `none of the world's ${secrets.length} secrets anywhere`,
      actual: `${leaks.length} leak${leaks.length === 1 ? "" : "s"}`,
      problem: leaks.join("; "),
    },
  ];
}
