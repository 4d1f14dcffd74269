import { join } from "node:path";
import type { VirtualClock } from "../../common/virtual-clock";
import type { SourceGroup, SourceUser } from "../../engine/directory/types";
import type { DirectoryJson } from "../../engine/directory/types";
import type { ObjectMapping } from "../../engine/mapping/types";
import type { ProvisioningObjectSummary, SynchronizationJob } from "../../engine/model/graph-types";
import type { CycleOutcome } from "../../engine/index";
import { cycleEventOf, factsOfOutcome } from "./cycle-events";
import type { SmtpConfig } from "../../engine/notifications/index";
import type { NotificationConfigInput } from "../../engine/notifications/notification-config";
import type { NotificationRecord } from "../../engine/notifications/notification-record";
import { validateCredentialsBody } from "./credential-check";
import { EngineApiClient, EngineApiError } from "./engine-api-client";
import { EngineClockPeer } from "./engine-clock-peer";
import type { EngineHost } from "./engine-host";
import { spawnEngine, type EngineProcess } from "./engine-process";
import type { ScopeSnapshot } from "./expected-target";
import type { JobEvent } from "../../engine/events/job-event";
import { setControlledClockStart } from "./controlled-clock-start";
import { JobEventFeed } from "./job-events";
import { graphLogPages, LogReader } from "./log-reader";
import { notificationFlagsOf } from "./notification-options";
import type { CredentialCheck, CycleEvent, DirectoryEdit, EngineCall, RestartMode, WorldEvent } from "./world";

export interface ProcessEngineOptions {
  clock: VirtualClock;
  /** The prepared state directory (`engine.sqlite` in it holds the job). */
  dataDir: string;
  seed: string;
  apiToken: string;
  jobId: string;
  servicePrincipalId: string;
  scope: "assigned" | "all";
  logLevel: string;
  /** Where the child sends mail (the world's catcher). */
  smtp: SmtpConfig;
  /** The scenario's engine-wide notification options, passed as `--mail-…` flags. */
  notifications?: NotificationConfigInput | undefined;
}

/** The prefix of a child engine's I/O ids (engine/service.ts, `--clock controlled`). */
const CHILD_IO_PREFIX = "engine-io-";

/** Wall-clock limit for a child to stop after SIGTERM before it is killed. */
const STOP_LIMIT_MS = 15_000;

/** Wall-clock limit for the child to pick up work the harness sent it. */
const PICKUP_LIMIT_MS = 10_000;

/**
 * The engine as a child process (`scimlab engine --clock controlled`), driven over its HTTP API.
 * Its clock is paired with the world's as a ClockPeer (io ids `engine-io-…`, the world's are
 * `world-io-…`), so its timers count and its requests to the target hold the world until they are
 * answered or the target sleeps on their behalf. `kill` is a real SIGKILL; the next child opens
 * the same state file and resumes where the killed one was.
 */
export class ProcessEngine implements EngineHost {
  readonly jobId: string;
  readonly servicePrincipalId: string;
  private process!: EngineProcess;
  private api!: EngineApiClient;
  private detach: () => void = () => undefined;
  private readonly lines: string[] = [];
  private readonly feed: JobEventFeed;
  private readonly log: WorldEvent[] = [];
  private readonly logs: LogReader;
  private generated = 0;

  private constructor(private readonly options: ProcessEngineOptions) {
    this.jobId = options.jobId;
    this.servicePrincipalId = options.servicePrincipalId;
    this.feed = new JobEventFeed(async (since) =>
      (await this.api.get<{ value: JobEvent[] }>(`/_engine/events?jobId=${encodeURIComponent(this.jobId)}&since=${since}&limit=10000`)).value,
    );
    this.logs = new LogReader(graphLogPages((path) => this.api.get(path)));
  }

  static async start(options: ProcessEngineOptions): Promise<ProcessEngine> {
    const host = new ProcessEngine(options);
    await host.launch();
    return host;
  }

  /** The child's process id (tests kill it from outside). */
  get pid(): number | undefined {
    return this.process.child.pid;
  }

