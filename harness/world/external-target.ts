import { UsageError } from "../../common/config-error";
import { DurationError, parseDuration } from "../../common/duration";
import type { SecretRegistry } from "../../common/redact";
import type { VirtualClock } from "../../common/virtual-clock";
import type { TargetCredentials } from "../../engine/scim-client/target-auth";
import { startProxy, type ScimProxy } from "../proxy/index";
import type { FaultInput } from "../scenario/engine-step-schemas";
import { EndpointReader } from "./endpoint-reader";
import { ProxyJournalView } from "./proxy-journal";
import type { RunPrefix } from "./run-prefix";
import { WorldFaults } from "./world-faults";
import type { WorldTarget } from "./world";

/**
 * A real SCIM endpoint a portable scenario runs against (`scimlab run --target URL
 * --target-token T`). Plain data: it crosses into the runner's worker threads.
 */
export interface ExternalTarget {
  /** The endpoint's SCIM base URL. */
  url: string;
  /** A bearer token the endpoint accepts (or `oauth`). */
  token?: string;
  /** OAuth 2.0 client credentials instead of a token. */
  oauth?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** The start of every run prefix (`<prefix>-<12 hex>-`). @default "scimlab" */
  prefix?: string;
  /** How long the proxy and the harness's own reads wait for the endpoint (real time). @default 30000 */
  timeoutMs?: number;
  /** Six hex digits shared by the run prefixes of one `scimlab run` (see RunPrefix). @default one per world */
  runId?: string;
}

/** `scimlab run`'s --target… flags, as commander gives them. */
export interface ExternalTargetFlags {
  target?: string;
  targetToken?: string;
  targetClientId?: string;
  targetClientSecret?: string;
  targetTokenUrl?: string;
  targetScope?: string;
  targetPrefix?: string;
  targetTimeout?: string;
}

/** The --target… flags as an {@link ExternalTarget}, or undefined without --target; bad flags are a UsageError (exit 2). */
export function externalTargetOf(flags: ExternalTargetFlags): ExternalTarget | undefined {
  const others = (["targetToken", "targetClientId", "targetClientSecret", "targetTokenUrl", "targetScope", "targetPrefix", "targetTimeout"] as const).filter((k) => flags[k] !== undefined);
  if (flags.target === undefined) {
    if (others.length > 0) throw new UsageError(`--${kebab(others[0]!)} needs --target URL: the endpoint's SCIM base URL`);
    return undefined;
  }
  const url = httpUrl(flags.target, "--target", "https://app.example.com/scim/v2");
  const oauthFlags = [flags.targetClientId, flags.targetClientSecret, flags.targetTokenUrl];
  const oauth = oauthFlags.some((f) => f !== undefined);
  if (oauth && flags.targetToken !== undefined) throw new UsageError("--target-token and --target-client-id/--target-client-secret/--target-token-url exclude each other: authenticate one way");
  if (!oauth && flags.targetToken === undefined) {
    throw new UsageError("--target needs credentials: --target-token T, or --target-client-id, --target-client-secret and --target-token-url (OAuth client credentials)");
  }
  if (oauth && oauthFlags.some((f) => f === undefined || f === "")) {
    throw new UsageError("OAuth client credentials need all three of --target-client-id, --target-client-secret and --target-token-url");
  }
  if (flags.targetToken !== undefined && flags.targetToken.length < 4) throw new UsageError("--target-token is shorter than 4 characters: give the token the endpoint accepts");
  const prefix = flags.targetPrefix ?? "scimlab";
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(prefix)) throw new UsageError(`--target-prefix ${JSON.stringify(prefix)}: use 1-32 letters, digits, dots, dashes or underscores`);
  let timeoutMs = 30_000;
  if (flags.targetTimeout !== undefined) {
    try {
      timeoutMs = parseDuration(flags.targetTimeout);
    } catch (error) {
      if (error instanceof DurationError) throw new UsageError(`--target-timeout ${JSON.stringify(flags.targetTimeout)}: write it like 30s or PT1M`);
      throw error;
    }
  }
  return {
    url,
    ...(oauth
      ? {
          oauth: {
            tokenUrl: httpUrl(flags.targetTokenUrl!, "--target-token-url", "https://login.example.com/oauth2/token"),
            clientId: flags.targetClientId!,
            clientSecret: flags.targetClientSecret!,
            ...(flags.targetScope ? { scope: flags.targetScope } : {}),
          },
        }
      : { token: flags.targetToken! }),
    prefix,
    timeoutMs,
  };
}

function httpUrl(value: string, flag: string, example: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} is not a URL: give one like ${example}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`${flag} must be an http or https URL, not ${url.protocol}`);
  if (url.search || url.hash) throw new UsageError(`${flag} must not carry a query or fragment`);
  return url.href.replace(/\/+$/, "");
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export interface StartedExternalTarget {
  proxy: ScimProxy;
  /** The scenario's view: faults on the proxy, resources read over SCIM, the proxy's journal. */
  target: WorldTarget;
  /** Synchronization secrets that make the engine authenticate at the endpoint, through the proxy. */
  credentials: Record<string, string>;
  /** The token or client secret. */
  secret: string;
  /** Reads the run's users once: throws saying why when the endpoint cannot be reached or refuses the credentials. */
  check(): Promise<void>;
  /** Removes every object of the run from the endpoint; throws naming what it could not remove. */
  removeRunObjects(): Promise<number>;
}

