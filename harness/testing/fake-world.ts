import { VirtualClock } from "../../common/virtual-clock";
import { worldClockOf } from "../world/world-clock";
import type {
  DirectoryEdit,
  ExpectedTarget,
  JournalEntry,
  MailMessage,
  RestartMode,
  World,
  WorldConfig,
  WorldFactory,
} from "../world/world";
import { FakeDirectory } from "./fake-directory";
import { FakeEngine } from "./fake-engine";
import { FakeTarget, type FakeRequest } from "./fake-target";

export interface FakeWorldOptions {
  /** Virtual time each request to the target takes. @default 0 */
  latencyMs?: number;
  /** Scripted answers of the target: return a status to answer a request with it. */
  onRequest?: (request: FakeRequest) => number | undefined;
  /** The world's secrets. @default ["fake-target-token-0123456789", "fake-smtp-password-9876"] */
  secrets?: string[];
  /** Makes `dispose` fail (to test how the runner reports it). */
  failDispose?: boolean;
}

/**
 * A scripted world for unit tests of the runner, the expectations and the reporters: a real
 * VirtualClock driving a toy engine (see FakeEngine), a map-backed target and directory. Tests can
 * reach inside (`fake.target`, `fake.engine`) and inject what a buggy engine would produce.
 */
export class FakeWorld implements World {
  readonly virtualClock: VirtualClock;
  readonly clock;
  readonly fakeTarget: FakeTarget;
  readonly fakeDirectory = new FakeDirectory();
  readonly fakeEngine: FakeEngine;
  readonly extraLines: string[] = [];
  readonly extraMails: MailMessage[] = [];
  disposed = false;
  private readonly secretValues: string[];

  constructor(
    readonly config: WorldConfig,
    private readonly options: FakeWorldOptions = {},
  ) {
    const { scenario } = config;
    if (scenario.directory.file) throw new Error("the fake world does not load directory files");
    this.virtualClock = new VirtualClock({ start: config.start });
    this.clock = worldClockOf(this.virtualClock);
    this.fakeTarget = new FakeTarget(this.virtualClock, scenario.target.profile, options.onRequest);
    if (scenario.target.users || scenario.target.groups) this.fakeTarget.seed(scenario.target.users, scenario.target.groups, "initial");
    this.fakeDirectory.generate(scenario.directory.users, scenario.directory.groups, scenario.directory.assigned);
    this.fakeEngine = new FakeEngine(this.virtualClock, this.fakeDirectory, this.fakeTarget, {
      intervalMs: scenario.job.interval,
      recipients: scenario.job.notifications?.enabled === false ? [] : (scenario.job.notifications?.recipients ?? []),
      latencyMs: options.latencyMs ?? 0,
    });
    this.secretValues = options.secrets ?? ["fake-target-token-0123456789", "fake-smtp-password-9876"];
  }

  readonly engine = {
    runCycle: () => this.fakeEngine.runCycle(),
    nextCycleAt: async () => this.fakeEngine.nextCycleAt(),
    job: async () => this.job(),
    provisioningLogs: async () => structuredClone(this.fakeEngine.logs),
    call: (call: Parameters<World["engine"]["call"]>[0]) => this.fakeEngine.call(call),
    restart: async (mode: RestartMode) => {
      if (mode === "kill" && this.config.scenario.engine !== "process") {
        throw new Error("restart kill needs the engine in a child process (engine: process)");
      }
      this.fakeEngine.restart();
    },
  };

  readonly target = {
    addFault: async (fault: Parameters<World["target"]["addFault"]>[0]) => this.fakeTarget.addFault(fault),
    removeFault: async (id: string) => this.fakeTarget.removeFault(id),
    resetFaults: async () => this.fakeTarget.resetFaults(),
    setState: async (state: "down" | "up", keepData: boolean) => this.fakeTarget.setState(state, keepData),
    seed: async (o: { users: number; groups: number; seed: number | string }) => this.fakeTarget.seed(o.users, o.groups, String(o.seed)),
    setProfile: async (profile: FakeTarget["profile"]) => {
      this.fakeTarget.profile = profile;
    },
    resources: async () => ({
      users: structuredClone([...this.fakeTarget.users.values()]),
      groups: structuredClone([...this.fakeTarget.groups.values()]),
    }),
    journal: async () => structuredClone(this.fakeTarget.journal),
  };

  readonly directory = {
    users: async () => structuredClone([...this.fakeDirectory.users.values()]),
    groups: async () => structuredClone([...this.fakeDirectory.groups.values()]),
    apply: async (edit: DirectoryEdit) => this.fakeDirectory.apply(edit),
    expectedTarget: async (): Promise<ExpectedTarget> => ({
      userKey: "userName",
      users: [...this.fakeDirectory.users.values()]
        .filter((u) => this.fakeDirectory.inScope(u))
        .map((u) => ({ key: u.userPrincipalName, active: u.accountEnabled && !u.softDeleted })),
      groupKey: "displayName",
      groups: [],
    }),
  };

  async mails(): Promise<MailMessage[]> {
    return structuredClone([...this.fakeEngine.mails, ...this.extraMails].sort((a, b) => a.at - b.at));
  }

  async events() {
    return structuredClone(this.fakeEngine.events);
  }

  secrets(): readonly string[] {
    return this.secretValues;
  }

  async diagnostics(): Promise<string[]> {
    return [...this.fakeEngine.lines, ...this.extraLines];
  }

  async dispose(): Promise<void> {
    this.fakeEngine.dispose();
    this.disposed = true;
    if (this.options.failDispose) throw new Error("the fake world failed to stop");
  }

  // ---- what a buggy engine would produce, for tests of the expectations ----

  /** A journal entry the engine did not cause (e.g. a duplicate create). */
  injectJournal(entry: JournalEntry): void {
    this.fakeTarget.journal.push(entry);
  }

  /** A resource stored directly on the target. */
  injectTargetUser(resource: { id: string } & Record<string, unknown>): void {
    this.fakeTarget.users.set(resource.id, { schemas: [], ...resource });
  }

  private job() {
    const e = this.fakeEngine;
    const q = e.quarantine;
    return {
      id: "fake-job",
      templateId: "scim",
      schedule: { expiration: null, interval: `PT${Math.round(this.config.scenario.job.interval / 60_000)}M`, state: e.scheduleState },
      synchronizationJobSettings: [],
      status: {
        code: e.code,
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        lastExecution: e.lastExecution,
        lastSuccessfulExecution: null,
        lastSuccessfulExecutionWithExports: null,
        progress: [],
        quarantine: q
          ? { currentBegan: q.currentBegan, nextAttempt: q.nextAttempt, reason: q.reason, seriesBegan: q.seriesBegan, seriesCount: q.seriesCount, error: q.error }
          : null,
        steadyStateFirstAchievedTime: null,
        steadyStateLastAchievedTime: null,
        synchronizedEntryCountByType: [],
        troubleshootingUrl: null,
      },
    };
  }
}

/** A world factory over {@link FakeWorld}; `created` collects the worlds for inspection. */
export function fakeWorldFactory(options: FakeWorldOptions = {}): WorldFactory & { created: FakeWorld[] } {
  const created: FakeWorld[] = [];
  const factory = async (config: WorldConfig): Promise<World> => {
    const world = new FakeWorld(config, options);
    created.push(world);
    return world;
  };
  return Object.assign(factory, { created });
}
