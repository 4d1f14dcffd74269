import type { Scenario } from "../scenario/scenario-schema";

/** What a child-process engine costs, in directory objects: its start (tsx) and the clock round trips. */
const PROCESS_ENGINE_WEIGHT = 5_000;

/**
 * A rough, deterministic guess of a scenario's cost, for ordering only: the objects its cycles
 * provision (directory and target users and groups, plus generated ones), once per full pass (the
 * first cycle and each restart), plus the start of a child-process engine. Real cost depends on
 * much more; this only has to put a 12,000-user threshold scenario before a 5-user one.
 */
export function scenarioWeight(scenario: Pick<Scenario, "directory" | "target" | "engine" | "steps">): number {
  let objects = scenario.directory.users + scenario.directory.groups + scenario.target.users + scenario.target.groups;
  let passes = 1;
  for (const step of scenario.steps) {
    if (step.kind === "api" && step.api.call === "restart") passes++;
    if (step.kind === "directory") {
      for (const op of step.directory as unknown[]) {
        const generate = (op as { generate?: { users?: number; groups?: number } | number }).generate;
        if (typeof generate === "number") objects += generate;
        else if (generate) objects += (generate.users ?? 0) + (generate.groups ?? 0);
      }
    }
  }
  return objects * passes + (scenario.engine === "process" ? PROCESS_ENGINE_WEIGHT : 0);
}

/**
 * The order scenarios start in on the workers: heaviest first (longest-processing-time first), so
 * that a suite's long scenarios do not start last and leave one worker running alone at the end.
 * Stable: equal weights keep their (path) order. Results are still reported in id order.
 */
export function heaviestFirst<T>(items: readonly T[], weightOf: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, weight: weightOf(item) }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((x) => x.item);
}
