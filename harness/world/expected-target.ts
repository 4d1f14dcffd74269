import { ScopeEvaluator } from "../../engine/cycle/scope";
import type { DirectoryJson, SourceDirectory } from "../../engine/directory/types";
import type { ProvisioningScope } from "../../engine/jobs/job-types";
import { compileMapping } from "../../engine/mapping/index";
import type { ObjectMapping } from "../../engine/mapping/types";
import type { ExpectedTarget } from "./world";

/** What decides the expected target: the directory, and the job's assignment scope and mappings. */
export interface ScopeSnapshot {
  directory: DirectoryJson;
  servicePrincipalId: string;
  scope: ProvisioningScope;
  mappings: { user: ObjectMapping; group: ObjectMapping };
}

/**
 * What the target should hold after a clean cycle, computed with the engine's own code: its
 * mapping compiler (matching attribute, the mapped `active`) and its scope evaluator (assignment,
 * scoping filters, soft deletion, disabled mappings).
 */
export function expectedTargetOf(snapshot: ScopeSnapshot): ExpectedTarget {
  const user = compileMapping(snapshot.mappings.user, { field: "mappings.user" });
  const group = compileMapping(snapshot.mappings.group, { field: "mappings.group" });
  const { users, groups, assignments } = snapshot.directory;
  // The whole-directory evaluator only asks the directory for the application's assignments.
  const assignmentsOnly = {
    listAssignments: (spId: string) => assignments.filter((a) => a.servicePrincipalId === spId),
  } as Pick<SourceDirectory, "listAssignments"> as SourceDirectory;
  const scope = ScopeEvaluator.indexed(assignmentsOnly, snapshot.servicePrincipalId, snapshot.scope, { user, group }, groups);
  const expected: ExpectedTarget = {
    userKey: user.matchingTargets[0] ?? "userName",
    users: [],
    groupKey: group.matchingTargets[0] ?? "displayName",
    groups: [],
  };
  for (const u of users) {
    if (!scope.user(u).inScope) continue;
    const key = user.matching(u).value;
    if (key === null) continue;
    expected.users.push({ key, active: user.map(u, "update").attributes.active !== false });
  }
  for (const g of groups) {
    if (!scope.group(g).inScope) continue;
    const key = group.matching(g).value;
    if (key !== null) expected.groups.push({ key });
  }
  return expected;
}
