/**
 * A SCIM target: store, profile, auth and HTTP listener, independent of every other target in
 * the process. `createTarget` builds it (for supertest: `target.app`); `startTarget` also listens.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { Express } from "express";
import { type Clock, SystemClock } from "../common/clock";
import { ConfigError } from "../common/config-error";
import { closeCuttingConnections, listen, trackSockets } from "../common/http-listener";
import { type Logger, silentLogger } from "../common/logger";
import { createRandom } from "../common/random";
import { SecretRegistry } from "../common/redact";
import { type AppRuntime, buildApp, type ExchangeHooks, fastListener } from "./app";
import { type AuthOptions, Authenticator, type BasicCredential, type OAuthClient } from "./auth";
import { DEFAULT_LIMITS, type Limits, type ServiceContext } from "./context";
import type { CoreServices } from "./core-types";
import { isProfileName, type Profile, PROFILE_NAMES, PROFILES, type ProfileName } from "./profiles";
import { readSnapshot, writeSnapshot } from "./snapshot";
import { ScimStore } from "./store";
import { TargetStore } from "./target-store";
import { FaultSet, type RuleOrPreset } from "./faults/fault-set";
import { Journal } from "./journal/journal";
import { TargetJournal } from "./journal/target-journal";
import { adminApp, adminRouter } from "./admin/admin-app";
import { SimulatorConsole } from "./console/simulator-console";

export interface TargetOptions {
  /** Time for meta timestamps, token expiry, fault windows, latency and hangs. @default SystemClock */
  clock?: Clock;
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default "/scim/v2" */
  basePath?: string;
  /** @default "rfc" */
  profile?: ProfileName;
  /** Static bearer tokens. One is generated when no auth mode at all is configured. */
  tokens?: string[];
  basic?: BasicCredential[];
  oauth?: OAuthClient;
  /** Seed for generated data and ids: same seed, same run. @default random */
  seed?: string | number;
  /** Users to generate at start (when the store starts empty). @default 0 */
  seedUsers?: number;
  /** Groups to generate at start, with memberships. @default 0 */
  seedGroups?: number;
  /** Snapshot file: loaded at start when it exists, written by close(). */
  dataFile?: string;
  /** @default silent */
  logger?: Logger;
  /** Overrides of maxOperations, maxPayloadSize, maxResults, page sizes, cursorTimeout. */
  limits?: Partial<Limits>;
  /** Fault rules or presets installed at start. */
  faults?: RuleOrPreset[];
  /** Enables the admin API (/_admin on the SCIM listener and on its own listener) with this token. */
  adminToken?: string;
  /** Interface of the admin listener. @default "127.0.0.1" */
  adminHost?: string;
  /** Port of the admin listener; 0 picks a free one. @default 0 */
  adminPort?: number;
  /** Exchanges kept in the request journal; 0 turns it off. @default 1000 */
  journalSize?: number;
}

export class Target {
  readonly app: Express;
  readonly store: TargetStore;
  readonly clock: Clock;
  readonly basePath: string;
  readonly host: string;
  readonly secrets = new SecretRegistry();
  /** Hooks that wrap every request (fault rules, journal). */
  readonly hooks: ExchangeHooks = {};
  /** Fault rules: `use(rule | preset)`, `list()`, `remove(id)`, `reset()`. */
  readonly faults: FaultSet;
  /** The request journal: `find(query)`, `clear()`, `toHar()`. */
  readonly journal: TargetJournal;
  /** The control panel on the admin listener's `/` (with an admin token): `loginUrl(target.adminUrl)`. */
  readonly console: SimulatorConsole | undefined;
  protected readonly ctx: ServiceContext;
  protected readonly auth: Authenticator;
  protected readonly logger: Logger;
  private currentProfile: Profile;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port: number;
  private closed = false;
  private readonly rawJournal: Journal;
  private readonly runtime: AppRuntime;
  private adminServer: Server | undefined;
  private adminPort: number;
  private readonly seedOptions: { users: number; groups: number; seed: string } | undefined;

