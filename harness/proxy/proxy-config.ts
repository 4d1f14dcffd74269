/** `scimlab proxy` flags become a validated config; each problem names the flag (exit 2). */
import { UsageError } from "../../common/config-error";
import { DurationError, parseDuration } from "../../common/duration";

export interface ProxyConfig {
  /** The real endpoint's SCIM base URL; the proxy serves the same path. */
  target: URL;
  host: string;
  port: number;
  faultsFile?: string;
  adminToken?: string;
  journalSize: number;
  /** Seed of probabilistic fault rules. */
  seed: string;
  timeoutMs: number;
}

export interface ProxyFlags {
  target?: unknown;
  listen?: unknown;
  faults?: unknown;
  adminToken?: unknown;
  journalSize?: unknown;
  seed?: unknown;
  timeout?: unknown;
}

export function resolveProxyConfig(flags: ProxyFlags): ProxyConfig {
  if (flags.target === undefined) throw new UsageError("--target is required: the real endpoint's SCIM base URL, e.g. --target https://app.example.com/scim/v2");
  let target: URL;
  try {
    target = new URL(String(flags.target));
  } catch {
    throw new UsageError(`--target is not a URL: give the SCIM base URL, e.g. https://app.example.com/scim/v2`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new UsageError(`--target must be an http or https URL, not ${target.protocol}`);
  if (target.search || target.hash) throw new UsageError("--target must not carry a query or fragment");
  const listen = String(flags.listen ?? "127.0.0.1:8081");
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen) ?? (/^\d{1,5}$/.test(listen) ? [listen, undefined, "127.0.0.1", listen] : null);
  if (!m) throw new UsageError(`--listen is ${JSON.stringify(listen)}: give HOST:PORT, e.g. 127.0.0.1:8081 (port 0 picks a free one)`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`--listen port ${port} is out of range (0-65535)`);
  const journalSize = Number(flags.journalSize ?? 1000);
  if (!Number.isInteger(journalSize) || journalSize < 0) throw new UsageError(`--journal-size is ${JSON.stringify(flags.journalSize)}: give a whole number (0 turns the journal off)`);
  const adminToken = flags.adminToken === undefined ? undefined : String(flags.adminToken);
  if (adminToken !== undefined && adminToken.length < 4) throw new UsageError("--admin-token is shorter than 4 characters: use a longer token");
  let timeoutMs = 60_000;
  if (flags.timeout !== undefined) {
    try {
      timeoutMs = parseDuration(String(flags.timeout));
    } catch (error) {
      if (error instanceof DurationError) throw new UsageError(`--timeout is ${JSON.stringify(flags.timeout)}: write it like 30s or PT1M`);
      throw error;
    }
  }
  return {
    target,
    host: m[1] ?? m[2]!,
    port,
    ...(flags.faults !== undefined ? { faultsFile: String(flags.faults) } : {}),
    ...(adminToken !== undefined ? { adminToken } : {}),
    journalSize,
    seed: flags.seed === undefined ? "scimlab-proxy" : String(flags.seed),
    timeoutMs,
  };
}
