/**
 * What a check works with: the client, the run prefix and subjects, the tracker that remembers
 * what to delete, what discovery advertised and what the endpoint was seen to do (for the
 * consistency check), and state shared along a request sequence (the id a create answered with).
 */
import type { ProbeClient, ProbeRequestOptions, ProbeResponse } from "../http/probe-client";
import type { Endpoint, ResourceTracker } from "../cleanup/resource-tracker";
import type { ValidateConfig, ValidateProfile } from "../validate-config";
import type { Wire } from "../http/wire";
import { SCHEMA } from "../../../scim/types";
import { CheckFailure } from "./check-types";
import type { Subjects } from "./subjects";

/** What discovery said, and what the run observed the endpoint doing. */
export interface Observations {
  serviceProviderConfig?: Record<string, unknown>;
  /** Schema ids listed by /Schemas. */
  schemaIds?: string[];
  patchSucceeded: boolean;
  patchUnsupported: boolean;
  filterSucceeded: boolean;
  filterUnsupported: boolean;
  etagSeen: boolean;
  enterpriseAttributesSeen: boolean;
}

export class CheckContext {
  readonly state = new Map<string, unknown>();
  readonly observations: Observations = {
    patchSucceeded: false,
    patchUnsupported: false,
    filterSucceeded: false,
    filterUnsupported: false,
    etagSeen: false,
    enterpriseAttributesSeen: false,
  };
  private warningsSink: string[] = [];
  private readonly finalizers: Array<() => Promise<void>> = [];

  constructor(
    readonly client: ProbeClient,
    readonly tracker: ResourceTracker,
    readonly subjects: Subjects,
    readonly config: ValidateConfig,
    /** The recording wire, for the engine of the live run (its requests are recorded too). */
    readonly wire: Wire,
  ) {}

  get profile(): ValidateProfile {
    return this.config.profile;
  }

  get dryRun(): boolean {
    return this.config.dryRun;
  }

  /** Runs `fn` once every check is done (or the run was interrupted), before cleanup. */
  defer(fn: () => Promise<void>): void {
    this.finalizers.push(fn);
  }

  async finish(): Promise<void> {
    while (this.finalizers.length) await this.finalizers.pop()!();
  }

  get prefix(): string {
    return this.tracker.prefix;
  }

  /** The runner points warnings at the current check. */
  collectWarnings(): string[] {
    this.warningsSink = [];
    return this.warningsSink;
  }

  warn(text: string): void {
    this.warningsSink.push(text);
  }

  async send(method: string, path: string, options: ProbeRequestOptions = {}): Promise<ProbeResponse> {
    const response = await this.client.request(method, path, options);
    this.observe(method, options, response);
    return response;
  }

  /** POST a resource whose key carries the run prefix; tracks it for cleanup before sending. */
  async create(endpoint: Endpoint, key: string, body: unknown): Promise<ProbeResponse> {
    const item = this.tracker.willCreate(endpoint, key);
    const response = await this.send("POST", `/${endpoint}`, { body });
    const id = (response.json as { id?: unknown } | undefined)?.id;
    if (response.status >= 200 && response.status < 300 && typeof id === "string" && id !== "") this.tracker.created(item, id);
    return response;
  }

  async remove(endpoint: Endpoint, id: string): Promise<ProbeResponse> {
    const response = await this.send("DELETE", `/${endpoint}/${encodeURIComponent(id)}`);
    if ((response.status >= 200 && response.status < 300) || response.status === 404) this.tracker.deleted(endpoint, id);
    return response;
  }

  /** `GET /{endpoint}?filter=<attribute> eq "<value>"` as the engine sends it. */
  async query(endpoint: Endpoint, attribute: string, value: string, excludedAttributes?: string): Promise<ProbeResponse> {
    const query: Record<string, string> = {};
    if (excludedAttributes) query.excludedAttributes = excludedAttributes;
    query.filter = `${attribute} eq ${JSON.stringify(value)}`;
    return this.send("GET", `/${endpoint}`, { query });
  }

  /** State a previous check of the sequence left; fails loudly when it is missing. */
  need<T>(key: string): T {
    if (!this.state.has(key)) throw new CheckFailure(`internal: ${key} is missing`, "report this as a scimlab bug");
    return this.state.get(key) as T;
  }

  private observe(method: string, options: ProbeRequestOptions, response: ProbeResponse): void {
    const o = this.observations;
    if (method === "PATCH") {
      if (response.status === 200 || response.status === 204) o.patchSucceeded = true;
      if (response.status === 501 || response.status === 405) o.patchUnsupported = true;
    }
    if (method === "GET" && options.query?.filter !== undefined) {
      if (response.status === 200) o.filterSucceeded = true;
      if (response.status === 501 || response.status === 403) o.filterUnsupported = true;
    }
    if (response.headers.etag) o.etagSeen = true;
    const json = response.json as { Resources?: unknown } | undefined;
    const resources = Array.isArray(json?.Resources) ? (json.Resources as unknown[]) : [json];
    if (resources.some((r) => !!r && typeof r === "object" && SCHEMA.enterpriseUser in r)) o.enterpriseAttributesSeen = true;
  }
}
