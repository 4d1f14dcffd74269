/**
 * Job events in the shape of Graph's `directoryAudit` (`GET /v1.0/auditLogs/directoryAudits`),
 * category `ProvisioningManagement`, logged by "Account Provisioning", so that scripts reading the
 * tenant's audit log read the engine's the same way.
 */
import { compileODataFilter, type FilterField } from "../logs/log-filter";
import type { EventStore } from "./event-store";
import type { JobEvent, JobEventType } from "./job-event";

export interface DirectoryAudit {
  id: string;
  category: "ProvisioningManagement";
  correlationId: string;
  result: "success" | "failure";
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: "Add" | "Update" | "Delete" | "Other";
  initiatedBy: {
    app: { appId: string | null; displayName: string; servicePrincipalId: string | null; servicePrincipalName: string | null } | null;
    user: { id: string | null; displayName: string; userPrincipalName: string | null; ipAddress: string | null } | null;
  };
  targetResources: Array<{
    id: string;
    displayName: string | null;
    type: string;
    userPrincipalName: string | null;
    groupType: string | null;
    modifiedProperties: Array<{ displayName: string; oldValue: string | null; newValue: string | null }>;
  }>;
  additionalDetails: Array<{ key: string; value: string }>;
}

export const AUDIT_CATEGORY = "ProvisioningManagement";
export const AUDIT_SERVICE = "Account Provisioning";

/** The activity name and operation type of each event type. */
const ACTIVITIES: Record<JobEventType, [string, DirectoryAudit["operationType"]]> = {
  jobCreated: ["Add provisioning configuration", "Add"],
  jobDeleted: ["Delete provisioning configuration", "Delete"],
  cycleStarted: ["Start synchronization cycle", "Other"],
  cycleEnded: ["End synchronization cycle", "Other"],
  quarantineEntered: ["Quarantine provisioning job", "Update"],
  quarantineRenewed: ["Renew provisioning quarantine", "Update"],
  quarantineReasonChanged: ["Change provisioning quarantine reason", "Update"],
  quarantineLeft: ["Lift provisioning quarantine", "Update"],
  jobDisabled: ["Disable provisioning job", "Update"],
  jobStarted: ["Start provisioning job", "Update"],
  jobPaused: ["Pause provisioning job", "Update"],
  jobRestarted: ["Restart provisioning job", "Update"],
  scheduleChanged: ["Update provisioning schedule", "Update"],
  escrowsPruned: ["Prune escrows", "Update"],
  settingsChanged: ["Update provisioning setting or credentials", "Update"],
  notificationSent: ["Send provisioning notification", "Other"],
  notificationSuppressed: ["Suppress provisioning notification", "Other"],
  notificationFailed: ["Send provisioning notification", "Other"],
  deletionsHeld: ["Hold deletions", "Update"],
  deletionsPushed: ["Push held deletions", "Update"],
  deletionsDiscarded: ["Discard held deletions", "Update"],
};

/** `$filter` properties: activityDateTime, activityDisplayName, category, loggedByService, id, operationType, result. */
const AUDIT_FIELDS: Record<string, FilterField> = {
  activitydatetime: { column: "at", type: "time" },
  activitydisplayname: { column: caseOf((t) => ACTIVITIES[t][0]), type: "string" },
  operationtype: { column: caseOf((t) => ACTIVITIES[t][1]), type: "string" },
  category: { column: `'${AUDIT_CATEGORY}'`, type: "string" },
  loggedbyservice: { column: `'${AUDIT_SERVICE}'`, type: "string" },
  id: { column: "id", type: "string" },
  result: {
    column: "CASE WHEN type = 'notificationFailed' OR (type = 'cycleEnded' AND json_extract(data, '$.outcome') = 'Failed') THEN 'failure' ELSE 'success' END",
    type: "string",
  },
};
const AUDIT_FIELD_NAMES = ["activityDateTime", "activityDisplayName", "operationType", "category", "loggedByService", "id", "result"];

export interface AuditQuery {
  filter?: string | undefined;
  /** @default 100, 1 to 1000 */
  top?: number | undefined;
  skipToken?: string | undefined;
}

export const MAX_AUDIT_PAGE = 1000;

