/**
 * What `scimlab simulate` runs: validates the flags (a bad one is a UsageError naming it, exit
 * code 2), starts a target, prints where it listens and how to call it, and closes it cleanly
 * on SIGINT/SIGTERM (writing the snapshot when --data is set).
 */
import { exposureWarning } from "../common/exposure";
import { UsageError } from "../common/config-error";
import { DurationError, parseDuration } from "../common/duration";
import { createLogger } from "../common/logger";
import { isProfileName, PROFILE_NAMES } from "./profiles";
import { type Target, type TargetOptions, startTarget } from "./target";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../common/config-error";
import type { RuleOrPreset } from "./faults/fault-set";
import { FaultSet } from "./faults/fault-set";
import { ScimStore } from "./store";
import { SystemClock } from "../common/clock";
import { createRandom } from "../common/random";
import { DEFAULT_LIMITS } from "./context";
import { PROFILES } from "./profiles";

export type Flags = Record<string, unknown>;

export function intFlag(flags: Flags, name: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = flags[name];
  const n = Number(raw);
  if (typeof raw !== "string" || !/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return n;
}

function pair(value: string, flag: string, shape: string): [string, string] {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) throw new UsageError(`${flag} takes ${shape}, e.g. ${flag} ${shape.replace(/[<>]/g, "")}`);
  return [value.slice(0, colon), value.slice(colon + 1)];
}

/** Turns command-line flags into target options; every problem names its flag. */
export function optionsFromFlags(flags: Flags): TargetOptions & { extra: { faultsFile?: string; adminToken?: string; journalSize: number } } {
  const profile = flags.profile;
  if (!isProfileName(profile)) throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(", ")}, not ${JSON.stringify(profile)}`);
  const tokenTtl = String(flags.tokenTtl ?? "1h");
  try {
    parseDuration(tokenTtl);
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(`--token-ttl: ${error.message}`);
    throw error;
  }
  const tokens = (flags.token as string[] | undefined) ?? [];
  for (const t of tokens) if (t.length < 4) throw new UsageError(`--token must be at least 4 characters`);
  const basic = ((flags.basic as string[] | undefined) ?? []).map((b) => {
    const [username, password] = pair(b, "--basic", "<user:password>");
    return { username, password };
  });
  const oauthFlag = flags.oauthClient as string | undefined;
  const oauth = oauthFlag
    ? (() => {
        const [clientId, clientSecret] = pair(oauthFlag, "--oauth-client", "<id:secret>");
        return { clientId, clientSecret, tokenTtl };
      })()
    : undefined;
  const basePath = String(flags.basePath ?? "/scim/v2");
  if (!/^\/[\w\-./~]*$/.test(basePath)) throw new UsageError(`--base-path must be a URL path like /scim/v2, not ${JSON.stringify(basePath)}`);
  return {
    host: String(flags.host ?? "127.0.0.1"),
    port: intFlag(flags, "port", "--port", 0, 65535),
    basePath,
    profile,
    ...(tokens.length ? { tokens } : {}),
    ...(basic.length ? { basic } : {}),
    ...(oauth ? { oauth } : {}),
    seedUsers: intFlag(flags, "seedUsers", "--seed-users", 0, 2_000_000),
    seedGroups: intFlag(flags, "seedGroups", "--seed-groups", 0, 1_000_000),
    ...(flags.seed !== undefined ? { seed: String(flags.seed) } : {}),
    ...(flags.data !== undefined ? { dataFile: String(flags.data) } : {}),
    limits: {
      maxOperations: intFlag(flags, "maxOperations", "--max-operations", 1),
      maxPayloadSize: intFlag(flags, "maxPayloadSize", "--max-payload-size", 1024),
    },
    extra: {
      ...(flags.faults !== undefined ? { faultsFile: String(flags.faults) } : {}),
      ...(flags.adminToken !== undefined ? { adminToken: String(flags.adminToken) } : {}),
      journalSize: intFlag(flags, "journalSize", "--journal-size", 0, 1_000_000),
    },
  };
}

export async function runSimulate(flags: Flags, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<Target> {
  const { extra, ...options } = optionsFromFlags(flags);
  const level = String(flags.logLevel ?? "info");
  let scrub: (line: string) => string = (line) => line;
  const logger = createLogger({ name: "simulator", level, scrub: (line) => scrub(line) });
  const faults = extra.faultsFile ? readFaultsFile(extra.faultsFile) : undefined;
  // Before listening, so the warning is out even when the address then turns out to be wrong.
  const warning = exposureWarning({ listener: "SCIM endpoint", host: options.host ?? "127.0.0.1", tokenGiven: Boolean(options.tokens || options.basic || options.oauth), tokenFlag: "--token" });
  if (warning) err.write(`${warning}\n`);
  const target = await startTarget({
    ...options,
    logger,
    journalSize: extra.journalSize,
    ...(faults ? { faults } : {}),
    ...(extra.adminToken !== undefined ? { adminToken: extra.adminToken } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") throw new UsageError(`--port ${options.port} on ${options.host} is already in use: choose another port, or --port 0 for a free one`);
    if (error.code === "EADDRNOTAVAIL") throw new UsageError(`--host ${options.host} is not an address of this machine`);
    throw error;
  });
  scrub = (line) => target.secrets.scrub(line);
  const generated = !options.tokens && !options.basic && !options.oauth;
  const lines = [
    `scimlab simulator (profile ${target.profile}) listening at ${target.baseUrl}`,
    `users: ${target.store.countUsers()}, groups: ${target.store.countGroups()}`,
  ];
  if (generated) lines.push(`token: ${target.tokens[0]}`);
  else if (options.tokens?.length) lines.push(`tokens: the ${options.tokens.length} given with --token`);
  if (options.oauth) lines.push(`OAuth token endpoint: ${target.tokenUrl} (client ${options.oauth.clientId})`);
  if (faults) lines.push(`fault rules: ${target.faults.size} from ${extra.faultsFile}`);
  if (target.adminUrl) lines.push(`admin API: ${target.adminUrl}/_admin (also ${target.url}/_admin), OpenAPI at /_admin/openapi.json`);
  lines.push(`try: curl -H "Authorization: Bearer ${generated ? target.tokens[0] : "<token>"}" ${target.baseUrl}/Users`);
  out.write(`${lines.join("\n")}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    target.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`scimlab: could not close cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  return target;
}

/**
 * Reads a faults file: a YAML or JSON list of rules and presets, or `{faults: [...]}`. Every rule is
 * checked here, so a bad file stops start-up with the file, the field and the fix (exit code 2).
 */
export function readFaultsFile(file: string): RuleOrPreset[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw ConfigError.single("(file)", `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, "check the path given to --faults", file);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw ConfigError.single("(file)", `is not valid YAML: ${(error as Error).message.split("\n")[0]}`, undefined, file);
  }
  const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === "object" && Array.isArray((parsed as { faults?: unknown }).faults) ? (parsed as { faults: unknown[] }).faults : undefined;
  if (!list) throw ConfigError.single("faults", "expected a list of fault rules or presets (or {faults: [...]})", "see docs/simulator.md, \"Fault rules\"", file);
  // Validate against a scratch fault set so every problem names this file.
  const scratch = new FaultSet({ store: new ScimStore(), clock: new SystemClock(), random: createRandom(1), profile: () => PROFILES.rfc, limits: DEFAULT_LIMITS }, new SystemClock(), createRandom(1));
  scratch.use(list as RuleOrPreset[], file);
  return list as RuleOrPreset[];
}
