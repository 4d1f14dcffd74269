import type { Clock } from "../../common/clock";
import { IO_HEADER } from "../../common/clock";
import { transportCause, type HttpTransport } from "./http-transport";
import { SERVICE_INCOMPATIBLE, TargetError, timeoutError, unreachableError } from "./target-error";

/**
 * How the engine authenticates to the target: a long-lived bearer token (Entra's "Secret
 * Token"), or OAuth 2.0 client credentials exchanged at a token endpoint and cached until
 * shortly before they expire on the engine's clock.
 */
export type TargetCredentials =
  | { kind: "bearer"; token: string }
  | { kind: "oauth-client-credentials"; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export interface TargetAuth {
  /** The Authorization header value for the next request. */
  authorization(): Promise<string>;
  /** Forgets a cached token (after a 401), so the next request fetches a fresh one. */
  invalidate(): void;
}

export function createTargetAuth(
  credentials: TargetCredentials,
  deps: { clock: Clock; transport: HttpTransport; timeoutMs: number },
): TargetAuth {
  if (credentials.kind === "bearer") {
    const header = `Bearer ${credentials.token}`;
    return { authorization: async () => header, invalidate: () => undefined };
  }
  let cached: { header: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  const fetchToken = async (): Promise<string> => {
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    if (credentials.scope) body.set("scope", credentials.scope);
    const basic = Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString("base64");
    const controller = new AbortController();
    const timer = deps.clock.setTimer(deps.timeoutMs, () => controller.abort());
    try {
      const response = await deps.clock.io((ioId) =>
        deps.transport({
          method: "POST",
          url: credentials.tokenUrl,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
            authorization: `Basic ${basic}`,
            ...(ioId ? { [IO_HEADER]: ioId } : {}),
          },
          body: body.toString(),
          signal: controller.signal,
        }),
      );
      if (response.status === 400 || response.status === 401 || response.status === 403) {
        throw new TargetError("Unauthorized", "credentials", `the token endpoint rejected the client credentials (${response.status})`, response.status);
      }
      if (response.status !== 200) {
        throw new TargetError("InternalServerError", "server", `the token endpoint answered ${response.status}`, response.status);
      }
      let parsed: { access_token?: unknown; expires_in?: unknown };
      try {
        parsed = JSON.parse(response.text) as typeof parsed;
      } catch {
        throw new TargetError(SERVICE_INCOMPATIBLE, "incompatible", "the token endpoint did not answer JSON");
      }
      if (typeof parsed.access_token !== "string" || parsed.access_token === "") {
        throw new TargetError(SERVICE_INCOMPATIBLE, "incompatible", "the token endpoint answered without access_token");
      }
      const lifetimeMs = (typeof parsed.expires_in === "number" ? parsed.expires_in : Number(parsed.expires_in ?? 3600)) * 1000;
      cached = {
        header: `Bearer ${parsed.access_token}`,
        // Renew a minute early (or halfway for short-lived tokens) so no request carries an expired one.
        expiresAt: deps.clock.now() + (lifetimeMs > 120_000 ? lifetimeMs - 60_000 : lifetimeMs / 2),
      };
      return cached.header;
    } catch (error) {
      if (error instanceof TargetError) throw error;
      if (controller.signal.aborted) throw timeoutError("POST", "(token endpoint)", deps.timeoutMs);
      throw unreachableError("POST", "(token endpoint)", transportCause(error));
    } finally {
      timer.cancel();
    }
  };
  return {
    authorization: async () => {
      if (cached && deps.clock.now() < cached.expiresAt) return cached.header;
      pending ??= fetchToken().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate: () => {
      cached = null;
    },
  };
}