/** Newest first, with Graph's `$filter`, `$top` and a skip token. Throws FilterSyntaxError / RangeError. */
export function queryDirectoryAudits(
  events: EventStore,
  spName: (spId: string) => string | null,
  query: AuditQuery = {},
): { value: DirectoryAudit[]; nextSkipToken?: string } {
  const top = query.top ?? 100;
  if (!Number.isInteger(top) || top < 1 || top > MAX_AUDIT_PAGE) throw new RangeError(`$top must be a whole number from 1 to ${MAX_AUDIT_PAGE}`);
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.filter !== undefined && query.filter.trim() !== "") {
    const compiled = compileODataFilter(query.filter, { fields: AUDIT_FIELDS, names: AUDIT_FIELD_NAMES });
    where.push(compiled.sql);
    params.push(...compiled.params);
  }
  if (query.skipToken !== undefined) {
    const seq = Number(query.skipToken);
    if (!Number.isInteger(seq) || seq < 0) throw new RangeError("$skiptoken is not one this API issued");
    where.push("seq < ?");
    params.push(seq);
  }
  const rows = events.select(where, params, top + 1, true);
  const page = rows.slice(0, top);
  const value = page.map((e) => toDirectoryAudit(e, spName(e.servicePrincipalId)));
  return rows.length > top ? { value, nextSkipToken: String(page[page.length - 1]!.seq) } : { value };
}

export function toDirectoryAudit(event: JobEvent, spDisplayName: string | null): DirectoryAudit {
  const [activity, operationType] = ACTIVITIES[event.type];
  const data = event.data as unknown as Record<string, unknown>;
  const failed = event.type === "notificationFailed" || (event.type === "cycleEnded" && event.data.outcome === "Failed");
  return {
    id: event.id,
    category: AUDIT_CATEGORY,
    correlationId: typeof data.cycleId === "string" ? data.cycleId : event.id,
    result: failed ? "failure" : "success",
    resultReason: resultReason(event),
    activityDisplayName: activity,
    activityDateTime: event.at,
    loggedByService: AUDIT_SERVICE,
    operationType,
    initiatedBy:
      event.initiatedBy === "operator"
        ? { app: null, user: { id: null, displayName: "scimlab engine API", userPrincipalName: null, ipAddress: null } }
        : { app: { appId: null, displayName: "scimlab provisioning engine", servicePrincipalId: null, servicePrincipalName: null }, user: null },
    targetResources: [
      {
        id: event.servicePrincipalId,
        displayName: spDisplayName,
        type: "ServicePrincipal",
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: modifiedProperties(event),
      },
    ],
    additionalDetails: [
      { key: "JobId", value: event.jobId },
      { key: "EventType", value: event.type },
      { key: "Sequence", value: String(event.seq) },
      ...Object.entries(data).map(([key, value]) => ({ key, value: typeof value === "string" ? value : JSON.stringify(value) })),
    ],
  };
}

function resultReason(event: JobEvent): string {
  switch (event.type) {
    case "cycleEnded":
      return event.data.errorMessage ?? "";
    case "notificationFailed":
      return event.data.error;
    case "notificationSuppressed":
      return event.data.because;
    default:
      return "";
  }
}

function modifiedProperties(event: JobEvent): DirectoryAudit["targetResources"][number]["modifiedProperties"] {
  const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
  switch (event.type) {
    case "scheduleChanged":
      return [{ displayName: "schedule.state", oldValue: json(event.data.from), newValue: json(event.data.to) }];
    case "quarantineEntered":
      return [
        { displayName: "status.quarantine.reason", oldValue: null, newValue: json(event.data.reason) },
        { displayName: "status.quarantine.nextAttempt", oldValue: null, newValue: json(event.data.nextAttempt) },
      ];
    case "quarantineRenewed":
      return [
        { displayName: "status.quarantine.seriesCount", oldValue: json(event.data.seriesCount - 1), newValue: json(event.data.seriesCount) },
        { displayName: "status.quarantine.nextAttempt", oldValue: null, newValue: json(event.data.nextAttempt) },
      ];
    case "quarantineReasonChanged":
      return [{ displayName: "status.quarantine.reason", oldValue: json(event.data.previousReason), newValue: json(event.data.reason) }];
    case "quarantineLeft":
      return [{ displayName: "status.quarantine.reason", oldValue: json(event.data.reason), newValue: null }];
    case "settingsChanged":
      return event.data.changed.map((name) => ({ displayName: name, oldValue: null, newValue: null }));
    default:
      return [];
  }
}

function caseOf(value: (type: JobEventType) => string): string {
  const arms = (Object.keys(ACTIVITIES) as JobEventType[]).map((t) => `WHEN '${t}' THEN '${value(t).replace(/'/g, "''")}'`);
  return `(CASE type ${arms.join(" ")} END)`;
}
