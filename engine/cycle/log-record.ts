/**
 * Provisioning log records (Graph `provisioningObjectSummary`) for one object's processing. The
 * steps follow the service's sequence: import, scoping, matching, processing, referenceResolution,
 * export. Values of attributes appear; secrets never do (they are not attributes).
 */
import type { AttributeChange, AttributeValue } from "../../scim/dialect";
import type {
  ModifiedProperty,
  ProvisioningAction,
  ProvisioningResult,
  ProvisioningStep,
  ProvisioningStepType,
} from "../model/graph-types";
import type { StoredLogRecord } from "../logs/log-store";
import { recommendedAction, type TargetError } from "../scim-client/target-error";

export type ObjectType = "User" | "Group";

export interface LogSubject {
  type: ObjectType;
  sourceId: string;
  sourceName: string | null;
  targetId: string | null;
  targetName?: string | null;
}

export interface LogContext {
  jobId: string;
  cycleId: string;
  newId: () => string;
  now: () => number;
  initiatedBy: "system" | "user";
}

/** Collects the steps of one object's processing, then renders the record. */
export class LogBuilder {
  private readonly steps: ProvisioningStep[] = [];
  private readonly began: number;

  constructor(
    private readonly ctx: LogContext,
    private readonly subject: LogSubject,
  ) {
    this.began = ctx.now();
  }

  step(type: ProvisioningStepType, status: ProvisioningResult, description: string, details: Record<string, string> = {}): this {
    this.steps.push({ name: STEP_NAMES[type], provisioningStepType: type, status, description, details });
    return this;
  }

  setTarget(targetId: string | null): this {
    this.subject.targetId = targetId;
    return this;
  }

  success(action: ProvisioningAction, modified: ModifiedProperty[] = []): StoredLogRecord {
    return this.render(action, "success", null, modified);
  }

  skipped(action: ProvisioningAction, reason: string, detail: string): StoredLogRecord {
    return this.render(action, "skipped", { errorCode: reason, reason: detail, category: "success", action: null }, []);
  }

  failure(action: ProvisioningAction, error: TargetError, modified: ModifiedProperty[] = []): StoredLogRecord {
    this.step("export", "failure", error.message, error.httpStatus ? { StatusCode: String(error.httpStatus) } : {});
    return this.render(
      action,
      "failure",
      { errorCode: error.code, reason: error.message, category: "nonServiceFailure", action: recommendedAction(error.category), detail: error.detail },
      modified,
    );
  }

  private render(
    action: ProvisioningAction,
    status: ProvisioningResult,
    error: { errorCode: string; reason: string; category: "failure" | "nonServiceFailure" | "success"; action: string | null; detail?: string | null } | null,
    modified: ModifiedProperty[],
  ): StoredLogRecord {
    const now = this.ctx.now();
    const s = this.subject;
    return {
      id: this.ctx.newId(),
      activityDateTime: new Date(now).toISOString(),
      changeId: this.ctx.newId(),
      cycleId: this.ctx.cycleId,
      durationInMilliseconds: Math.max(0, now - this.began),
      initiatedBy:
        this.ctx.initiatedBy === "user"
          ? { id: "operator", displayName: "Provision on demand", initiatorType: "user" }
          : { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
      jobId: this.ctx.jobId,
      modifiedProperties: modified,
      provisioningAction: action,
      provisioningStatusInfo: {
        status,
        errorInformation: error
          ? {
              errorCode: error.errorCode,
              errorCategory: error.category,
              reason: error.reason,
              additionalDetails: error.detail ?? null,
              recommendedAction: error.action,
            }
          : null,
      },
      provisioningSteps: this.steps,
      sourceIdentity: { id: s.sourceId, displayName: s.sourceName, identityType: s.type, details: {} },
      targetIdentity: { id: s.targetId, displayName: s.targetName ?? s.sourceName, identityType: s.type, details: {} },
    };
  }
}

const STEP_NAMES: Record<ProvisioningStepType, string> = {
  import: "EntryImport",
  scoping: "EntrySynchronizationScoping",
  matching: "EntryImportByMatching",
  processing: "EntrySynchronizationAdd",
  referenceResolution: "EntryReferenceResolution",
  export: "EntryExportUpdate",
};

/** Modified properties of a create: every exported attribute with its new value. */
export function createdProperties(attributes: Record<string, AttributeValue>): ModifiedProperty[] {
  const out: ModifiedProperty[] = [];
  for (const path in attributes) {
    const value = attributes[path];
    if (value === null || value === undefined) continue;
    out.push({ displayName: path, oldValue: null, newValue: String(value) });
  }
  return out;
}

export function changedProperties(changes: readonly AttributeChange[]): ModifiedProperty[] {
  return changes.map((c) => ({
    displayName: c.path,
    oldValue: c.oldValue === null || c.oldValue === undefined ? null : String(c.oldValue),
    newValue: c.newValue === null ? null : String(c.newValue),
  }));
}
