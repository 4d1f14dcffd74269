import { IO_HEADER, type Clock } from "../../common/clock";
import type { SecretRegistry } from "../../common/redact";
import { eqFilter } from "../../scim/dialect";
import { SCIM_CONTENT_TYPE, type ListResponse, type PatchRequest, type ResourceEndpoint, type ScimResource } from "../../scim/types";
import { RequestAbort, transportCause, type HttpResponse, type HttpTransport } from "./http-transport";
import type { TargetAuth } from "./target-auth";
import {
  CREDENTIAL_VALIDATION_FAILURE,
  TargetError,
  errorForStatus,
  incompatibleError,
  timeoutError,
  unreachableError,
} from "./target-error";

export interface ScimClientOptions {
  clock: Clock;
  /** The target's base URL (tenant URL) without the `aadOptscim062020` flag. */
  baseUrl: string;
  auth: TargetAuth;
  transport: HttpTransport;
  /** Per-request timeout on the clock. */
  timeoutMs: number;
  /** Longest Retry-After honoured; longer ones are cut to this. */
  retryAfterCapMs: number;
  /** Retries of a request answered 429 before it fails with TooManyRequests. */
  maxRetriesOn429: number;
  /** Scrubs live secrets from the target's error details. */
  secrets?: SecretRegistry;
  /** Called once per HTTP request sent (including retries), for request-rate figures. */
  onRequest?: (method: string) => void;
}

/** When a 429 carries no Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 5_000;

/**
 * The engine's SCIM client: the requests Entra sends (section 8 of the model), with per-request
 * timeouts and Retry-After on the engine's clock. Every failure is a {@link TargetError}.
 */
export class ScimClient {
  private readonly base: string;
  /** Requests sent so far by this client, retries included. */
  requestsSent = 0;
  /** Of those, answered 401 or 403 (what "most calls fail with 401/403" counts). */
  credentialRejections = 0;

  constructor(private readonly options: ScimClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
  }

  /** `GET /{endpoint}?filter=attr eq "value"`: the one match, null for none, EntryConflict for several. */
  async findOne(endpoint: ResourceEndpoint, attribute: string, value: string, excludedAttributes?: string): Promise<ScimResource | null> {
    const query = new URLSearchParams();
    if (excludedAttributes) query.set("excludedAttributes", excludedAttributes);
    query.set("filter", eqFilter(attribute, value));
    const path = `/${endpoint}?${query.toString().replace(/\+/g, "%20")}`;
    const list = (await this.send("GET", path)) as Partial<ListResponse> | null;
    const resources = list?.Resources;
    if (!list || typeof list !== "object" || (resources !== undefined && !Array.isArray(resources))) {
      throw incompatibleError("GET", `/${endpoint}`, "the answer is not a ListResponse");
    }
    const found = (resources ?? []).filter((r): r is ScimResource => !!r && typeof r === "object");
    if (found.length === 0) return null;
    if (found.length > 1) {
      throw new TargetError(
        "DuplicateTargetEntries",
        "conflict",
        `${found.length} ${endpoint} in the target match ${attribute} eq "${value}"`,
      );
    }
    const resource = found[0]!;
    if (typeof resource.id !== "string" || resource.id === "") {
      throw incompatibleError("GET", `/${endpoint}`, "the matching resource has no id");
    }
    return resource;
  }

  async create(endpoint: ResourceEndpoint, resource: Record<string, unknown>): Promise<ScimResource> {
    const created = (await this.send("POST", `/${endpoint}`, resource)) as ScimResource | null;
    if (!created || typeof created.id !== "string" || created.id === "") {
      throw incompatibleError("POST", `/${endpoint}`, "the created resource came back without an id");
    }
    return created;
  }

  async patch(endpoint: ResourceEndpoint, id: string, request: PatchRequest): Promise<void> {
    await this.send("PATCH", `/${endpoint}/${encodeURIComponent(id)}`, request);
  }

