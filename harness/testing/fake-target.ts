import type { Clock } from "../../common/clock";
import type { ScimResource } from "../../scim/types";
import type { FaultInput, TargetProfile } from "../scenario/engine-step-schemas";
import type { JournalEntry } from "../world/world";

/** Presets the fake target knows; any other name is refused, as the simulator refuses it. */
export const FAKE_PRESETS = ["invalid-credentials", "outage"] as const;

interface InstalledRule {
  id: string;
  /** invalid-credentials: 401; outage: 503; a rule: its `action.status` when `match` fits. */
  status: number;
  match: { method?: string; resource?: string; operation?: string };
  timesLeft: number | undefined;
}

export interface FakeRequest {
  method: string;
  resource: "Users" | "Groups";
  operation: "query" | "create" | "update" | "delete";
  id?: string;
  body?: Record<string, unknown>;
  filterValue?: string;
}

export interface FakeResponse {
  status: number;
  resource?: ScimResource;
  rule?: string;
}

/**
 * The fake world's SCIM target: a map of users and groups, fault rules reduced to "answer this
 * status", a journal, and a down/up switch. Enough for the runner's tests; the simulator is the
 * real thing.
 */
export class FakeTarget {
  readonly users = new Map<string, ScimResource>();
  readonly groups = new Map<string, ScimResource>();
  readonly journal: JournalEntry[] = [];
  profile: TargetProfile;
  up = true;
  private rules: InstalledRule[] = [];
  private seq = 0;
  private ruleSeq = 0;

  constructor(
    private readonly clock: Clock,
    profile: TargetProfile,
    /** Scripted answers: a status to return instead of the normal handling. */
    private readonly onRequest?: (request: FakeRequest) => number | undefined,
  ) {
    this.profile = profile;
  }

  handle(request: FakeRequest): FakeResponse {
    const response = this.answer(request);
    this.journal.push({
      at: this.clock.now(),
      method: request.method,
      path: `/${request.resource}${request.id ? `/${request.id}` : ""}`,
      resource: request.resource,
      operation: request.operation,
      status: response.status,
      ...(response.rule ? { rule: response.rule } : {}),
      ...(request.body ? { body: request.body } : {}),
    });
    return response;
  }

  addFault(fault: FaultInput): string[] {
    const id = fault.id ?? `rule-${++this.ruleSeq}`;
    if ("preset" in fault) {
      if (!(FAKE_PRESETS as readonly string[]).includes(fault.preset)) {
        throw new Error(`unknown preset ${JSON.stringify(fault.preset)}; accepted: ${FAKE_PRESETS.join(", ")}`);
      }
      this.rules.push({ id, status: fault.preset === "outage" ? 503 : 401, match: {}, timesLeft: undefined });
      return [id];
    }
    const action = fault.rule.action as { status?: unknown };
    if (typeof action.status !== "number") throw new Error("action.status: the fake target needs a status to answer with");
    const times = fault.rule.times;
    this.rules.push({
      id,
      status: action.status,
      match: (fault.rule.match ?? {}) as InstalledRule["match"],
      timesLeft: typeof times === "number" ? times : undefined,
    });
    return [id];
  }

  removeFault(id: string): void {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    if (this.rules.length === before) throw new Error(`no fault rule with id ${id}`);
  }

  resetFaults(): void {
    this.rules = [];
  }

  setState(state: "down" | "up", keepData: boolean): void {
    this.up = state === "up";
    if (!keepData) {
      this.users.clear();
      this.groups.clear();
    }
  }

  seed(users: number, groups: number, label: string): void {
    for (let i = 1; i <= users; i++) this.store("Users", { userName: `seeded-${label}-${i}@target.example`, active: true });
    for (let i = 1; i <= groups; i++) this.store("Groups", { displayName: `Seeded ${label} ${i}` });
  }

  private answer(request: FakeRequest): FakeResponse {
    if (!this.up) return { status: 0 };
    const scripted = this.onRequest?.(request);
    if (scripted !== undefined) return { status: scripted };
    for (const rule of this.rules) {
      const m = rule.match;
      if (m.method && m.method.toUpperCase() !== request.method) continue;
      if (m.resource && m.resource !== request.resource) continue;
      if (m.operation && m.operation !== request.operation) continue;
      if (rule.timesLeft !== undefined) {
        if (rule.timesLeft <= 0) continue;
        rule.timesLeft--;
      }
      return { status: rule.status, rule: rule.id };
    }
    const map = request.resource === "Users" ? this.users : this.groups;
    const key = request.resource === "Users" ? "userName" : "displayName";
    switch (request.operation) {
      case "query": {
        const found = [...map.values()].find((r) => String(r[key]).toLowerCase() === request.filterValue?.toLowerCase());
        return { status: 200, ...(found ? { resource: found } : {}) };
      }
      case "create": {
        const name = String(request.body?.[key] ?? "");
        if ([...map.values()].some((r) => String(r[key]).toLowerCase() === name.toLowerCase())) return { status: 409 };
        return { status: 201, resource: this.store(request.resource, request.body ?? {}) };
      }
      case "update": {
        const existing = request.id ? map.get(request.id) : undefined;
        if (!existing) return { status: 404 };
        Object.assign(existing, request.body);
        return { status: 200, resource: existing };
      }
      case "delete":
        return { status: request.id && map.delete(request.id) ? 204 : 404 };
    }
  }

  private store(resource: "Users" | "Groups", body: Record<string, unknown>): ScimResource {
    const id = `${resource === "Users" ? "t-user" : "t-group"}-${++this.seq}`;
    const stored: ScimResource = { schemas: [], ...body, id };
    (resource === "Users" ? this.users : this.groups).set(id, stored);
    return stored;
  }
}
