import type { z } from "zod";

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into the few that explain the problem. A union that fails reports every
 * branch's complaints; the author meant one branch, so pick the branch that got furthest (the
 * value had the right type and the fewest wrong or missing fields) and explain its issues instead.
 * When no branch stands out, the union's own message (which lists the accepted forms) is kept.
 * Parse with `{reportInput: true}` so that a missing field can be told from a wrong one.
 */
export function explainIssues(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Issue[] {
  const explained = issues.flatMap((issue) => explain(issue, prefix));
  // An unknown field says it all; a refinement complaining about the same object only adds noise.
  const unknownAt = new Set(explained.filter((i) => i.code === "unrecognized_keys").map((i) => pathKey(i.path)));
  return explained.filter((i) => i.code !== "custom" || !unknownAt.has(pathKey(i.path)));
}

function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join("\u0000");
}

function explain(issue: Issue, prefix: readonly PropertyKey[]): Issue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== "invalid_union" || !("errors" in issue) || issue.errors.length === 0) {
    return [{ ...issue, path }];
  }
  const scored = issue.errors
    .map((branch) => ({ branch, score: score(branch) }))
    .filter((b) => Number.isFinite(b.score))
    .sort((a, b) => a.score - b.score);
  const [best, second] = scored;
  if (best && (!second || best.score < second.score)) {
    return best.branch.flatMap((inner) => explain(inner, path));
  }
  return [{ ...issue, path }];
}

/** Lower is closer. Infinity: the value is not even of this branch's type. */
function score(branch: readonly Issue[]): number {
  let total = 0;
  for (const issue of branch) {
    if (issue.path.length === 0) {
      if (issue.code === "invalid_type" || issue.code === "invalid_value") return Infinity;
      if (issue.code === "unrecognized_keys") total += 2 * issue.keys.length;
      else total += 1;
    } else if (issue.path.length === 1 && issue.code === "invalid_type" && !("input" in issue && issue.input !== undefined)) {
      total += 2; // a required field of this branch is missing
    } else {
      total += 1 / (1 + issue.path.length); // deeper complaints mean the outer shape fitted
    }
  }
  return total;
}
