import type { Timer } from "../../common/clock";
import { DAY } from "../../common/duration";
import type { VirtualClock } from "../../common/virtual-clock";
import type {
  ProvisioningObjectSummary,
  QuarantineReason,
  SynchronizationQuarantine,
  SynchronizationScheduleState,
  SynchronizationStatusCode,
  SynchronizationTaskExecution,
} from "../../engine/model/graph-types";
import type { SourceUser } from "../../engine/directory/types";
import type { CredentialCheck, CycleEvent, EngineCall, MailMessage, WorldEvent } from "../world/world";
import type { FakeDirectory } from "./fake-directory";
import type { FakeTarget } from "./fake-target";

/** The token the fake engine has saved for the fake target. */
export const FAKE_SAVED_TOKEN = "fake-saved-token";

export interface FakeEngineSettings {
  intervalMs: number;
  recipients: string[];
  /** Virtual time each target request takes. @default 0 */
  latencyMs: number;
}

/**
 * A toy provisioning loop for the runner's tests: scheduled cycles, a credential quarantine with
 * doubling backoff capped at a day, a mail one day into a series and weekly after, disable after
 * 28 days, start/pause/restart/on-demand. It is NOT the engine and does not model Entra: it gives
 * every step and expectation of the harness something deterministic to act on and observe.
 */
