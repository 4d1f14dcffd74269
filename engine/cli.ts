/**
 * What `scimlab engine` runs: validates the flags (a bad one is a UsageError naming it, exit code
 * 2), starts the engine service, prints the ids and the API token, and stops cleanly on
 * SIGINT/SIGTERM (a running cycle is interrupted and resumes on the next start).
 */
import { exposureWarning } from "../common/exposure";
import { resolve } from "node:path";
import { UsageError } from "../common/config-error";
import { DurationError, parseDuration } from "../common/duration";
import { createLogger, type Logger } from "../common/logger";
import { ENTRA_DIALECTS, type EntraDialect } from "../scim/dialect";
import { mailOptionsFromFlags } from "./cli-mail-flags";
import { startEngineService, type EngineService, type EngineServiceOptions } from "./service";

export type Flags = Record<string, unknown>;

function intFlag(flags: Flags, name: string, flag: string, min: number, max: number): number {
  const raw = flags[name];
  const n = Number(raw);
  if (typeof raw !== "string" || !/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return n;
}

function stringFlag(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/** Turns the command-line flags into service options; every problem names its flag. */
export function serviceOptionsFromFlags(flags: Flags, logger?: Logger, env: NodeJS.ProcessEnv = process.env): EngineServiceOptions {
  const target = stringFlag(flags, "target");
  if (target !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(target);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new UsageError(`--target must be an http(s) URL like http://127.0.0.1:8080/scim/v2, not ${JSON.stringify(target)}`);
    }
  }
  const interval = stringFlag(flags, "interval");
  if (interval !== undefined) {
    try {
      parseDuration(interval);
    } catch (error) {
      if (error instanceof DurationError) throw new UsageError(`--interval: ${error.message}`);
      throw error;
    }
  }
  const dialect = stringFlag(flags, "dialect");
  if (dialect !== undefined && !(ENTRA_DIALECTS as readonly string[]).includes(dialect)) {
    throw new UsageError(`--dialect must be one of ${ENTRA_DIALECTS.join(", ")}, not ${JSON.stringify(dialect)}`);
  }
  const clock = stringFlag(flags, "clock") ?? "real";
  if (clock !== "real" && clock !== "controlled") throw new UsageError(`--clock must be real or controlled, not ${JSON.stringify(clock)}`);
  const apiToken = stringFlag(flags, "apiToken");
  if (apiToken !== undefined && apiToken.length < 8) throw new UsageError("--api-token must be at least 8 characters");
  const targetToken = stringFlag(flags, "targetToken");
  const { mailSummary: _summary, ...mail } = mailOptionsFromFlags(flags, env);
  return {
    ...mail,
    target,
    targetToken,
    dataDir: resolve(stringFlag(flags, "data") ?? "./scimlab-engine"),
    host: stringFlag(flags, "host") ?? "127.0.0.1",
    port: intFlag({ port: flags.port ?? "8090" }, "port", "--port", 0, 65535),
    sourceUsers: intFlag({ v: flags.sourceUsers ?? "0" }, "v", "--source-users", 0, 2_000_000),
    sourceGroups: intFlag({ v: flags.sourceGroups ?? "0" }, "v", "--source-groups", 0, 1_000_000),
    seed: stringFlag(flags, "seed"),
    interval,
    dialect: dialect as EntraDialect | undefined,
    apiToken,
    clock,
    ...(logger ? { logger } : {}),
  };
}

export async function runEngine(flags: Flags, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<EngineService> {
  // The logger exists before the engine; it scrubs the engine's secrets once there is one.
  const started: { service?: EngineService } = {};
  const logger = createLogger({
    name: "engine",
    level: stringFlag(flags, "logLevel") ?? "info",
    scrub: (line) => (started.service ? started.service.engine.secrets.scrub(line) : line),
  });
  const options = serviceOptionsFromFlags(flags, logger);
  // Before listening, so the warning is out even when the address then turns out to be wrong.
  const warning = exposureWarning({ listener: "engine API", host: options.host ?? "127.0.0.1", tokenGiven: options.apiToken !== undefined, tokenFlag: "--api-token" });
  if (warning) err.write(`${warning}\n`);
  const s = await startEngineService(options);
  started.service = s;
  out.write(
    `scimlab engine: API on ${s.url} (clock: ${s.clock}${s.created ? "" : ", resumed existing state"})\n` +
      `servicePrincipalId: ${s.servicePrincipalId}\n` +
      `jobId: ${s.jobId}\n` +
      // A token the user chose is theirs already; only a generated one is shown, once.
      `apiToken: ${options.apiToken === undefined ? s.apiToken : "(as given with --api-token)"}\n` +
      `mail: ${s.mail}\n` +
      `status: curl -H "Authorization: Bearer <apiToken>" ${s.url}/v1.0/servicePrincipals/${s.servicePrincipalId}/synchronization/jobs/${s.jobId}\n`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping the engine");
    void s.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "failed to stop cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  return s;
}
