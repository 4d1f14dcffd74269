import type { NewGroup, NewUser, SourceGroup, SourceUser } from "../../engine/directory/types";
import type { ObjectMapping, ScopingFilter } from "../../engine/mapping/types";
import type {
  ProvisioningObjectSummary,
  QuarantineReason,
  RestartScopeFlag,
  SynchronizationJob,
  SynchronizationScheduleState,
} from "../../engine/model/graph-types";
import type { ScimResource } from "../../scim/types";
import type { FaultInput, TargetProfile } from "../scenario/engine-step-schemas";
import type { Scenario } from "../scenario/scenario-schema";
import type { ExternalTarget } from "./external-target";

/**
 * The world of one scenario: a SCIM target (simulator), a provisioning engine, a mail catcher and a
 * source directory, all on one virtual clock. The runner only talks to this interface; the
 * built-in implementation wires the simulator and the engine, and unit tests use a scripted fake.
 *
 * Times are epoch milliseconds on the world's virtual clock. Every method that makes the engine do
 * something (a cycle, an API call, a restart) drives the clock itself until that work is done and
 * resolves then; between steps, time moves only through {@link WorldClock.advanceTo}.
 *
 * Pairing the clock, for implementations: engine, simulator and catcher share one VirtualClock.
 * With the engine in process, call its services directly inside `clock.runUntil(work)` (not over
 * HTTP: the harness's own request would be I/O the clock cannot see); the engine's outbound HTTP
 * goes through `clock.io` with the IO_HEADER, and the simulator sleeps `onBehalfOf` it. With the
 * engine in a child process (`--clock controlled`), attach a ClockPeer over its clock endpoint
 * (`clock.attachPeer`, io ids prefixed so they never collide) and pass the same peers to
 * `worldClockOf`, so that `nextDueAt` sees the engine's timers.
 */
export interface World {
  readonly clock: WorldClock;
  readonly engine: WorldEngine;
  readonly target: WorldTarget;
  readonly directory: WorldDirectory;
  /** Mail the catcher received, oldest first. */
  mails(): Promise<MailMessage[]>;
  /** What the engine did that the runner did not ask for directly, oldest first (see {@link WorldEvent}). */
  events(): Promise<WorldEvent[]>;
  /**
   * Secret values live in this world (target token or client secret, engine API token, SMTP
   * password). The no-secret-leak invariant searches for them, and every report is scrubbed of
   * them. They are never printed.
   */
  secrets(): readonly string[];
  /** Text the world's parts emitted so far (log lines of engine, simulator, catcher). */
  diagnostics(): Promise<string[]>;
  /** Stops everything and removes the world's files. Called once, also after a failure. */
  dispose(): Promise<void>;
}

/** Creates a world for one scenario. A world module exports it as `createWorld`. */
export type WorldFactory = (config: WorldConfig) => Promise<World>;

/** What a world is built from: the scenario's header, with the effective seed and start. */
export interface WorldConfig {
  scenario: Pick<Scenario, "name" | "directory" | "target" | "job" | "engine" | "portable" | "file">;
  /** The effective seed (`--seed`, else the scenario's, else 1). */
  seed: number | string;
  /** The virtual start time. */
  start: number;
  /**
   * A real endpoint to run against instead of a simulator (`scimlab run --target`); only the
   * external-target world (harness/world/external-target-world.ts) honours it.
   */
  externalTarget?: ExternalTarget;
}

/**
 * Time control. Implementations over the harness's VirtualClock: `now` and `advanceTo` are the
 * clock's; `nextDueAt` is the earliest timer of the clock and of any attached peer (an engine in
 * a child process).
 */
export interface WorldClock {
  now(): number;
  /** When the next timer anywhere in the world is due, if any. */
  nextDueAt(): Promise<number | undefined>;
  /** Moves time to `t`, firing every timer due on the way and letting its work settle. */
  advanceTo(t: number): Promise<void>;
}

export type RestartMode = "graceful" | "crash" | "kill";

export interface WorldEngine {
  /** Starts one cycle of the job now and resolves with it once it ended. */
  runCycle(): Promise<CycleEvent>;
  /**
   * When the job's next cycle will start: the schedule's next run, or `quarantine.nextAttempt`
   * while quarantined; undefined when none will (paused, disabled, not configured).
   */
  nextCycleAt(): Promise<number | undefined>;
  /** The job in Graph's shape (`GET …/synchronization/jobs/{id}`). */
  job(): Promise<SynchronizationJob>;
  /** Every provisioning log record so far, oldest first (`GET /auditLogs/provisioning`). */
  provisioningLogs(): Promise<ProvisioningObjectSummary[]>;
  /**
   * Calls the engine's API. Resolves with the API's answer (provisionOnDemand: the log record;
   * validateCredentials: a {@link CredentialCheck}) once the mail the call owes at once was delivered.
   */
  call(call: EngineCall): Promise<unknown>;
  /**
   * Restarts the engine on the same state: graceful (stop, then start), crash (the engine object is
   * abandoned without any cleanup, a new one opens the same files), kill (SIGKILL of the engine's
   * child process, then a new one; only with `engine: process`). Resolves when the engine is up.
   */
  restart(mode: RestartMode): Promise<void>;
}

