/**
 * A SCIM target: store, profile, auth and HTTP listener, independent of every other target in
 * the process. `createTarget` builds it (for supertest: `target.app`); `startTarget` also listens.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Express } from "express";
import { type Clock, SystemClock } from "../common/clock";
import { ConfigError } from "../common/config-error";
import { type Logger, silentLogger } from "../common/logger";
import { createRandom } from "../common/random";
import { SecretRegistry } from "../common/redact";
import { buildApp, type ExchangeHooks } from "./app";
import { type AuthOptions, Authenticator, type BasicCredential, type OAuthClient } from "./auth";
import { DEFAULT_LIMITS, type Limits, type ServiceContext } from "./context";
import type { CoreServices } from "./core-types";
import { isProfileName, type Profile, PROFILE_NAMES, PROFILES, type ProfileName } from "./profiles";
import { readSnapshot, writeSnapshot } from "./snapshot";
import { ScimStore } from "./store";
import { TargetStore } from "./target-store";

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
  protected readonly ctx: ServiceContext;
  protected readonly auth: Authenticator;
  protected readonly logger: Logger;
  private currentProfile: Profile;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port: number;
  private closed = false;

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
    if (this.ctx.store.users.size === 0 && this.ctx.store.groups.size === 0 && (options.seedUsers || options.seedGroups)) {
      this.store.seed({ users: options.seedUsers ?? 0, groups: options.seedGroups ?? 0, seed: String(seed) });
    }
    const services: CoreServices = { ctx: this.ctx, auth: () => this.auth.schemes() };
    this.app = buildApp({
      basePath: this.basePath,
      services,
      auth: this.auth,
      logger: this.logger,
      maxPayloadSize: () => this.ctx.limits.maxPayloadSize,
      hooks: this.hooks,
      mount: (app) => this.mountExtras(app),
    });
  }

  /** Mount point for subclasses (the admin API). */
  protected mountExtras(_app: Express): void {}

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
    const server = createServer(this.app);
    server.keepAliveTimeout = 5000;
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the listener (clients then get connection refused); keeps the data unless told not to. */
  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
      await closed;
    }
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