  /** Deletes; a 404 means it is gone already, which is what a delete wants. */
  async delete(endpoint: ResourceEndpoint, id: string): Promise<"deleted" | "absent"> {
    try {
      await this.send("DELETE", `/${endpoint}/${encodeURIComponent(id)}`);
      return "deleted";
    } catch (error) {
      if (error instanceof TargetError && error.httpStatus === 404) return "absent";
      throw error;
    }
  }

  /**
   * The connection test: a filter on the matching attribute with a random value must answer 200
   * with no match. Credential failures carry the service's CredentialValidationFailure code.
   */
  async testConnection(attribute: string, randomValue: string): Promise<void> {
    try {
      const found = await this.findOne("Users", attribute, randomValue);
      if (found) throw incompatibleError("GET", "/Users", `a filter on a random ${attribute} matched a resource`);
    } catch (error) {
      if (error instanceof TargetError && error.category === "credentials") {
        throw new TargetError(CREDENTIAL_VALIDATION_FAILURE, "credentials", error.message, error.httpStatus, error.detail);
      }
      throw error;
    }
  }

  /** One request with its 429 retries; resolves to the parsed JSON body (null when empty). */
  async send(method: string, path: string, body?: unknown): Promise<unknown> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      const response = await this.once(method, path, text);
      if (response.status === 429 && attempt < this.options.maxRetriesOn429) {
        await this.options.clock.sleep(this.retryAfter(response, attempt));
        continue;
      }
      if (response.status === 401 || response.status === 403) this.credentialRejections++;
      if (response.status === 401) this.options.auth.invalidate();
      if (response.status >= 400) throw errorForStatus(response.status, method, stripQuery(path), this.detail(response));
      if (response.text.trim() === "") return null;
      try {
        return JSON.parse(response.text) as unknown;
      } catch {
        throw incompatibleError(method, stripQuery(path), `the answer (${response.status}) is not JSON`);
      }
    }
  }

  private async once(method: string, path: string, body: string | undefined): Promise<HttpResponse> {
    const { clock, transport, timeoutMs } = this.options;
    const authorization = await this.options.auth.authorization();
    const controller = new RequestAbort();
    let timedOut = false;
    const timer = clock.setTimer(timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    try {
      this.requestsSent++;
      this.options.onRequest?.(method);
      return await clock.io((ioId) => {
        const headers: Record<string, string> = { authorization, accept: SCIM_CONTENT_TYPE };
        if (body !== undefined) headers["content-type"] = SCIM_CONTENT_TYPE;
        if (ioId) headers[IO_HEADER] = ioId;
        // The signal is made only if the transport reads it (the undici one takes onAbort).
        return transport({
          method, url: this.base + path, headers, body, onAbort: controller.onAbort,
          get signal() {
            return controller.signal;
          },
        });
      });
    } catch (error) {
      if (timedOut) throw timeoutError(method, stripQuery(path), timeoutMs);
      throw unreachableError(method, stripQuery(path), transportCause(error));
    } finally {
      timer.cancel();
    }
  }

  private retryAfter(response: HttpResponse, attempt: number): number {
    const header = response.header("retry-after");
    let ms = DEFAULT_RETRY_AFTER_MS * 2 ** attempt;
    if (header !== null && header.trim() !== "") {
      const seconds = Number(header);
      if (Number.isFinite(seconds)) ms = Math.max(0, seconds * 1000);
      else {
        const at = Date.parse(header);
        if (Number.isFinite(at)) ms = Math.max(0, at - this.options.clock.now());
      }
    }
    return Math.min(ms, this.options.retryAfterCapMs);
  }

  private detail(response: HttpResponse): string | null {
    let detail: string | null = null;
    try {
      const parsed = JSON.parse(response.text) as { detail?: unknown; scimType?: unknown };
      if (typeof parsed.detail === "string") detail = parsed.detail;
      if (typeof parsed.scimType === "string") detail = detail ? `${detail} (${parsed.scimType})` : parsed.scimType;
    } catch {
      detail = response.text.trim() === "" ? null : response.text.slice(0, 200);
    }
    if (detail === null) return null;
    return this.options.secrets ? this.options.secrets.scrub(detail) : detail;
  }
}

function stripQuery(path: string): string {
  const i = path.indexOf("?");
  return i < 0 ? path : path.slice(0, i);
}
