import type { SourceGroup, SourceUser } from "../../engine/directory/types";
import { matches, show } from "../expect/match";
import type { Selector } from "../scenario/directory-step-schema";
import type { MatchTimes } from "../expect/match";
import { StepFailed } from "./step-context";

/**
 * Resolves a selector against the directory: a string is a user's userPrincipalName, a group's
 * displayName, or an id; `{nth}`, `{first}`, `{last}` count in id order. Selecting nothing fails
 * the step (a selector that silently matches nothing would make the step a no-op).
 */
export function select<T extends SourceUser | SourceGroup>(
  selector: Selector,
  objects: readonly T[],
  kind: "user" | "group",
  times: MatchTimes,
): T[] {
  const sorted = [...objects].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let chosen: T[];
  if (typeof selector === "string") {
    const wanted = selector.toLowerCase();
    chosen = sorted.filter((o) => o.id === selector || nameOf(o).toLowerCase() === wanted);
  } else if ("id" in selector) chosen = sorted.filter((o) => o.id === selector.id);
  else if ("nth" in selector) chosen = sorted.slice(selector.nth, selector.nth + 1);
  else if ("first" in selector) chosen = sorted.slice(0, selector.first);
  else if ("last" in selector) chosen = sorted.slice(-selector.last);
  else if ("where" in selector) chosen = sorted.filter((o) => matches(selector.where, o, times));
  else chosen = sorted;
  if (chosen.length === 0) {
    throw new StepFailed(`no ${kind} in the directory matches ${show(selector)} (${sorted.length} ${kind}s there)`);
  }
  if (typeof selector === "object" && ("first" in selector || "last" in selector)) {
    const n = "first" in selector ? selector.first : selector.last;
    if (chosen.length < n) throw new StepFailed(`${show(selector)} asks for ${n} ${kind}s; the directory has ${sorted.length}`);
  }
  return chosen;
}

/** Exactly one object (provisionOnDemand, a manager). */
export function selectOne<T extends SourceUser | SourceGroup>(
  selector: Selector,
  objects: readonly T[],
  kind: "user" | "group",
  times: MatchTimes,
): T {
  const chosen = select(selector, objects, kind, times);
  if (chosen.length !== 1) throw new StepFailed(`${show(selector)} matches ${chosen.length} ${kind}s; this needs exactly one`);
  return chosen[0]!;
}

function nameOf(o: SourceUser | SourceGroup): string {
  return "userPrincipalName" in o ? o.userPrincipalName : o.displayName;
}