export type EngineCall =
  | { call: "start" }
  | { call: "pause" }
  | { call: "quarantine" }
  | { call: "restart"; resetScope: RestartScopeFlag[] }
  | { call: "provisionOnDemand"; subject: { kind: "user" | "group"; id: string } }
  /** The connection test; resolves with a {@link CredentialCheck} (a rejection by the target is an answer, not an error). */
  | { call: "validateCredentials"; credentials: "saved" | Record<string, string> }
  | { call: "mapping"; mapping: ObjectMapping }
  | { call: "scoping"; object: "User" | "Group"; filter: ScopingFilter };

/** The answer to validateCredentials: accepted, or the engine's Graph error (as `POST …/validateCredentials` answers it). */
export type CredentialCheck = { ok: true } | { ok: false; status: number; code: string; message: string };

export interface WorldTarget {
  /** Installs a fault rule or expands a preset; resolves with the ids of the rules installed. */
  addFault(fault: FaultInput): Promise<string[]>;
  /** Removes one rule (or every rule a preset installed under that id). */
  removeFault(id: string): Promise<void>;
  /** Removes every fault rule. */
  resetFaults(): Promise<void>;
  /** Stops (clients see connection refused) or starts the target, keeping or wiping its data. */
  setState(state: "down" | "up", keepData: boolean): Promise<void>;
  /** Adds seeded users and groups directly to the target (not through the engine). */
  seed(options: { users: number; groups: number; seed: number | string }): Promise<void>;
  /** Switches the target's compatibility profile. */
  setProfile(profile: TargetProfile): Promise<void>;
  /** What the target stores now, read beside the SCIM API (faults do not apply). */
  resources(): Promise<{ users: ScimResource[]; groups: ScimResource[] }>;
  /** Every request the target received, oldest first. */
  journal(): Promise<JournalEntry[]>;
}

export interface WorldDirectory {
  /** Every user that is not hard-deleted, in id order. */
  users(): Promise<SourceUser[]>;
  groups(): Promise<SourceGroup[]>;
  apply(edit: DirectoryEdit): Promise<void>;
  /**
   * What the target should hold once a cycle has run without failures, by the job's mappings and
   * scoping: the users and groups in scope, keyed by the target's matching attribute, with the
   * `active` each user should have. Objects not listed should be absent or inactive on the target.
   */
  expectedTarget(): Promise<ExpectedTarget>;
}

/** A directory edit on objects already chosen by id (the runner resolves selectors). */
export type DirectoryEdit =
  | { edit: "createUser"; user: NewUser; assigned: boolean }
  | { edit: "createGroup"; group: NewGroup; memberIds: string[]; assigned: boolean }
  | { edit: "updateUser"; id: string; set: Partial<Omit<SourceUser, "id">> }
  | { edit: "updateGroup"; id: string; set: Partial<Pick<SourceGroup, "displayName" | "mailNickname" | "description">> }
  | { edit: "deleteUser"; id: string; hard: boolean }
  | { edit: "deleteGroup"; id: string; hard: boolean }
  | { edit: "assign"; id: string; kind: "user" | "group" }
  | { edit: "unassign"; id: string; kind: "user" | "group" }
  | { edit: "addMember"; groupId: string; userId: string }
  | { edit: "removeMember"; groupId: string; userId: string }
  | { edit: "generate"; users: number; groups: number; assigned: boolean };

export interface ExpectedTarget {
  /** The matching attribute of users on the target (`userName` by default). */
  userKey: string;
  users: Array<{ key: string; active: boolean }>;
  /** The matching attribute of groups (`displayName` by default). */
  groupKey: string;
  groups: Array<{ key: string }>;
}

/** One request the target received. */
export interface JournalEntry {
  at: number;
  method: string;
  /** The path below the SCIM base path, e.g. `/Users/2819c223`. */
  path: string;
  /** `Users`, `Groups`, `Bulk`, `ServiceProviderConfig`, `Token`, … */
  resource: string;
  /** create, read, query, replace, update, delete, bulk, token (as the simulator classifies it). */
  operation?: string;
  /** The response status; 0 when the connection was reset or never answered. */
  status: number;
  /** The id of the fault rule that fired, if one did. */
  rule?: string;
  /** The parsed request body, if any (secrets already redacted). */
  body?: unknown;
  latencyMs?: number;
}

export interface MailMessage {
  at: number;
  /** quarantine, reason-changed, disabled, deletions-held (the engine's notification kinds). */
  kind: string;
  from: string;
  to: string[];
  subject: string;
  messageId?: string;
  text?: string;
}

/** What the engine did, seen from outside. */
export type WorldEvent = CycleEvent | QuarantineEvent | ScheduleEvent;

export interface CycleEvent {
  type: "cycle";
  /** When the cycle began. */
  at: number;
  endedAt: number;
  cycleId: string;
  initial: boolean;
  /** The execution's state, or Interrupted for a cycle cut short by a crash or kill. */
  outcome: "Succeeded" | "Failed" | "EntryLevelErrors" | "Interrupted";
  exported: number;
  escrowed: number;
  /** The error of a failed cycle (already redacted). */
  error?: string;
}

export interface QuarantineEvent {
  type: "quarantine";
  at: number;
  /** entered: a series began; renewed: a re-evaluation kept it; reason-changed; left: the series ended. */
  change: "entered" | "renewed" | "reason-changed" | "left";
  reason: QuarantineReason;
  /** `quarantine.nextAttempt` after the change (absent on left). */
  nextAttemptAt?: number;
  seriesCount?: number;
}

export interface ScheduleEvent {
  type: "schedule";
  at: number;
  /** The job's schedule state after the change (Disabled after four weeks in quarantine). */
  state: SynchronizationScheduleState;
}
