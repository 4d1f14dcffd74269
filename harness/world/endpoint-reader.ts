import { SystemClock } from "../../common/clock";
import { createTargetAuth, type TargetCredentials } from "../../engine/scim-client/target-auth";
import type { ScimResource } from "../../scim/types";
import { ProbeClient, wireTransport } from "../validate/http/probe-client";
import { fetchWire } from "../validate/http/wire";

type Endpoint = "Users" | "Groups";

const KEY: Record<Endpoint, string> = { Users: "userName", Groups: "displayName" };
/** Resources per page when listing. */
const PAGE = 100;
/** A guard against an endpoint whose pagination never ends. */
const MAX_PAGES = 1000;

/**
 * Reads and removes a run's objects on a real endpoint over SCIM, straight to the endpoint (not
 * through the world's proxy: its fault rules must not apply to the harness's own reads, and its
 * journal shows only the engine's requests). Time here is real: these calls are the harness's,
 * made between steps while the world's clock stands still.
 */
export class EndpointReader {
  private readonly client: ProbeClient;
  /** Whether the endpoint answered a `sw` filter; if not, listings are filtered here. */
  private startsWith: Record<Endpoint, boolean> = { Users: true, Groups: true };

  constructor(
    baseUrl: string,
    credentials: TargetCredentials,
    private readonly prefix: string,
    timeoutMs: number,
  ) {
    const transport = wireTransport(fetchWire);
    const auth = createTargetAuth(credentials, { clock: new SystemClock(), transport, timeoutMs });
    this.client = new ProbeClient({ baseUrl, wire: fetchWire, auth, timeoutMs, signal: new AbortController().signal });
  }

  /**
   * One listing of the run's users: the endpoint answers, and accepts the credentials. Throws a
   * message that says which (a wrong URL, port or token is the usual cause).
   */
  async check(): Promise<void> {
    await this.list("Users", 1);
  }

  /** Every user and group on the endpoint whose key (userName, displayName) starts with the prefix, as stored. */
  async resources(): Promise<{ users: ScimResource[]; groups: ScimResource[] }> {
    return { users: await this.list("Users"), groups: await this.list("Groups") };
  }

  /**
   * Deletes the run's objects (groups first: they point at users): those listed by prefix and
   * those known by id (from the journal: created, even if the run lost the answer), then lists
   * again. Throws naming what is left, so a leftover is never silent.
   */
  async removeAll(knownIds: { users: string[]; groups: string[] }): Promise<number> {
    const failures: string[] = [];
    let deleted = 0;
    for (const endpoint of ["Groups", "Users"] as const) {
      const listed = (await this.list(endpoint)).map((r) => r.id);
      const ids = new Set([...listed, ...(endpoint === "Users" ? knownIds.users : knownIds.groups)]);
      for (const id of ids) {
        const answer = await this.send("DELETE", `/${endpoint}/${encodeURIComponent(id)}`);
        if (answer.status >= 200 && answer.status < 300) deleted++;
        else if (answer.status !== 404) failures.push(`${endpoint}/${id}: DELETE answered ${answer.status}`);
      }
    }
    const left = await this.resources();
    const remaining = [...left.groups.map((g) => `Groups/${g.id} (${String(g.displayName)})`), ...left.users.map((u) => `Users/${u.id} (${String(u.userName)})`)];
    if (failures.length > 0 || remaining.length > 0) {
      throw new Error(
        `the run could not remove everything it created on the endpoint (prefix ${this.prefix}); delete by hand: ${[...failures, ...remaining.map((r) => `${r} still there`)].join("; ")}`,
      );
    }
    return deleted;
  }

  private async list(endpoint: Endpoint, pages = MAX_PAGES): Promise<ScimResource[]> {
    const key = KEY[endpoint];
    const mine = (r: unknown): r is ScimResource => {
      const value = (r as Record<string, unknown> | null)?.[key];
      return typeof (r as { id?: unknown } | null)?.id === "string" && typeof value === "string" && value.toLowerCase().startsWith(this.prefix.toLowerCase());
    };
    const out: ScimResource[] = [];
    let startIndex = 1;
    for (let page = 0; page < pages; page++) {
      const query: Record<string, string> = { startIndex: String(startIndex), count: String(PAGE) };
      if (this.startsWith[endpoint]) query.filter = `${key} sw ${JSON.stringify(this.prefix)}`;
      const answer = await this.send("GET", `/${endpoint}`, { query });
      if (answer.status === 400 && this.startsWith[endpoint]) {
        // No `sw` here (it is optional in practice): list everything and keep the run's own.
        this.startsWith[endpoint] = false;
        return this.list(endpoint, pages);
      }
      const body = answer.json as { Resources?: unknown; totalResults?: unknown } | undefined;
      if (answer.status === 401 || answer.status === 403) {
        throw new Error(`the endpoint ${this.client.baseUrl} refused the credentials (GET ${answer.path} answered ${answer.status}): check --target-token or the OAuth client`);
      }
      if (answer.status !== 200 || (body?.Resources !== undefined && !Array.isArray(body.Resources))) {
        throw new Error(`reading ${endpoint} on the endpoint failed: GET ${answer.path} answered ${answer.status}`);
      }
      const resources = (body?.Resources ?? []) as unknown[];
      out.push(...resources.filter(mine));
      startIndex += resources.length;
      const total = typeof body?.totalResults === "number" ? body.totalResults : 0;
      if (resources.length === 0 || startIndex > total) break;
    }
    return out;
  }

  /** A request; no answer at all (refused, unknown host, timeout) is an error naming the endpoint and the cause. */
  private async send(method: string, path: string, options: Parameters<ProbeClient["request"]>[2] = {}): ReturnType<ProbeClient["request"]> {
    try {
      return await this.client.request(method, path, options);
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : (error as Error).message;
      throw new Error(`the endpoint ${this.client.baseUrl} cannot be reached (${method} ${path}: ${why}): check --target`);
    }
  }
}