  constructor(readonly options: TargetOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.host = options.host ?? "127.0.0.1";
    this.port = options.port ?? 0;
    this.basePath = normalizeBasePath(options.basePath ?? "/scim/v2");
    const profileName = options.profile ?? "rfc";
    if (!isProfileName(profileName)) throw ConfigError.single("profile", `is ${JSON.stringify(profileName)}`, `use one of ${PROFILE_NAMES.join(", ")}`);
    this.currentProfile = PROFILES[profileName];
    this.logger = options.logger ?? silentLogger();
    const limits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
    const seed = options.seed ?? randomUUID();
    this.ctx = {
      store: new ScimStore(),
      clock: this.clock,
      random: createRandom(`${seed}/ids`),
      profile: () => this.currentProfile,
      limits,
    };
    const authOptions: AuthOptions = {
      ...(options.tokens ? { tokens: options.tokens } : {}),
      ...(options.basic ? { basic: options.basic } : {}),
      ...(options.oauth ? { oauth: options.oauth } : {}),
    };
    this.auth = new Authenticator(authOptions, this.clock, this.secrets);
    this.store = new TargetStore(this.ctx, () => this.baseUrl, String(seed));
    if (options.dataFile) {
      const snapshot = readSnapshot(options.dataFile);
      if (snapshot) this.ctx.store.load(snapshot);
    }
    this.seedOptions = options.seedUsers || options.seedGroups ? { users: options.seedUsers ?? 0, groups: options.seedGroups ?? 0, seed: String(seed) } : undefined;
    if (this.ctx.store.users.size === 0 && this.ctx.store.groups.size === 0 && this.seedOptions) this.store.seed(this.seedOptions);
    this.faults = new FaultSet(this.ctx, this.clock, createRandom(`${seed}/faults`));
    if (options.faults) this.faults.use(options.faults);
    this.rawJournal = new Journal(options.journalSize ?? 1000, this.secrets);
    this.journal = new TargetJournal(this.rawJournal, () => this.url);
    this.adminPort = options.adminPort ?? 0;
    if (options.adminToken !== undefined) {
      if (options.adminToken.length < 4) throw ConfigError.single("adminToken", "is shorter than 4 characters", "use a longer token");
      this.secrets.add(options.adminToken);
    }
    this.console = options.adminToken !== undefined ? new SimulatorConsole(this, options.adminToken) : undefined;
    this.wireHooks();
    const services: CoreServices = { ctx: this.ctx, auth: () => this.auth.schemes() };
    this.runtime = {
      clock: this.clock,
      basePath: this.basePath,
      services,
      auth: this.auth,
      logger: this.logger,
      maxPayloadSize: () => this.ctx.limits.maxPayloadSize,
      hooks: this.hooks,
      mount: (app) => this.mountExtras(app),
    };
    this.app = buildApp(this.runtime);
  }

  /** The admin API beside the SCIM base path (also served on its own listener, see adminUrl). */
  protected mountExtras(app: Express): void {
    if (this.options.adminToken !== undefined) app.use("/_admin", adminRouter(this, this.options.adminToken));
  }

  private wireHooks(): void {
    this.hooks.before = (exchange, kind) => this.faults.before(exchange, kind);
    this.hooks.after = (exchange, response) => this.faults.after(exchange, response);
    if (!this.rawJournal.enabled) return;
    this.hooks.done = (exchange, response) => {
      const answered = !exchange.handled && response !== undefined;
      this.rawJournal.record({
        at: exchange.startedAt,
        method: exchange.req.method ?? "GET",
        url: exchange.url,
        headers: exchange.req.headers,
        body: exchange.raw,
        response,
        responseHeaders: answered ? exchange.res.getHeaders() : {},
        latencyMs: this.clock.now() - exchange.startedAt,
        wallMs: performance.now() - exchange.wallStart, // real-time: the server's own time, for the journal
        faults: exchange.fired,
        requestId: exchange.id,
        answered,
      });
    };
  }