/**
 * Starts a proxy (on the world's clock: its latency, hangs and fault windows cost virtual time)
 * in front of the endpoint, and the scenario's view of the endpoint. Steps that would need to own
 * the endpoint (stop it, seed it, switch its profile) are refused here too, for a world created
 * from a scenario that was never validated as portable.
 */
export async function startExternalTarget(
  clock: VirtualClock,
  endpoint: ExternalTarget,
  prefix: RunPrefix,
  seed: string,
  secrets: SecretRegistry,
): Promise<StartedExternalTarget> {
  const timeoutMs = endpoint.timeoutMs ?? 30_000;
  const proxy = await startProxy({ target: endpoint.url, clock, seed: `${seed}/proxy`, journalSize: 1_000_000, timeoutMs });
  const secret = endpoint.token ?? endpoint.oauth?.clientSecret ?? "";
  secrets.add(secret);
  proxy.secrets.add(secret);
  const credentials = engineCredentials(endpoint, proxy);
  const readCredentials: TargetCredentials = endpoint.oauth
    ? { kind: "oauth-client-credentials", ...endpoint.oauth }
    : { kind: "bearer", token: endpoint.token ?? "" };
  const reader = new EndpointReader(endpoint.url, readCredentials, prefix.value, timeoutMs);
  const faults = new WorldFaults(proxy);
  const journal = new ProxyJournalView(proxy);
  const notOwned = (what: string) => async (): Promise<never> => {
    throw new Error(`${what} is not possible on a real endpoint (${endpoint.url}): the scenario must not be portable`);
  };
  const target: WorldTarget = {
    addFault: async (fault) => faults.add(withPrefixedFilter(fault, prefix)),
    removeFault: async (id) => faults.remove(id),
    resetFaults: async () => faults.reset(),
    setState: notOwned("stopping or starting the target"),
    seed: notOwned("seeding the target"),
    setProfile: notOwned("switching the target's profile"),
    resources: async () => {
      const { users, groups } = await reader.resources();
      return { users: users.map((u) => prefix.resource(u)), groups: groups.map((g) => prefix.resource(g)) };
    },
    journal: async () => journal.entries(),
  };
  return {
    proxy,
    target,
    credentials,
    secret,
    check: () => reader.check(),
    removeRunObjects: () => reader.removeAll(journal.createdIds()),
  };
}

/** A rule's `match.filter` names objects as the scenario knows them; the proxy sees them prefixed. */
function withPrefixedFilter(fault: FaultInput, prefix: RunPrefix): FaultInput {
  if (!("rule" in fault)) return fault;
  const match = fault.rule.match as Record<string, unknown> | undefined;
  if (typeof match?.filter !== "string") return fault;
  return { ...fault, rule: { ...fault.rule, match: { ...match, filter: prefix.filter(match.filter) } } };
}

/**
 * The engine talks to the proxy. With OAuth, a token endpoint on the endpoint's own origin is
 * reached through the proxy too (so `expire-token-after` and Token rules apply); another origin
 * (an identity provider) is called directly.
 */
function engineCredentials(endpoint: ExternalTarget, proxy: ScimProxy): Record<string, string> {
  if (!endpoint.oauth) return { SecretToken: endpoint.token ?? "" };
  const tokenUrl = new URL(endpoint.oauth.tokenUrl);
  const viaProxy = tokenUrl.origin === proxy.target.origin ? `${proxy.url}${tokenUrl.pathname}${tokenUrl.search}` : tokenUrl.href;
  return {
    authenticationType: "OAuth2ClientCredentialsGrant",
    Oauth2TokenExchangeUri: viaProxy,
    Oauth2ClientId: endpoint.oauth.clientId,
    Oauth2ClientSecret: endpoint.oauth.clientSecret,
  };
}

/**
 * Checks once, before any scenario runs, that the endpoint answers and accepts the credentials
 * (`scimlab run --target` then stops with exit 2 instead of failing every scenario alike).
 */
export async function checkExternalTarget(endpoint: ExternalTarget): Promise<void> {
  const credentials: TargetCredentials = endpoint.oauth ? { kind: "oauth-client-credentials", ...endpoint.oauth } : { kind: "bearer", token: endpoint.token ?? "" };
  try {
    await new EndpointReader(endpoint.url, credentials, `${endpoint.prefix ?? "scimlab"}-`, endpoint.timeoutMs ?? 30_000).check();
  } catch (error) {
    throw new UsageError(`--target: ${(error as Error).message}`);
  }
}

/**
 * After an interruption (Ctrl-C): the workers were terminated in the middle of their scenarios,
 * so no world removed its objects. Waits a moment for requests the endpoint had already received,
 * then removes every user and group carrying this run's prefix (all its worlds').
 */
export async function removeRunLeftovers(endpoint: ExternalTarget & { runId: string }, graceMs = 1000): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, graceMs)); // real-time: let the endpoint finish requests it already had
  const credentials: TargetCredentials = endpoint.oauth ? { kind: "oauth-client-credentials", ...endpoint.oauth } : { kind: "bearer", token: endpoint.token ?? "" };
  const reader = new EndpointReader(endpoint.url, credentials, `${endpoint.prefix ?? "scimlab"}-${endpoint.runId}`, endpoint.timeoutMs ?? 30_000);
  return reader.removeAll({ users: [], groups: [] });
}
