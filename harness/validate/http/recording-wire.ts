/**
 * A wire that records every exchange with secrets removed: secret headers masked, registered
 * secret values (the bearer token, the client secret, every access token a token endpoint issued)
 * scrubbed from bodies. Access tokens are registered before anything is recorded.
 */
import { redactHeaders, type SecretRegistry } from "../../../common/redact";
import { parseBody, type ExchangeRecorder, type RecordedExchange } from "./exchange";
import type { Wire, WireResponse } from "./wire";

export interface RecordingOptions {
  recorder: ExchangeRecorder;
  secrets: SecretRegistry;
  /** Dry run: the answer goes back to the caller, the record says "not sent". */
  dryRun?: boolean;
}

export function recordingWire(inner: Wire, options: RecordingOptions): Wire {
  const { recorder, secrets } = options;
  return async (request) => {
    const started = performance.now(); // real-time: latency shown in the report
    const record: RecordedExchange = {
      request: {
        method: request.method,
        url: secrets.scrub(request.url),
        headers: scrubHeaders(request.headers, secrets),
        ...(request.body === undefined ? {} : { body: secrets.scrubValue(parseBody(request.body)) }),
      },
      response: null,
      sent: !options.dryRun,
      ms: 0,
    };
    let response: WireResponse;
    try {
      response = await inner(request);
    } catch (error) {
      record.error = describeTransportError(error);
      record.ms = elapsed(started);
      recorder.record(record);
      throw error;
    }
    registerIssuedToken(response, secrets);
    record.ms = elapsed(started);
    if (!options.dryRun) {
      const body = parseBody(response.text);
      record.response = {
        status: response.status,
        headers: scrubHeaders(response.headers, secrets),
        ...(body === undefined ? {} : { body: secrets.scrubValue(body) }),
      };
    }
    recorder.record(record);
    return { ...response, exchange: record };
  };
}

function scrubHeaders(headers: Record<string, string>, secrets: SecretRegistry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(redactHeaders(headers))) out[name] = secrets.scrub(String(value));
  return out;
}

function registerIssuedToken(response: WireResponse, secrets: SecretRegistry): void {
  if (!response.text.includes("access_token")) return;
  const body = parseBody(response.text) as { access_token?: unknown; refresh_token?: unknown } | string | undefined;
  if (body && typeof body === "object") {
    if (typeof body.access_token === "string") secrets.add(body.access_token);
    if (typeof body.refresh_token === "string") secrets.add(body.refresh_token);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10; // real-time: see above
}

/** ECONNREFUSED, ECONNRESET, a timeout, or the error's name: never the request itself. */
export function describeTransportError(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError") return "timed out";
    if (name === "AbortError") return "interrupted";
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : "network error";
}
