import type { ScimResource } from "../../scim/types";
import type { TargetExpectation } from "../scenario/expectation-schema";
import type { Expected } from "../scenario/matcher";
import type { EvalContext } from "./eval-context";
import { matches, matchValue, show, toPlain, type Mismatch } from "./match";

/**
 * `target`: what the SCIM target stores. A user without an `active` attribute counts as active
 * (SCIM's default reading); userName (users) and displayName (groups) compare case-insensitively,
 * as SCIM compares them.
 */
export async function expectTarget(expectation: TargetExpectation, ctx: EvalContext): Promise<Mismatch[]> {
  const { users, groups } = await ctx.resources();
  const out: Mismatch[] = [];
  if (expectation.users !== undefined) {
    const spec = normalise(expectation.users);
    if (spec.count !== undefined) matchValue(spec.count, users.length, "target.users.count", ctx.times, out);
    if (spec.active !== undefined) {
      matchValue(spec.active, users.filter((u) => u.active !== false).length, "target.users.active", ctx.times, out);
    }
    if (spec.inactive !== undefined) {
      matchValue(spec.inactive, users.filter((u) => u.active === false).length, "target.users.inactive", ctx.times, out);
    }
    checkPresence(spec, users, "target.users", "userName", ctx, out);
  }
  if (expectation.groups !== undefined) {
    const spec = normalise(expectation.groups);
    if (spec.count !== undefined) matchValue(spec.count, groups.length, "target.groups.count", ctx.times, out);
    checkPresence(spec, groups, "target.groups", "displayName", ctx, out);
  }
  return out;
}

interface PresenceSpec {
  count?: Expected;
  active?: Expected;
  inactive?: Expected;
  include?: Array<{ [key: string]: Expected }>;
  exclude?: Array<{ [key: string]: Expected }>;
}

function normalise(value: NonNullable<TargetExpectation["users"]>): PresenceSpec {
  if (typeof value === "number" || !isPlainSpec(value)) return { count: value as Expected };
  return value as PresenceSpec;
}

function isPlainSpec(value: object): boolean {
  return ["count", "active", "inactive", "include", "exclude"].some((k) => k in value);
}

function checkPresence(
  spec: PresenceSpec,
  resources: ScimResource[],
  path: string,
  nameKey: string,
  ctx: EvalContext,
  out: Mismatch[],
): void {
  const fits = (partial: { [key: string]: Expected }, r: ScimResource): boolean => {
    const named = partial[nameKey];
    if (typeof named !== "string") return matches(partial, r, ctx.times);
    const { [nameKey]: _name, ...rest } = partial;
    return String(r[nameKey]).toLowerCase() === named.toLowerCase() && matches(rest, r, ctx.times);
  };
  spec.include?.forEach((partial, i) => {
    if (resources.some((r) => fits(partial, r))) return;
    const named = partial[nameKey];
    const sameName = typeof named === "string" ? resources.find((r) => String(r[nameKey]).toLowerCase() === named.toLowerCase()) : undefined;
    const detail: Mismatch[] = [];
    if (sameName && typeof named === "string") {
      const { [nameKey]: _name, ...rest } = partial;
      matchValue(rest, sameName, `${path}.include[${i}]`, ctx.times, detail);
    }
    out.push({
      path: `${path}.include[${i}]`,
      expected: toPlain(partial),
      actual: sameName ? pick(sameName, Object.keys(partial)) : `${resources.length} stored, none matching`,
      problem: sameName
        ? `${nameKey} ${show(named)} is there but differs: ${detail.map((d) => `${d.path.slice(`${path}.include[${i}].`.length)} ${d.problem}`).join("; ")}`
        : `no ${path.endsWith("users") ? "user" : "group"} on the target matches`,
    });
  });
  spec.exclude?.forEach((partial, i) => {
    const found = resources.filter((r) => fits(partial, r));
    if (found.length === 0) return;
    out.push({
      path: `${path}.exclude[${i}]`,
      expected: toPlain(partial),
      actual: found.slice(0, 3).map((r) => pick(r, ["id", nameKey, ...Object.keys(partial)])),
      problem: `${found.length} on the target match${found.length === 1 ? "es" : ""}, expected none`,
    });
  });
}

function pick(resource: ScimResource, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in resource).map((k) => [k, resource[k]]));
}
