import type { SourceDirectory, SourceGroup, SourceUser } from "../directory/types";
import type { CompiledMapping } from "../mapping/types";
import type { ProvisioningScope } from "../jobs/job-types";

export interface ScopeDecision {
  inScope: boolean;
  /** Entra's skip reason when out of scope. */
  reason?: "NotEffectivelyEntitled" | "ScopingFilterNotMet" | "SoftDeleted" | "MappingDisabled";
  detail?: string;
}

const IN: ScopeDecision = { inScope: true };

/**
 * Whether an object is provisioned: not soft-deleted, assigned to the application (directly or
 * through a group that is not soft-deleted) unless the scope is "all", and passing the scoping
 * filter of its mapping. Initial cycles precompute assignments once; others ask the directory.
 */
export class ScopeEvaluator {
  private constructor(
    private readonly directory: SourceDirectory,
    private readonly servicePrincipalId: string,
    private readonly scope: ProvisioningScope,
    private readonly userMapping: CompiledMapping,
    private readonly groupMapping: CompiledMapping,
    private readonly assigned: Set<string> | null,
  ) {}

  /** Asks the directory per object (few objects: incremental cycles, on demand). */
  static live(
    directory: SourceDirectory,
    servicePrincipalId: string,
    scope: ProvisioningScope,
    mappings: { user: CompiledMapping; group: CompiledMapping },
  ): ScopeEvaluator {
    return new ScopeEvaluator(directory, servicePrincipalId, scope, mappings.user, mappings.group, null);
  }

  /** Precomputes every assigned principal from the listed groups (whole-directory cycles). */
  static indexed(
    directory: SourceDirectory,
    servicePrincipalId: string,
    scope: ProvisioningScope,
    mappings: { user: CompiledMapping; group: CompiledMapping },
    groups: readonly SourceGroup[],
  ): ScopeEvaluator {
    let assigned: Set<string> | null = null;
    if (scope === "assigned") {
      assigned = new Set();
      const assignedGroups = new Set<string>();
      for (const a of directory.listAssignments(servicePrincipalId)) {
        assigned.add(a.principalId);
        if (a.principalType === "Group") assignedGroups.add(a.principalId);
      }
      for (const g of groups) {
        if (!g.softDeleted && assignedGroups.has(g.id)) for (const m of g.memberIds) assigned.add(m);
      }
    }
    return new ScopeEvaluator(directory, servicePrincipalId, scope, mappings.user, mappings.group, assigned);
  }

  user(user: SourceUser): ScopeDecision {
    if (this.userMapping.definition.enabled === false) return { inScope: false, reason: "MappingDisabled", detail: "user provisioning is disabled in the mappings" };
    if (user.softDeleted) return { inScope: false, reason: "SoftDeleted", detail: "the user is soft-deleted in the source" };
    if (!this.isAssigned(user.id)) {
      return { inScope: false, reason: "NotEffectivelyEntitled", detail: "the user is not assigned to the application" };
    }
    if (!this.userMapping.inScope(user)) {
      return { inScope: false, reason: "ScopingFilterNotMet", detail: "the user does not pass the scoping filter" };
    }
    return IN;
  }

  group(group: SourceGroup): ScopeDecision {
    if (this.groupMapping.definition.enabled === false) return { inScope: false, reason: "MappingDisabled", detail: "group provisioning is disabled in the mappings" };
    if (group.softDeleted) return { inScope: false, reason: "SoftDeleted", detail: "the group is soft-deleted in the source" };
    if (!this.isAssigned(group.id)) {
      return { inScope: false, reason: "NotEffectivelyEntitled", detail: "the group is not assigned to the application" };
    }
    if (!this.groupMapping.inScope(group)) {
      return { inScope: false, reason: "ScopingFilterNotMet", detail: "the group does not pass the scoping filter" };
    }
    return IN;
  }

  private isAssigned(principalId: string): boolean {
    if (this.scope === "all") return true;
    if (this.assigned) return this.assigned.has(principalId);
    return this.directory.isAssigned(this.servicePrincipalId, principalId);
  }
}
