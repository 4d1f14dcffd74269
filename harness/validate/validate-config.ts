/**
 * `scimlab validate` options become a validated config in one function. Every problem names the
 * flag and the fix (UsageError, exit 2). Secrets are kept out of every message.
 */
import { UsageError } from "../../common/config-error";
import { DurationError, parseDuration } from "../../common/duration";
import { ENTRA_DIALECTS, type EntraDialect } from "../../scim/dialect";
import type { RequestDialect } from "./checks/request-dialect";

export const VALIDATE_PROFILES = ["entra", "okta", "rfc"] as const;
export type ValidateProfile = (typeof VALIDATE_PROFILES)[number];

export type ValidateAuth =
  | { kind: "bearer"; token: string }
  | { kind: "oauth"; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export interface ReporterSpec {
  name: string;
  /** Output file; the console reporter writes to stdout when absent. */
  file?: string;
}

export interface ValidateConfig {
  /** The SCIM base URL, without a trailing slash. */
  target: string;
  auth: ValidateAuth;
  profile: ValidateProfile;
  /** The clients whose request sequences are checked. */
  dialects: RequestDialect[];
  /** Size of the live run's population. */
  users: number;
  groups: number;
  /** Run the engine live run. @default true for the entra profile */
  live: boolean;
  dryRun: boolean;
  timeoutMs: number;
  reporters: ReporterSpec[];
  /** Seed of the live run's population, combined with the run prefix. */
  seed: string;
}

export interface ValidateFlags {
  target?: unknown;
  token?: unknown;
  clientId?: unknown;
  clientSecret?: unknown;
  tokenUrl?: unknown;
  scope?: unknown;
  profile?: unknown;
  dialect?: unknown;
  users?: unknown;
  groups?: unknown;
  live?: unknown;
  dryRun?: unknown;
  timeout?: unknown;
  reporter?: unknown;
}

export const REPORTER_NAMES = ["console", "json", "junit", "html"] as const;

export function resolveValidateConfig(flags: ValidateFlags): ValidateConfig {
  const target = text(flags.target);
  if (!target) throw new UsageError("--target is required: the SCIM base URL, e.g. --target https://app.example.com/scim/v2");
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`--target is not a URL: give the SCIM base URL, e.g. https://app.example.com/scim/v2`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--target must be an http or https URL, not ${url.protocol}`);
  if (url.search || url.hash) throw new UsageError("--target must not carry a query or fragment: give the SCIM base URL only (the dialect is chosen with --dialect)");

  const profile = (text(flags.profile) ?? "entra") as ValidateProfile;
  if (!VALIDATE_PROFILES.includes(profile)) throw new UsageError(`--profile is ${JSON.stringify(flags.profile)}: use one of ${VALIDATE_PROFILES.join(", ")}`);

  const dialectFlag = text(flags.dialect);
  let dialects: RequestDialect[];
  if (profile === "entra") {
    if (dialectFlag === undefined || dialectFlag === "both") dialects = [...ENTRA_DIALECTS];
    else if ((ENTRA_DIALECTS as readonly string[]).includes(dialectFlag)) dialects = [dialectFlag as EntraDialect];
    else throw new UsageError(`--dialect is ${JSON.stringify(dialectFlag)}: use entra-2017, entra-2020 or both`);
  } else {
    if (dialectFlag !== undefined) throw new UsageError(`--dialect applies to --profile entra only (the ${profile} profile has one request form)`);
    dialects = [profile];
  }

  return {
    target: url.toString().replace(/\/+$/, ""),
    auth: resolveAuth(flags),
    profile,
    dialects,
    users: count(flags.users, "--users", 20, 1, 1000),
    groups: count(flags.groups, "--groups", 3, 0, 100),
    live: flags.live === undefined ? profile === "entra" : flags.live !== false,
    dryRun: flags.dryRun === true,
    timeoutMs: duration(flags.timeout, "--timeout", 30_000),
    reporters: reporters(flags.reporter),
    seed: "scimlab-validate",
  };
}

function resolveAuth(flags: ValidateFlags): ValidateAuth {
  const token = text(flags.token);
  const oauth = { clientId: text(flags.clientId), clientSecret: text(flags.clientSecret), tokenUrl: text(flags.tokenUrl) };
  const anyOauth = Object.values(oauth).some((v) => v !== undefined);
  if (token !== undefined && anyOauth) throw new UsageError("give either --token or --client-id/--client-secret/--token-url, not both");
  if (token !== undefined) {
    if (token === "") throw new UsageError("--token is empty: give the bearer token the endpoint accepts");
    return { kind: "bearer", token };
  }
  if (!anyOauth) throw new UsageError("authentication is required: --token T, or --client-id ID --client-secret S --token-url URL (OAuth 2.0 client credentials)");
  const missing = (["clientId", "clientSecret", "tokenUrl"] as const).filter((k) => !oauth[k]).map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (missing.length) throw new UsageError(`OAuth client credentials need ${missing.join(" and ")} as well`);
  try {
    const u = new URL(oauth.tokenUrl!);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
  } catch {
    throw new UsageError("--token-url is not an http or https URL: give the OAuth 2.0 token endpoint");
  }
  const scope = text(flags.scope);
  return { kind: "oauth", tokenUrl: oauth.tokenUrl!, clientId: oauth.clientId!, clientSecret: oauth.clientSecret!, ...(scope ? { scope } : {}) };
}

function reporters(value: unknown): ReporterSpec[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const specs = list.map((entry) => {
    const raw = String(entry);
    const colon = raw.indexOf(":");
    const name = colon < 0 ? raw : raw.slice(0, colon);
    const file = colon < 0 ? undefined : raw.slice(colon + 1);
    if (!(REPORTER_NAMES as readonly string[]).includes(name)) throw new UsageError(`--reporter ${JSON.stringify(raw)}: use one of ${REPORTER_NAMES.join(", ")}, optionally with :FILE`);
    if (file === "") throw new UsageError(`--reporter ${raw}: the file name after ":" is empty`);
    if (name !== "console" && file === undefined) throw new UsageError(`--reporter ${name} needs a file: --reporter ${name}:validate-report.${name === "junit" ? "xml" : name}`);
    return file === undefined ? { name } : { name, file };
  });
  return specs.length ? specs : [{ name: "console" }];
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function count(value: unknown, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} is ${JSON.stringify(value)}: give a whole number from ${min} to ${max}`);
  return n;
}

function duration(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  try {
    const ms = parseDuration(String(value));
    if (ms <= 0) throw new DurationError(String(value));
    return ms;
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(`${flag} is ${JSON.stringify(value)}: write it like 30s, 2m or PT30S`);
    throw error;
  }
}
