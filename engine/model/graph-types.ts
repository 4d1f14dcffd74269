/**
 * Microsoft Graph v1.0 shapes the engine serves, so that scripts written for Graph work against it
 * with only the base URL changed. Field names and enum spellings follow the Graph reference for
 * synchronizationJob, synchronizationStatus, synchronizationQuarantine, synchronizationSchedule,
 * synchronizationTaskExecution, synchronizationProgress and provisioningObjectSummary.
 * Timestamps are ISO 8601 strings (UTC), durations ISO 8601 (`PT40M`).
 */

export type SynchronizationStatusCode = "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine";

export type SynchronizationScheduleState = "Active" | "Disabled" | "Paused";

export type QuarantineReason =
  | "EncounteredBaseEscrowThreshold"
  | "EncounteredTotalEscrowThreshold"
  | "EncounteredEscrowProportionThreshold"
  | "EncounteredQuarantineException"
  | "QuarantinedOnDemand"
  | "TooManyDeletes"
  | "IngestionInterrupted"
  | "Unknown";

export type TaskExecutionState = "Succeeded" | "Failed" | "EntryLevelErrors";

export interface SynchronizationError {
  code: string;
  message: string;
  tenantActionable: boolean;
}

export interface SynchronizationQuarantine {
  currentBegan: string;
  /** Null when no attempt is scheduled (the job is disabled or paused). */
  nextAttempt: string | null;
  reason: QuarantineReason;
  seriesBegan: string;
  seriesCount: number;
  error: SynchronizationError | null;
}

export interface SynchronizationTaskExecution {
  activityIdentifier: string;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  error: SynchronizationError | null;
  state: TaskExecutionState;
  timeBegan: string;
  timeEnded: string;
}

export interface SynchronizationProgress {
  completedUnits: number;
  progressObservationDateTime: string;
  totalUnits: number;
  units: string;
}

export interface StringKeyLongValuePair {
  key: string;
  value: number;
}

export interface SynchronizationStatus {
  code: SynchronizationStatusCode;
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  lastExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecutionWithExports: SynchronizationTaskExecution | null;
  progress: SynchronizationProgress[];
  quarantine: SynchronizationQuarantine | null;
  steadyStateFirstAchievedTime: string | null;
  steadyStateLastAchievedTime: string | null;
  synchronizedEntryCountByType: StringKeyLongValuePair[];
  troubleshootingUrl: string | null;
  /**
   * Not in Graph (scimlab's addition): why no quarantine notification mail can go out for this
   * job now (notifications disabled, no valid recipient, mail delivery off or failing), or null.
   */
  notificationsBlocked?: string | null;
}

export interface SynchronizationSchedule {
  expiration: string | null;
  /** ISO 8601 duration, default `PT40M`. */
  interval: string;
  state: SynchronizationScheduleState;
}

export interface KeyValuePair {
  name: string;
  value: string;
}

export interface SynchronizationJob {
  id: string;
  templateId: string;
  schedule: SynchronizationSchedule;
  status: SynchronizationStatus;
  synchronizationJobSettings: KeyValuePair[];
}

/** `resetScope` flags of synchronizationJobRestartCriteria. */
export type RestartScopeFlag =
  | "None"
  | "ConnectorDataStore"
  | "Escrows"
  | "Watermark"
  | "QuarantineState"
  | "Full"
  | "ForceDeletes";

export type ProvisioningAction = "create" | "update" | "delete" | "disable" | "stagedDelete" | "other";

export type ProvisioningResult = "success" | "failure" | "skipped" | "warning";

export type ProvisioningStepType = "import" | "scoping" | "matching" | "processing" | "referenceResolution" | "export";

export interface ProvisioningErrorInfo {
  errorCode: string | null;
  errorCategory: "failure" | "nonServiceFailure" | "success" | null;
  reason: string | null;
  additionalDetails: string | null;
  recommendedAction: string | null;
}

export interface ProvisioningStatusInfo {
  status: ProvisioningResult;
  errorInformation: ProvisioningErrorInfo | null;
}

export interface ProvisioningStep {
  name: string;
  provisioningStepType: ProvisioningStepType;
  status: ProvisioningResult;
  description: string;
  details: Record<string, string>;
}

export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface ProvisionedIdentity {
  id: string | null;
  displayName: string | null;
  identityType: string;
  details: Record<string, string>;
}

export interface ProvisioningSystem {
  id: string;
  displayName: string;
  details: Record<string, string>;
}

export interface ProvisioningServicePrincipal {
  id: string;
  displayName: string;
}

export interface ProvisioningObjectSummary {
  id: string;
  activityDateTime: string;
  changeId: string;
  cycleId: string;
  durationInMilliseconds: number;
  initiatedBy: { id: string; displayName: string; initiatorType: "user" | "application" | "system" };
  jobId: string;
  modifiedProperties: ModifiedProperty[];
  provisioningAction: ProvisioningAction;
  provisioningStatusInfo: ProvisioningStatusInfo;
  provisioningSteps: ProvisioningStep[];
  servicePrincipal: ProvisioningServicePrincipal;
  sourceIdentity: ProvisionedIdentity;
  sourceSystem: ProvisioningSystem;
  targetIdentity: ProvisionedIdentity;
  targetSystem: ProvisioningSystem;
}

/** A Graph error body. */
export interface GraphErrorBody {
  error: { code: string; message: string; innerError?: { date: string; "request-id": string } };
}
