import type { SourceGroup, SourceUser } from "../../engine/directory/types";
import type { ProvisioningObjectSummary, SynchronizationJob } from "../../engine/model/graph-types";
import type { ScopeSnapshot } from "./expected-target";
import type { CycleEvent, DirectoryEdit, EngineCall, RestartMode, WorldEvent } from "./world";

/**
 * The engine of a world, wherever it runs: in this process (its TypeScript API, inside
 * `clock.runUntil`) or as a child process (its HTTP API, its clock paired as a ClockPeer). Every
 * method that makes the engine work drives the world's clock until that work is done.
 */
export interface EngineHost {
  readonly jobId: string;
  readonly servicePrincipalId: string;
  runCycle(): Promise<CycleEvent>;
  nextCycleAt(): Promise<number | undefined>;
  job(): Promise<SynchronizationJob>;
  provisioningLogs(): Promise<ProvisioningObjectSummary[]>;
  call(call: EngineCall): Promise<unknown>;
  restart(mode: RestartMode): Promise<void>;
  users(): Promise<SourceUser[]>;
  groups(): Promise<SourceGroup[]>;
  applyEdit(edit: DirectoryEdit): Promise<void>;
  /** The directory and the job's scope and mappings, for the expected target. */
  scopeSnapshot(): Promise<ScopeSnapshot>;
  /** What the engine did on its own (cycles, quarantine changes), oldest first. */
  events(): Promise<WorldEvent[]>;
  /** Secrets the engine holds that the world did not give it (its API token). */
  secrets(): string[];
  /** The engine's log lines so far. */
  diagnostics(): string[];
  /** Stops the engine for good (the world's files are removed after). */
  dispose(): Promise<void>;
}