  /** Back to the start: the store as seeded at start-up (or empty), no fault rules, an empty journal, no issued OAuth tokens. */
  reset(): void {
    this.ctx.store.clear();
    if (this.seedOptions) this.store.seed(this.seedOptions);
    this.faults.reset();
    this.journal.clear();
    this.auth.revokeIssued();
  }

  /** The admin API's own origin (undefined until started, or without an admin token). */
  get adminUrl(): string | undefined {
    if (!this.adminServer) return undefined;
    const host = this.options.adminHost ?? "127.0.0.1";
    return `http://${host.includes(":") ? `[${host}]` : host}:${this.adminPort}`;
  }

  /** The bearer tokens this target accepts (generated when none were configured). */
  get tokens(): string[] {
    return this.auth.tokens;
  }

  get profile(): ProfileName {
    return this.currentProfile.name;
  }

  /** Switches the compatibility profile at runtime; stored data is untouched. */
  set profile(name: ProfileName) {
    if (!isProfileName(name)) throw ConfigError.single("profile", `is ${JSON.stringify(name)}`, `use one of ${PROFILE_NAMES.join(", ")}`);
    this.currentProfile = PROFILES[name];
  }

  get limits(): Limits {
    return this.ctx.limits;
  }

  /** Origin, e.g. http://127.0.0.1:40123 (the configured port until the target listens). */
  get url(): string {
    return `http://${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get baseUrl(): string {
    return `${this.url}${this.basePath}`;
  }

  /** The OAuth client-credentials token endpoint. */
  get tokenUrl(): string {
    return `${this.url}/oauth/token`;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Listens (again) on the target's port; the first start fixes the port when it was 0. */
  async start(): Promise<void> {
    if (this.closed) throw new Error("this target was closed; create a new one");
    if (this.server?.listening) return;
    const server = createServer(fastListener(this.runtime, this.app));
    server.keepAliveTimeout = 5000;
    trackSockets(server, this.sockets);
    this.port = await listen(server, this.port, this.host);
    this.server = server;
    if (this.options.adminToken !== undefined && !this.adminServer) await this.startAdmin(this.options.adminToken);
  }

  private async startAdmin(token: string): Promise<void> {
    const server = createServer(adminApp(this, token, (app) => this.console?.mount(app)));
    this.adminPort = await listen(server, this.adminPort, this.options.adminHost ?? "127.0.0.1");
    this.adminServer = server;
  }

  /** Closes the listener (clients then get connection refused); keeps the data unless told not to. */
  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeCuttingConnections(server, this.sockets);
    if (options.keepData === false) {
      this.ctx.store.clear();
      this.auth.revokeIssued();
    }
  }

  /** Stops for good; writes the snapshot when a data file is configured. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.closed = true;
    this.console?.close();
    const admin = this.adminServer;
    this.adminServer = undefined;
    if (admin) {
      admin.closeAllConnections();
      await new Promise<void>((resolve) => admin.close(() => resolve()));
    }
    if (this.options.dataFile) writeSnapshot(this.options.dataFile, this.ctx.store.toSnapshot());
  }
}

function normalizeBasePath(path: string): string {
  const trimmed = `/${path.replace(/^\/+|\/+$/g, "")}`;
  if (!/^\/[\w\-./~]*$/.test(trimmed)) throw ConfigError.single("basePath", `is ${JSON.stringify(path)}`, `use a URL path like /scim/v2`);
  return trimmed;
}

export function createTarget(options: TargetOptions = {}): Target {
  return new Target(options);
}

export async function startTarget(options: TargetOptions = {}): Promise<Target> {
  const target = createTarget(options);
  await target.start();
  return target;
}