  async runCycle(): Promise<CycleEvent> {
    const request = this.api.post<{ outcome: CycleOutcome }>(`/_engine/jobs/${this.jobId}/cycles`);
    const { outcome } = await this.drive(request, async () => (await this.job()).status.progress.length > 0);
    await this.settleMail();
    return cycleEventOf(factsOfOutcome(outcome));
  }

  async nextCycleAt(): Promise<number | undefined> {
    if ((await this.job()).status.progress.length > 0) return this.options.clock.now();
    const { nextCycleAt } = await this.api.get<{ nextCycleAt: string | null }>(`/_engine/jobs/${this.jobId}/quarantine`);
    return nextCycleAt === null ? undefined : Date.parse(nextCycleAt);
  }

  job(): Promise<SynchronizationJob> {
    return this.api.get(this.jobPath());
  }

  provisioningLogs(): Promise<ProvisioningObjectSummary[]> {
    return this.logs.all();
  }

  async call(call: EngineCall): Promise<unknown> {
    if (call.call === "validateCredentials") return this.validateCredentials(call.credentials);
    const answer = await this.callApi(call);
    await this.settleMail();
    return answer;
  }

  private async callApi(call: Exclude<EngineCall, { call: "validateCredentials" }>): Promise<unknown> {
    switch (call.call) {
      case "start":
      case "pause":
        await this.api.post(`${this.jobPath()}/${call.call}`);
        return undefined;
      case "quarantine":
        return this.api.post(`/_engine/jobs/${this.jobId}/quarantine`, {});
      case "restart":
        await this.api.post(`${this.jobPath()}/restart`, { criteria: { resetScope: call.resetScope.join(", ") } });
        return undefined;
      case "provisionOnDemand": {
        const subjects = [{ objectId: call.subject.id, objectTypeName: call.subject.kind === "user" ? "User" : "Group" }];
        const request = this.api.post<{ value: string }>(`${this.jobPath()}/provisionOnDemand`, { parameters: [{ subjects }] });
        const answer = await this.drive(request, async () => (await this.peer().inflightIo()).length > 0);
        return (JSON.parse(answer.value) as ProvisioningObjectSummary[])[0];
      }
      case "mapping":
        return this.api.put(`/_engine/jobs/${this.jobId}/mappings`, { [call.mapping.sourceObject === "Group" ? "group" : "user"]: call.mapping });
      case "scoping":
        return this.api.put(`/_engine/jobs/${this.jobId}/scoping`, { [call.object === "Group" ? "group" : "user"]: call.filter });
    }
  }

  /** The connection test: ok, or the engine's Graph error (a rejection is an answer, not an error). */
  private async validateCredentials(credentials: "saved" | Record<string, string>): Promise<CredentialCheck> {
    const request = this.api.post(`${this.jobPath()}/validateCredentials`, validateCredentialsBody(credentials));
    try {
      await this.drive(request, async () => (await this.peer().inflightIo()).length > 0);
      return { ok: true };
    } catch (error) {
      if (!(error instanceof EngineApiError) || error.status >= 500 || error.code === undefined) throw error;
      return { ok: false, status: error.status, code: error.code, message: error.detail ?? error.message };
    }
  }

  /**
   * Waits until the child has delivered the mail due by now (a call or cycle that owes mail at
   * once: reason change, disabled, held deletions): no notification due is still owed or being
   * sent, and none of the child's I/O is in flight but what the world's target sleeps on. The
   * world's time does not move meanwhile; the child sends on its own, over real SMTP to the catcher.
   */
  private async settleMail(): Promise<void> {
    const now = this.options.clock.now();
    const deadline = performance.now() + PICKUP_LIMIT_MS; // real-time: waiting for another process
    for (;;) {
      const [{ records }, { inflightIo }] = await Promise.all([
        this.api.get<{ records: NotificationRecord[] }>(`/_engine/jobs/${this.jobId}/notifications`),
        this.peer().state(),
      ]);
      const blocked = new Set(this.options.clock.blockedIo());
      const owed = records.some((r) => (r.status === "owed" || r.status === "sending") && r.dueAt <= now && (r.notBefore ?? 0) <= now);
      if (!owed && inflightIo.every((id) => blocked.has(id))) return;
      if (performance.now() > deadline) return; // real-time: see above; the expectations then say what is missing
      await new Promise((resolve) => setTimeout(resolve, 2)); // real-time: polling another process
    }
  }