export class FakeEngine {
  code: SynchronizationStatusCode = "NotRun";
  scheduleState: SynchronizationScheduleState = "Active";
  quarantine: (SynchronizationQuarantine & { began: number }) | null = null;
  lastExecution: SynchronizationTaskExecution | null = null;
  readonly events: WorldEvent[] = [];
  readonly mails: MailMessage[] = [];
  readonly logs: ProvisioningObjectSummary[] = [];
  readonly lines: string[] = [];
  private links = new Map<string, string>(); // source id -> target id
  private watermark = false;
  private nextAt: number | undefined;
  private timer: Timer | undefined;
  private mailTimer: Timer | undefined;
  private running: Promise<CycleEvent> | undefined;
  private cycleSeq = 0;
  private logSeq = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly directory: FakeDirectory,
    private readonly target: FakeTarget,
    private readonly settings: FakeEngineSettings,
  ) {
    this.schedule(clock.now() + settings.intervalMs);
  }

  nextCycleAt(): number | undefined {
    return this.scheduleState === "Active" ? this.nextAt : undefined;
  }

  /** A cycle now (the step waits for it through the clock). */
  runCycle(): Promise<CycleEvent> {
    return this.clock.runUntil(this.cycle());
  }

  async call(call: EngineCall): Promise<unknown> {
    const now = this.clock.now();
    switch (call.call) {
      case "start":
        this.leaveQuarantine();
        this.setSchedule("Active");
        this.schedule(now);
        return undefined;
      case "pause":
        this.setSchedule("Paused");
        this.timer?.cancel();
        return undefined;
      case "quarantine":
        this.enterQuarantine("QuarantinedOnDemand");
        return undefined;
      case "restart": {
        const flags = call.resetScope.length > 0 ? call.resetScope : ["QuarantineState", "Watermark", "Escrows"];
        if (flags.includes("QuarantineState") || flags.includes("Full")) this.leaveQuarantine();
        if (flags.includes("Watermark") || flags.includes("Full")) this.watermark = false;
        if (flags.includes("ConnectorDataStore") || flags.includes("Full")) this.links.clear();
        this.setSchedule("Active");
        this.schedule(now);
        return undefined;
      }
      case "provisionOnDemand": {
        const user = this.directory.users.get(call.subject.id);
        if (!user) throw new Error(`provisionOnDemand: no user ${call.subject.id}`);
        return this.clock.runUntil(this.provisionUser(user, `ondemand-${++this.cycleSeq}`).then((r) => r.log));
      }
      case "validateCredentials":
        return this.clock.runUntil(this.validateCredentials(call.credentials));
      case "mapping":
        this.watermark = false;
        return undefined;
      case "scoping":
        this.directory.scoping = call.filter;
        this.watermark = false;
        return undefined;
    }
  }

  /** The same state, new timers: what survives a restart of a real engine (its persisted schedule). */
  restart(): void {
    this.timer?.cancel();
    this.mailTimer?.cancel();
    if (this.nextAt !== undefined && this.scheduleState === "Active") this.schedule(Math.max(this.nextAt, this.clock.now()));
    if (this.quarantine) this.armMail();
    this.lines.push(`engine restarted at ${new Date(this.clock.now()).toISOString()}`);
  }

  dispose(): void {
    this.timer?.cancel();
    this.mailTimer?.cancel();
  }

  private async cycle(): Promise<CycleEvent> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.cycleBody();
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  private async cycleBody(): Promise<CycleEvent> {
    const at = this.clock.now();
    const cycleId = `cycle-${++this.cycleSeq}`;
    const initial = !this.watermark;
    this.lines.push(`${cycleId} started (${initial ? "initial" : "incremental"})`);
    let exported = 0;
    let escrowed = 0;
    let error: string | undefined;
    const probe = await this.request({ method: "GET", resource: "Users", operation: "query", filterValue: "probe" });
    if (probe.status === 401 || probe.status === 403 || probe.status === 0) {
      error = probe.status === 0 ? "the target cannot be reached" : `the target rejected the credentials (${probe.status})`;
    } else {
      for (const user of [...this.directory.users.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const outcome = await this.provisionUser(user, cycleId);
        if (outcome.exported) exported++;
        if (outcome.failed) escrowed++;
      }
      for (const id of this.directory.hardDeleted) {
        const targetId = this.links.get(id);
        if (targetId) {
          await this.request({ method: "DELETE", resource: "Users", operation: "delete", id: targetId });
          this.links.delete(id);
          exported++;
        }
      }
      this.directory.hardDeleted.clear();
    }
    const endedAt = this.clock.now();
    const outcome: CycleEvent["outcome"] = error ? "Failed" : escrowed > 0 ? "EntryLevelErrors" : "Succeeded";
    this.lastExecution = execution(cycleId, at, endedAt, outcome, exported, escrowed, error);
    const event: CycleEvent = { type: "cycle", at, endedAt, cycleId, initial, outcome, exported, escrowed, ...(error ? { error } : {}) };
    this.events.push(event);
    if (error) this.enterQuarantine("EncounteredQuarantineException");
    else {
      this.watermark = true;
      if (this.quarantine && this.quarantine.reason !== "QuarantinedOnDemand") this.leaveQuarantine();
      if (!this.quarantine) this.code = "Active";
    }
    this.afterCycle();
    return event;
  }

  private async provisionUser(user: SourceUser, cycleId: string) {
    const wantActive = user.accountEnabled && !user.softDeleted;
    const inScope = this.directory.inScope(user);
    let targetId = this.links.get(user.id);
    let status = 0;
    let action: ProvisioningObjectSummary["provisioningAction"] = "other";
    if (!inScope && !targetId) return { exported: false, failed: false, log: undefined };
    if (!targetId) {
      const found = await this.request({ method: "GET", resource: "Users", operation: "query", filterValue: user.userPrincipalName });
      if (found.resource) targetId = found.resource.id;
    }
    if (!targetId) {
      action = "create";
      const created = await this.request({
        method: "POST",
        resource: "Users",
        operation: "create",
        body: { userName: user.userPrincipalName, displayName: user.displayName, active: wantActive },
      });
      status = created.status;
      if (created.resource) this.links.set(user.id, created.resource.id);
    } else {
      this.links.set(user.id, targetId);
      const current = this.target.users.get(targetId);
      const active = inScope && wantActive;
      if (current && current.active === active && current.displayName === user.displayName) return { exported: false, failed: false, log: undefined };
      action = active ? "update" : "disable";
      status = (await this.request({ method: "PATCH", resource: "Users", operation: "update", id: targetId, body: { active, displayName: user.displayName } })).status;
    }
    const failed = status < 200 || status >= 300;
    const log = this.log(cycleId, user, action, failed ? status : undefined);
    return { exported: !failed, failed, log };
  }

  /**
   * The connection test: a query the target's faults apply to. The fake target checks no token,
   * so a token given other than the saved one ({@link FAKE_SAVED_TOKEN}) is answered as the real
   * target would: 401.
   */
  private async validateCredentials(credentials: "saved" | Record<string, string>): Promise<CredentialCheck> {
    const probe = await this.request({ method: "GET", resource: "Users", operation: "query", filterValue: "validate" });
    const token = credentials === "saved" ? FAKE_SAVED_TOKEN : (credentials.SecretToken ?? FAKE_SAVED_TOKEN);
    const status = token !== FAKE_SAVED_TOKEN ? 401 : probe.status;
    if (status === 401 || status === 403) {
      return { ok: false, status: 400, code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure", message: `the target answered ${status}` };
    }
    if (status === 0) return { ok: false, status: 400, code: "SystemForCrossDomainIdentityManagementServiceUnreachable", message: "the target cannot be reached" };
    return { ok: true };
  }

  private async request(request: Parameters<FakeTarget["handle"]>[0]) {
    if (this.settings.latencyMs > 0) await this.clock.sleep(this.settings.latencyMs);
    return this.target.handle(request);
  }

  private enterQuarantine(reason: QuarantineReason): void {
    const now = this.clock.now();
    const iso = new Date(now).toISOString();
    if (!this.quarantine) {
      this.quarantine = { began: now, seriesBegan: iso, currentBegan: iso, seriesCount: 1, reason, nextAttempt: iso, error: null };
      this.events.push({ type: "quarantine", at: now, change: "entered", reason, seriesCount: 1 });
      this.armMail();
    } else {
      const changed = this.quarantine.reason !== reason;
      this.quarantine = { ...this.quarantine, currentBegan: iso, seriesCount: this.quarantine.seriesCount + 1, reason };
      this.events.push({ type: "quarantine", at: now, change: changed ? "reason-changed" : "renewed", reason, seriesCount: this.quarantine.seriesCount });
    }
    this.code = "Quarantine";
  }

  private leaveQuarantine(): void {
    if (!this.quarantine) return;
    this.events.push({ type: "quarantine", at: this.clock.now(), change: "left", reason: this.quarantine.reason });
    this.quarantine = null;
    this.mailTimer?.cancel();
    this.code = "Active";
  }

  /** Next cycle: the interval, or min(interval × 2^(n-1), 1 day) in quarantine; disable after 28 days. */
  private afterCycle(): void {
    const now = this.clock.now();
    const q = this.quarantine;
    if (q && now - q.began >= 28 * DAY) {
      this.setSchedule("Disabled");
      this.sendMail("disabled", "Provisioning job disabled");
      this.timer?.cancel();
      this.nextAt = undefined;
      return;
    }
    const wait = q ? Math.min(this.settings.intervalMs * 2 ** (q.seriesCount - 1), DAY) : this.settings.intervalMs;
    if (q) q.nextAttempt = new Date(now + wait).toISOString();
    const last = this.events.at(-1);
    if (q && last?.type === "quarantine") last.nextAttemptAt = now + wait;
    if (this.scheduleState === "Active") this.schedule(now + wait);
  }

  private schedule(at: number): void {
    this.timer?.cancel();
    this.nextAt = at;
    this.timer = this.clock.setTimer(at - this.clock.now(), () => {
      void this.cycle().catch((e: unknown) => this.lines.push(`cycle failed: ${String(e)}`));
    });
  }

  private setSchedule(state: SynchronizationScheduleState): void {
    if (this.scheduleState === state) return;
    this.scheduleState = state;
    this.events.push({ type: "schedule", at: this.clock.now(), state });
    if (state === "Paused") this.code = "Paused";
  }

  /** First mail one day after the series began, then every seven days while it lasts. */
  private armMail(): void {
    const q = this.quarantine;
    if (!q) return;
    const sent = this.mails.filter((m) => m.kind === "quarantine" && m.at >= q.began).length;
    const due = q.began + DAY + sent * 7 * DAY;
    this.mailTimer?.cancel();
    this.mailTimer = this.clock.setTimer(Math.max(0, due - this.clock.now()), () => {
      if (this.quarantine?.began !== q.began) return; // the series ended meanwhile
      this.sendMail("quarantine", `Provisioning job in quarantine: ${q.reason}`);
      this.armMail();
    });
  }

  private sendMail(kind: string, subject: string): void {
    if (this.settings.recipients.length === 0) return;
    this.mails.push({ at: this.clock.now(), kind, from: "provisioning@scimlab.test", to: [...this.settings.recipients], subject });
  }

  private log(cycleId: string, user: SourceUser, action: ProvisioningObjectSummary["provisioningAction"], failedStatus?: number): ProvisioningObjectSummary {
    const record = logRecord(`log-${++this.logSeq}`, this.clock.now(), cycleId, user, action, failedStatus);
    this.logs.push(record);
    return record;
  }
}

function execution(
  id: string,
  began: number,
  ended: number,
  state: CycleEvent["outcome"],
  exported: number,
  escrowed: number,
  error: string | undefined,
): SynchronizationTaskExecution {
  return {
    activityIdentifier: id,
    countEntitled: 0,
    countEntitledForProvisioning: 0,
    countEscrowed: escrowed,
    countEscrowedRaw: escrowed,
    countExported: exported,
    countExports: exported,
    countImported: 0,
    countImportedDeltas: 0,
    countImportedReferenceDeltas: 0,
    error: error ? { code: "FakeFailure", message: error, tenantActionable: true } : null,
    state: state === "Interrupted" ? "Failed" : state,
    timeBegan: new Date(began).toISOString(),
    timeEnded: new Date(ended).toISOString(),
  };
}

function logRecord(
  id: string,
  at: number,
  cycleId: string,
  user: SourceUser,
  action: ProvisioningObjectSummary["provisioningAction"],
  failedStatus: number | undefined,
): ProvisioningObjectSummary {
  const system = { id: "fake", displayName: "fake", details: {} };
  return {
    id,
    activityDateTime: new Date(at).toISOString(),
    changeId: id,
    cycleId,
    durationInMilliseconds: 0,
    initiatedBy: { id: "fake", displayName: "fake", initiatorType: "system" },
    jobId: "fake-job",
    modifiedProperties: [],
    provisioningAction: action,
    provisioningStatusInfo: {
      status: failedStatus === undefined ? "success" : "failure",
      errorInformation:
        failedStatus === undefined
          ? null
          : { errorCode: failedStatus === 409 ? "EntryConflict" : `Http${failedStatus}`, errorCategory: "failure", reason: null, additionalDetails: null, recommendedAction: null },
    },
    provisioningSteps: [],
    servicePrincipal: { id: "fake-sp", displayName: "fake" },
    sourceIdentity: { id: user.id, displayName: user.displayName, identityType: "User", details: {} },
    sourceSystem: system,
    targetIdentity: { id: null, displayName: user.userPrincipalName, identityType: "User", details: {} },
    targetSystem: system,
  };
}
