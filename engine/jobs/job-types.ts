/**
 * What a provisioning job is made of, as the engine stores it. The Graph shapes the API serves are
 * built from these (engine/model/graph-types.ts).
 */
import type { EntraDialect } from "../../scim/dialect";
import type { ObjectMapping } from "../mapping/types";
import type { QuarantineState } from "../quarantine/types";
import type {
  KeyValuePair,
  SynchronizationScheduleState,
  SynchronizationTaskExecution,
} from "../model/graph-types";

/** Who is provisioned: only users and groups assigned to the application, or everyone. */
export type ProvisioningScope = "assigned" | "all";

/** How the engine talks to the target. */
export interface ClientSettings {
  /** Objects exported in parallel. @default 16 */
  concurrency: number;
  /** Per-request timeout on the engine's clock. @default 30000 (30 s) */
  requestTimeoutMs: number;
  /** Longest `Retry-After` honoured inside a cycle; longer waits are capped. @default 60000 */
  retryAfterCapMs: number;
  /** Retries of one request answered 429 before the object is escrowed. @default 3 */
  maxRetriesOn429: number;
  /** Members per membership PATCH. @default 100 */
  maxMembersPerRequest: number;
}

/** When escrowed objects are retried (section 2 of the provisioning model). */
export interface EscrowPolicy {
  /** Retry times counted from the first failure. @default [6h, 12h, 24h] */
  retryOffsetsMs: number[];
  /** After the listed offsets, retry this often. @default 24h */
  repeatEveryMs: number;
  /** An escrow older than this (since its first failure) is dropped. @default 28 days */
  dropAfterMs: number;
}

export interface JobConfig {
  /** Graph `templateId`; the job id starts with it. @default "scim" */
  templateId: string;
  /** The SCIM dialect when the base address does not carry `aadOptscim062020`. @default "entra-2017" */
  dialect: EntraDialect;
  mappings: { user: ObjectMapping; group: ObjectMapping };
  client: ClientSettings;
  escrow: EscrowPolicy;
  /**
   * A cycle fails as a whole (no escrows, watermark kept) once this many exports in a row failed
   * because the target rejected the credentials or could not be reached, with no success yet.
   * @default 10
   */
  abortAfterConsecutiveFailures: number;
  /** Graph `synchronizationJobSettings`, kept as given. */
  settings: KeyValuePair[];
  /**
   * Quarantine rules of this job, as given (validated): they override the engine's defaults
   * field by field (docs/quarantine.md). Absent: the engine's defaults.
   */
  quarantine?: QuarantineOptions;
}

/**
 * The quarantine rules a job or the engine may set: `compileQuarantinePolicy` input without the
 * interval (the job's schedule) and the delete threshold (SyncNotificationSettings).
 */
export interface QuarantineOptions {
  /** A preset name (`entra-2019`, `entra-current`) or `{preset?, gate?, minFailures?, proportion?, combinator?, totalCap?, excludeReferenceFailures?}`. */
  threshold?: unknown;
  /** Longest wait between attempts. @default "24h" */
  backoffCap?: string | number;
  /** A series this old disables the job. @default "28d" */
  disableAfter?: string | number;
  /** "Most calls": quarantine when strictly more than this share of a cycle's calls got 401/403. @default 0.5 */
  credentialFailureShare?: number;
  /** Prune escrows and pause instead of quarantining during an initial cycle. @default false */
  pruneEscrowsOnInitial?: boolean;
}

/** The parts of Graph `synchronizationStatus` the engine persists (the rest is derived). */
export interface PersistedStatus {
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  lastExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecutionWithExports: SynchronizationTaskExecution | null;
  steadyStateFirstAchievedTime: string | null;
  steadyStateLastAchievedTime: string | null;
}

export interface JobRecord {
  id: string;
  servicePrincipalId: string;
  templateId: string;
  config: JobConfig;
  intervalMs: number;
  scheduleState: SynchronizationScheduleState;
  /** When the scheduler starts the next cycle; null when nothing is scheduled. */
  nextRunAt: number | null;
  /** Directory delta token after the last completed cycle; null means the next cycle is initial. */
  watermark: string | null;
  status: PersistedStatus;
  /** The quarantine machine's state (engine/quarantine), persisted as its JSON. */
  quarantine: QuarantineState;
  /** Restart with ForceDeletes: the next cycle exports its deletions, held or not, whatever their number. */
  forceDeletes: boolean;
  createdAt: number;
}

/**
 * Synchronization secrets of a service principal, by Graph key (`BaseAddress`, `SecretToken`,
 * `SyncAll`, `SyncNotificationSettings`, `authenticationType`, `Oauth2TokenExchangeUri`,
 * `Oauth2ClientId`, `Oauth2ClientSecret`, …).
 */
export type SecretMap = Record<string, string>;

export interface ServicePrincipalRecord {
  id: string;
  appId: string;
  displayName: string;
  secrets: SecretMap;
  createdAt: number;
}

export const EMPTY_STATUS: PersistedStatus = {
  countSuccessiveCompleteFailures: 0,
  escrowsPruned: false,
  lastExecution: null,
  lastSuccessfulExecution: null,
  lastSuccessfulExecutionWithExports: null,
  steadyStateFirstAchievedTime: null,
  steadyStateLastAchievedTime: null,
};