  /** graceful: SIGTERM (the engine stops cleanly); crash and kill: SIGKILL. Then a new child on the same file. */
  async restart(mode: RestartMode): Promise<void> {
    await this.pollEvents();
    await this.stopProcess(mode === "graceful" ? "SIGTERM" : "SIGKILL");
    const cutOff = this.feed.interrupt(this.options.clock.now());
    if (cutOff) this.log.push(cutOff);
    await this.launch();
  }

  async users(): Promise<SourceUser[]> {
    return (await this.api.get<{ value: SourceUser[] }>("/_engine/directory/users?$top=100000")).value;
  }

  async groups(): Promise<SourceGroup[]> {
    return (await this.api.get<{ value: SourceGroup[] }>("/_engine/directory/groups?$top=100000")).value;
  }

  async applyEdit(edit: DirectoryEdit): Promise<void> {
    const d = "/_engine/directory";
    const assign = (principalId: string) => this.api.post(`${d}/assignments`, { servicePrincipalId: this.servicePrincipalId, principalId });
    switch (edit.edit) {
      case "createUser": {
        const user = await this.api.post<SourceUser>(`${d}/users`, edit.user);
        if (edit.assigned) await assign(user.id);
        return;
      }
      case "createGroup": {
        const group = await this.api.post<SourceGroup>(`${d}/groups`, edit.group);
        for (const userId of edit.memberIds) await this.api.post(`${d}/groups/${group.id}/members`, { userId });
        if (edit.assigned) await assign(group.id);
        return;
      }
      case "updateUser":
        await this.api.patch(`${d}/users/${edit.id}`, edit.set);
        return;
      case "updateGroup":
        await this.api.patch(`${d}/groups/${edit.id}`, edit.set);
        return;
      case "deleteUser":
        await this.api.delete(`${d}/users/${edit.id}${edit.hard ? "?hard=true" : ""}`);
        return;
      case "deleteGroup":
        await this.api.delete(`${d}/groups/${edit.id}${edit.hard ? "?hard=true" : ""}`);
        return;
      case "assign":
        await assign(edit.id);
        return;
      case "unassign":
        await this.api.delete(`${d}/assignments/${this.servicePrincipalId}/${edit.id}`);
        return;
      case "addMember":
        await this.api.post(`${d}/groups/${edit.groupId}/members`, { userId: edit.userId });
        return;
      case "removeMember":
        await this.api.delete(`${d}/groups/${edit.groupId}/members/${edit.userId}`);
        return;
      case "generate":
        await this.api.post(`${d}/generate`, {
          users: edit.users,
          groups: edit.groups,
          seed: `${this.options.seed}/generate-${++this.generated}`,
          ...(edit.assigned ? { assignTo: this.servicePrincipalId } : {}),
        });
        return;
    }
  }

  async scopeSnapshot(): Promise<ScopeSnapshot> {
    const [directory, mappings] = await Promise.all([
      this.api.get<DirectoryJson>("/_engine/directory/export"),
      this.api.get<{ user: ObjectMapping; group: ObjectMapping }>(`/_engine/jobs/${this.jobId}/mappings`),
    ]);
    return { directory, servicePrincipalId: this.servicePrincipalId, scope: this.options.scope, mappings };
  }

  async events(): Promise<WorldEvent[]> {
    await this.pollEvents();
    return [...this.log];
  }

  secrets(): string[] {
    return [this.options.apiToken];
  }

  diagnostics(): string[] {
    return [...this.lines];
  }

  async dispose(): Promise<void> {
    await this.stopProcess("SIGKILL");
  }

  // ---- internals ----

