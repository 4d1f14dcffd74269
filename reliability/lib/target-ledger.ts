/**
 * What the target saw, kept outside its bounded journal: every create (by userName or group
 * displayName) and its answer, so a duplicate create anywhere in a long run is found.
 */
import type { Target } from "../../simulator/index";

export interface TargetLedger {
  /** userName (lower-cased) -> 201 answers to POST /Users. */
  userCreates: Map<string, number>;
  /** Group displayName (lower-cased) -> 201 answers to POST /Groups. */
  groupCreates: Map<string, number>;
  /** Creates answered 409 (the engine tried to create what existed). */
  conflicts: string[];
  requests: number;
}

export function recordCreates(target: Target): TargetLedger {
  const ledger: TargetLedger = { userCreates: new Map(), groupCreates: new Map(), conflicts: [], requests: 0 };
  const done = target.hooks.done;
  target.hooks.done = (exchange, response, kind) => {
    ledger.requests++;
    const path = exchange.path.toLowerCase();
    if (exchange.req.method === "POST" && (path === "/users" || path === "/groups") && response) {
      const body = (exchange.body ?? {}) as { userName?: unknown; displayName?: unknown };
      const name = String(path === "/users" ? body.userName : body.displayName).toLowerCase();
      const map = path === "/users" ? ledger.userCreates : ledger.groupCreates;
      if (response.status === 201) map.set(name, (map.get(name) ?? 0) + 1);
      if (response.status === 409) ledger.conflicts.push(`${path} ${name}`);
    }
    done?.(exchange, response, kind);
  };
  return ledger;
}

/** Names created more than once. */
export function duplicateCreates(ledger: TargetLedger): string[] {
  return [...ledger.userCreates, ...ledger.groupCreates].filter(([, n]) => n > 1).map(([name, n]) => `${name} x${n}`);
}
