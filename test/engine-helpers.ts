/**
 * Shared set-up of the engine integration tests: a real simulator target on loopback, a real
 * engine with its SQLite file in a temporary directory, and a record of every request the target
 * received.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../common/clock";
import { Engine, type EngineOptions } from "../engine/engine";
import type { CreateJobInput } from "../engine/jobs/job-service";
import type { CoreResponse } from "../simulator/core-types";
import { startTarget, type ProfileName, type Target } from "../simulator/index";

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number | undefined;
  body: unknown;
  /** When the target saw it, on the target's clock. */
  at: number;
}

export interface EngineWorld {
  engine: Engine;
  target: Target;
  jobId: string;
  servicePrincipalId: string;
  dataDir: string;
  requests: RecordedRequest[];
  /** Answers matching requests with `response` instead of the target (null: let it through). */
  intercept(rule: (req: RecordedRequest) => CoreResponse | null): void;
  close(): Promise<void>;
}

export interface WorldOptions {
  users?: number;
  groups?: number;
  seed?: string;
  clock?: Clock;
  job?: CreateJobInput;
  engine?: Partial<EngineOptions>;
  dataDir?: string;
  baseAddressSuffix?: string;
  /** The target's compatibility profile. @default "entra" (accepts both Entra dialects) */
  profile?: ProfileName;
  /** Secrets over the default ones (BaseAddress, SecretToken of the target). */
  secrets?: Record<string, string>;
  /** Tokens the target accepts. @default one generated */
  tokens?: string[];
}

export async function startEngineWorld(options: WorldOptions = {}): Promise<EngineWorld> {
  const target = await startTarget({
    ...(options.clock ? { clock: options.clock } : {}),
    seed: options.seed ?? "world",
    profile: options.profile ?? "entra",
    ...(options.tokens ? { tokens: options.tokens } : {}),
  });
  const requests: RecordedRequest[] = [];
  let interceptor: ((req: RecordedRequest) => CoreResponse | null) | null = null;
  const describe = (exchange: { req: { method?: string | undefined }; url: string; path: string; body?: unknown }): RecordedRequest => {
    const q = exchange.url.indexOf("?");
    return {
      method: exchange.req.method ?? "",
      path: exchange.path,
      query: q < 0 ? "" : decodeURIComponent(exchange.url.slice(q + 1)),
      status: undefined,
      body: exchange.body,
      at: target.clock.now(),
    };
  };
  // The interceptor goes first; the target's own hooks (fault rules, journal) still run.
  const { before, done } = target.hooks;
  target.hooks.before = async (exchange, kind) => {
    const answer = interceptor?.(describe(exchange));
    return answer ?? before?.(exchange, kind);
  };
  target.hooks.done = (exchange, response, kind) => {
    requests.push({ ...describe(exchange), status: response?.status });
    done?.(exchange, response, kind);
  };
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "scimlab-engine-"));
  const engine = new Engine({
    dataDir,
    seed: options.seed ?? "world",
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.engine,
  });
  const { servicePrincipalId, jobId } = engine.createJob({
    secrets: { BaseAddress: target.baseUrl + (options.baseAddressSuffix ?? ""), SecretToken: target.tokens[0]!, ...options.secrets },
    ...options.job,
  });
  if (options.users || options.groups) {
    engine.directory.generate({ users: options.users ?? 0, groups: options.groups ?? 0, seed: options.seed ?? "world", assignTo: servicePrincipalId });
  }
  return {
    engine,
    target,
    jobId,
    servicePrincipalId,
    dataDir,
    requests,
    intercept: (rule) => {
      interceptor = rule;
    },
    close: async () => {
      await engine.close();
      await target.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Requests of one method to one endpoint (`/Users`, `/Groups`), by path prefix. */
export function count(requests: RecordedRequest[], method: string, prefix: string): number {
  return requests.filter((r) => r.method === method && r.path.startsWith(prefix)).length;
}