  private async launch(): Promise<void> {
    // Every child numbers its I/O from engine-io-1 again: the target must have let go of the old
    // child's requests (its sockets closed with it) before a new one may reuse their ids.
    const deadline = performance.now() + STOP_LIMIT_MS; // real-time: the target notices closed sockets in real time
    while (this.options.clock.blockedIo().some((id) => id.startsWith(CHILD_IO_PREFIX)) && performance.now() < deadline) { // real-time: see above
      await new Promise((resolve) => setTimeout(resolve, 5)); // real-time: see above
    }
    setControlledClockStart(join(this.options.dataDir, "engine.sqlite"), this.options.clock.now());
    this.process = await spawnEngine({
      dataDir: this.options.dataDir,
      apiToken: this.options.apiToken,
      seed: this.options.seed,
      logLevel: this.options.logLevel,
      smtp: this.options.smtp,
      flags: notificationFlagsOf(this.options.notifications),
      onLine: (line) => this.lines.push(line),
    });
    this.api = new EngineApiClient(this.process.url, this.options.apiToken);
    const peer = new EngineClockPeer(this.api, () => this.options.clock.now());
    this.detach = this.options.clock.attachPeer(peer);
    this.currentPeer = peer;
  }

  private currentPeer: EngineClockPeer | undefined;

  private peer(): EngineClockPeer {
    return this.currentPeer!;
  }

  /**
   * SIGKILL: the process dies at once. SIGTERM: the engine stops cleanly, which lets its requests
   * in flight finish; when the target is sleeping on behalf of one (injected latency), the world's
   * clock moves to that sleep's end, as it would for the running engine.
   */
  private async stopProcess(signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    this.detach();
    this.detach = () => undefined;
    const { child, exited } = this.process;
    let gone = child.exitCode !== null || child.signalCode !== null;
    if (gone) return;
    void exited.then(() => (gone = true));
    child.kill(signal);
    const clock = this.options.clock;
    const deadline = performance.now() + STOP_LIMIT_MS; // real-time: a child that does not stop is killed
    if (signal === "SIGTERM") {
      // The engine stops taking work right after its API stops answering (service.close: API,
      // then engine.close, which interrupts the cycle); only then may time pass for the requests
      // it has in flight, or the cycle would go on in virtual time while the process shuts down.
      while (!gone && (await this.api.get("/_engine/health").then(() => true, () => false))) {
        if (performance.now() > deadline) break; // real-time: see above
        await new Promise((resolve) => setTimeout(resolve, 2)); // real-time: waiting for another process
      }
      await new Promise((resolve) => setTimeout(resolve, 20)); // real-time: the few turns from there to the interruption
    }
    while (!gone) {
      const next = clock.nextTimerAt();
      if (signal === "SIGTERM" && clock.blockedIo().length > 0 && next !== undefined) await clock.advanceTo(next);
      else await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5))]); // real-time: waiting for another process
      if (!gone && performance.now() > deadline) child.kill("SIGKILL"); // real-time: see above
    }
  }

  /**
   * Drives the world's clock until the child answered. The harness's own request is not I/O the
   * clock sees, so first wait (in real time) until the child has picked the work up; from then on
   * its timers and requests hold the clock as usual.
   */
  private async drive<T>(request: Promise<T>, pickedUp: () => Promise<boolean>): Promise<T> {
    let settled = false;
    request.then(
      () => (settled = true),
      () => (settled = true),
    );
    const deadline = performance.now() + PICKUP_LIMIT_MS; // real-time: waiting for another process
    while (!settled && !(await pickedUp())) {
      if (performance.now() > deadline) break; // real-time: see above
      await new Promise((resolve) => setTimeout(resolve, 1)); // real-time: polling another process
    }
    return this.options.clock.runUntil(request);
  }

  private jobPath(): string {
    return `/v1.0/servicePrincipals/${this.servicePrincipalId}/synchronization/jobs/${this.jobId}`;
  }

  private async pollEvents(): Promise<void> {
    this.log.push(...(await this.feed.next()));
  }
}
