/**
 * What the object processors of a cycle work with, and what each returns. A processor talks to
 * the target and decides; it never writes state. The cycle runner commits each ObjectResult in
 * one transaction as soon as it arrives (engine/cycle/object-commit.ts).
 */
import type { Clock } from "../../common/clock";
import type { EntraDialect } from "../../scim/dialect";
import type { SourceDirectory, SourceObjectKind } from "../directory/types";
import type { CompiledMapping } from "../mapping/types";
import type { JobRecord, ProvisioningScope, ServicePrincipalRecord } from "../jobs/job-types";
import type { StoredLogRecord } from "../logs/log-store";
import type { ScimClient } from "../scim-client/scim-client";
import type { TargetError } from "../scim-client/target-error";
import type { EscrowStore } from "../state/escrow-store";
import type { Link, LinkStore } from "../state/link-store";
import type { CycleCounts } from "./cycle-types";
import type { ScopeEvaluator } from "./scope";

/** One job, ready to provision: its records, compiled mappings and a SCIM client for its target. */
export interface JobContext {
  job: JobRecord;
  servicePrincipal: ServicePrincipalRecord;
  userMapping: CompiledMapping;
  groupMapping: CompiledMapping;
  /** Target paths of the user mapping that hold references (the manager). */
  userReferencePaths: ReadonlySet<string>;
  dialect: EntraDialect;
  scope: ProvisioningScope;
  client: ScimClient;
}

export interface CycleEnv {
  context: JobContext;
  clock: Clock;
  directory: SourceDirectory;
  links: LinkStore;
  escrows: EscrowStore;
  scopeOf: ScopeEvaluator;
  cycleId: string;
  newId: () => string;
  initiatedBy: "system" | "user";
  /**
   * Incremental processing: an object whose mapped values equal what was last exported to it is
   * skipped without asking the target (initial cycles always query the target).
   */
  trustSnapshot?: boolean;
  /** Deletions are held this cycle (accidental-deletion prevention): log them as stagedDelete only. */
  holdDeletions?: boolean;
  /**
   * Resolves once a user that is being exported in this cycle has been committed, so that its
   * reports can reference it; undefined when that user is not in flight.
   */
  awaitUser?: (sourceId: string) => Promise<void> | undefined;
}

/** The outcome of processing one work item. */
export interface ObjectResult {
  /** The work item's key in the cycle's done set (`u:<id>`, `g:<id>`, `m:<id>`, `r:<id>`). */
  item: string;
  kind: SourceObjectKind;
  sourceId: string;
  /** The new connector-data-store entry; null deletes it; undefined leaves it. */
  link?: Link | null;
  /** The failure, if the object failed (escrowed unless the cycle fails as a whole). */
  error?: TargetError;
  /** The failure was a reference update (manager, membership). */
  referenceFailure?: boolean;
  log: StoredLogRecord | null;
  counts: Partial<CycleCounts>;
  /** A reference (manager) could not be resolved yet: retry it in the reference pass. */
  deferredReference?: boolean;
}

/** The result for a delete or disable the cycle holds back instead of exporting. */
export function stagedDeletion(base: Pick<ObjectResult, "item" | "kind" | "sourceId">, log: StoredLogRecord): ObjectResult {
  return { ...base, log, counts: { skipped: 1 } };
}

export function itemKey(prefix: "u" | "g" | "m" | "r", sourceId: string): string {
  return `${prefix}:${sourceId}`;
}
