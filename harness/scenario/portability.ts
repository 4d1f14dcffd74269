import type { ScenarioHeader } from "./scenario-schema";
import type { Step } from "./step-schema";

/** One reason a `portable: true` scenario cannot run against a real endpoint. */
export interface PortabilityProblem {
  path: readonly PropertyKey[];
  problem: string;
}

/** Operations whose rule filter the proxy evaluates (on the request body); on others it has no stored resource to look at. */
const FILTERABLE = new Set(["create", "replace"]);

/**
 * What a portable scenario may not do, since it runs against an endpoint scimlab does not own
 * (`scimlab run --target`, through the proxy): own the endpoint's data or lifecycle (`target`
 * steps; users or groups on the target before the first cycle), or use fault rules only a
 * simulator can evaluate (a `match.filter` on reads, updates and deletes, which the simulator
 * evaluates against the stored resource; the proxy holds none). Everything else works there: faults
 * are the proxy's rules, the target's state is read over SCIM, the journal is the proxy's.
 */
export function portabilityProblems(header: ScenarioHeader, steps: readonly Step[]): PortabilityProblem[] {
  const out: PortabilityProblem[] = [];
  const fix = "remove it, or remove portable: true";
  for (const key of ["users", "groups"] as const) {
    if (header.target[key] > 0) {
      out.push({
        path: ["target", key],
        problem: `a portable scenario runs against a real endpoint, which scimlab cannot fill before the first cycle; ${fix} (or create them in the directory)`,
      });
    }
  }
  for (const step of steps) {
    if (step.kind === "target") {
      out.push({
        path: ["steps", step.index, "target"],
        problem: `a portable scenario runs against a real endpoint, which cannot be stopped, wiped, seeded or switched; ${fix} (an outage is a fault: preset outage)`,
      });
    }
    if (step.kind === "fault" && step.fault.change === "add" && "rule" in step.fault.fault) {
      const match = step.fault.fault.rule.match as Record<string, unknown> | undefined;
      const operation = match?.operation;
      const operations = Array.isArray(operation) ? operation : operation === undefined ? [] : [operation];
      if (match?.filter !== undefined && (operations.length === 0 || operations.some((o) => !FILTERABLE.has(String(o))))) {
        out.push({
          path: ["steps", step.index, "fault", "match", "filter"],
          problem:
            "in a portable scenario a rule's filter can only look at the request body (operation: create or replace): the proxy holds no resources to evaluate it against on reads, updates and deletes; add operation: create (or replace), or match by path or id",
        });
      }
    }
  }
  return out;
}
