/**
 * A target's fault rules: installed with `use()` (newest first, like msw's handlers), matched
 * against each request before authentication, counted (`after`, `nth`, `times`), drawn from the
 * target's seeded generator (`probability`), limited to a window on the target's clock.
 */
import type { Clock } from "../../common/clock";
import { ConfigError } from "../../common/config-error";
import type { Random } from "../../common/random";
import { compileFilter, type Predicate, type TopGetter } from "../../scim/filter-evaluator";
import { parseFilter } from "../../scim/filter-parser";
import { GROUP, type ResourceSchema, USER } from "../../scim/schemas";
import { ScimError } from "../../scim/scim-error";
import { DurationError, parseDuration } from "../../common/duration";
import type { Exchange } from "../app";
import type { ServiceContext } from "../context";
import type { CoreResponse } from "../core-types";
import { storedGetter } from "../render";
import type { ActionContext, ActionKind, FaultRequest } from "./actions/action";
import { ACTIONS, ACTION_TYPES } from "./actions/registry";
import { classify, globToRegExp } from "./classify";
import { expandPreset } from "./presets";
import { ruleInputSchema, type RuleInput } from "./types";

/** An installed rule as `list()` and the admin API show it. */
export interface FaultRuleView {
  id: string;
  match: Record<string, unknown>;
  action: Record<string, unknown>;
  times?: number;
  after?: number;
  probability?: number;
  window?: { from?: string; to?: string };
  /** Requests that matched, and how often the rule fired. */
  matched: number;
  fired: number;
  /** Fired its `times` and no longer applies. */
  retired: boolean;
}

interface InstalledRule {
  id: string;
  view: Omit<FaultRuleView, "matched" | "fired" | "retired">;
  methods?: Set<string>;
  resources?: Set<string>;
  operations?: Set<string>;
  resourceId?: string;
  path?: RegExp;
  headers?: Array<{ name: string; test: (value: string) => boolean }>;
  filter?: { user: Predicate; group: Predicate; userStored: Predicate; groupStored: Predicate };
  tokens?: Set<string>;
  nth?: number;
  times?: number;
  after?: number;
  probability?: number;
  from?: number;
  to?: number;
  kind: ActionKind;
  params: Record<string, unknown>;
  random: Random;
  state: Map<string, unknown>;
  matched: number;
  fired: number;
  retired: boolean;
}

interface Deferred {
  rule: InstalledRule;
  ctx: ActionContext;
}

export type RuleOrPreset = RuleInput | ({ preset: string } & Record<string, unknown>);

export class FaultSet {
  private rules: InstalledRule[] = [];
  private sequence = 0;

  constructor(
    private readonly service: ServiceContext,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  /** Installs rules or presets ahead of the existing ones; returns what was installed. */
  use(input: RuleOrPreset | RuleOrPreset[], file?: string): FaultRuleView[] {
    const list = Array.isArray(input) ? input : [input];
    const compiled: InstalledRule[] = [];
    list.forEach((item, i) => {
      const prefix = Array.isArray(input) ? `[${i}]` : "";
      try {
        const rules = isPreset(item) ? expandPreset(item as Record<string, unknown>, prefix ? `${prefix}.preset` : "preset") : [item as RuleInput];
        for (const rule of rules) compiled.push(this.compile(rule, prefix, compiled));
      } catch (error) {
        if (error instanceof ConfigError && file) throw new ConfigError(error.problems, file);
        throw error;
      }
    });
    this.rules = [...compiled, ...this.rules];
    return compiled.map(view);
  }

  list(): FaultRuleView[] {
    return this.rules.map(view);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  reset(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /**
   * Before authentication: the first rule that fires decides (latency and quota let others
   * follow). Matching is synchronous; a promise exists only once a rule gets to act.
   */
  before(exchange: Exchange, kind: "scim" | "token"): Promise<CoreResponse | undefined> | undefined {
    if (this.rules.length === 0) return undefined;
    const request = classify(exchange.req.method ?? "GET", exchange.path, exchange.req.headers.authorization, kind === "token");
    return this.evaluateFrom(0, exchange, request);
  }

  private evaluateFrom(start: number, exchange: Exchange, request: FaultRequest): Promise<CoreResponse | undefined> | undefined {
    const now = this.clock.now();
    for (let i = start; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      if (rule.retired || !this.matches(rule, request, exchange, now)) continue;
      rule.matched++;
      if (rule.after !== undefined && rule.matched <= rule.after) continue;
      if (rule.nth !== undefined && rule.matched !== rule.nth) continue;
      if (rule.probability !== undefined && !(rule.random.next() < rule.probability)) continue;
      return this.act(rule, i, exchange, request);
    }
    return undefined;
  }

  private async act(rule: InstalledRule, index: number, exchange: Exchange, request: FaultRequest): Promise<CoreResponse | undefined> {
    const ctx: ActionContext = { exchange, request, clock: this.clock, random: rule.random, state: rule.state };
    const outcome = await rule.kind.before(rule.params, ctx);
    if (outcome.kind !== "pass") {
      rule.fired++;
      if (rule.times !== undefined && rule.fired >= rule.times) rule.retired = true;
      (exchange.fired ??= []).push(rule.id);
    }
    switch (outcome.kind) {
      case "respond":
        return outcome.response;
      case "handled":
        exchange.handled = true;
        return undefined;
      case "defer":
        exchange.deferred = { rule, ctx } satisfies Deferred;
        return undefined;
      default:
        // "pass" (a quota with tokens left) and "continue" (latency): the next rules get their turn.
        return this.evaluateFrom(index + 1, exchange, request);
    }
  }

  /** After the core answered: a deferred action may replace the response. */
  async after(exchange: Exchange, response: CoreResponse): Promise<CoreResponse> {
    const deferred = exchange.deferred as Deferred | undefined;
    if (!deferred?.rule.kind.after) return response;
    const result = await deferred.rule.kind.after(deferred.rule.params, deferred.ctx, response);
    if (result === "handled") {
      exchange.handled = true;
      return response;
    }
    return result;
  }

  private matches(rule: InstalledRule, request: FaultRequest, exchange: Exchange, now: number): boolean {
    if (rule.from !== undefined && now < rule.from) return false;
    if (rule.to !== undefined && now >= rule.to) return false;
    if (rule.methods && !rule.methods.has(request.method)) return false;
    if (rule.resources && (!request.resource || !rule.resources.has(request.resource))) return false;
    if (rule.operations && (!request.operation || !rule.operations.has(request.operation))) return false;
    if (rule.resourceId !== undefined && request.id !== rule.resourceId) return false;
    if (rule.tokens && (!request.token || !rule.tokens.has(request.token))) return false;
    if (rule.path && !rule.path.test(request.path)) return false;
    if (rule.headers) {
      for (const h of rule.headers) {
        const value = exchange.req.headers[h.name];
        if (value === undefined || !h.test(Array.isArray(value) ? value.join(", ") : value)) return false;
      }
    }
    if (rule.filter && !this.filterMatches(rule.filter, request, exchange)) return false;
    return true;
  }

  private filterMatches(filter: NonNullable<InstalledRule["filter"]>, request: FaultRequest, exchange: Exchange): boolean {
    const kind = request.resource === "Users" ? "User" : request.resource === "Groups" ? "Group" : undefined;
    if (!kind) return false;
    if (request.operation === "create" || request.operation === "replace") {
      const body = exchange.body;
      if (!body || typeof body !== "object" || Array.isArray(body)) return false;
      return (kind === "User" ? filter.user : filter.group)(body);
    }
    if (request.id === undefined) return false;
    const record = this.service.store.table(kind).get(request.id);
    return record !== undefined && (kind === "User" ? filter.userStored : filter.groupStored)(record);
  }

  private compile(input: RuleInput, prefix: string, batch: InstalledRule[]): InstalledRule {
    const parsed = ruleInputSchema.safeParse(input);
    if (!parsed.success) throw ConfigError.fromZod(parsed.error, undefined, prefix);
    const rule = parsed.data;
    const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
    const kind = ACTIONS.get(rule.action.type);
    if (!kind) throw ConfigError.single(field("action.type"), `unknown action ${JSON.stringify(rule.action.type)}`, `use one of ${ACTION_TYPES.join(", ")}`);
    const action = kind.schema.safeParse(rule.action);
    if (!action.success) throw ConfigError.fromZod(action.error, undefined, field("action"));
    const id = rule.id ?? `rule-${++this.sequence}`;
    if (this.rules.some((r) => r.id === id) || batch.some((r) => r.id === id)) {
      throw ConfigError.single(field("id"), `"${id}" is already installed`, "remove it first or choose another id");
    }
    const m = rule.match;
    const list = <T,>(v: T | T[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
    const now = this.clock.now();
    const params = action.data as Record<string, unknown>;
    const tokens = rule.action.type === "auth" && Array.isArray(params.tokens) ? new Set(params.tokens as string[]) : undefined;
    const installed: InstalledRule = {
      id,
      view: {
        id,
        match: m as Record<string, unknown>,
        action: rule.action as Record<string, unknown>,
        ...(rule.times !== undefined || rule.once ? { times: rule.once ? 1 : rule.times } : {}),
        ...(rule.after !== undefined ? { after: rule.after } : {}),
        ...(rule.probability !== undefined ? { probability: rule.probability } : {}),
      },
      ...(m.method ? { methods: new Set(list(m.method)!.map((x) => x.toUpperCase())) } : {}),
      ...(m.resource ? { resources: new Set(list(m.resource)) } : {}),
      ...(m.operation ? { operations: new Set(list(m.operation)) } : {}),
      ...(m.id !== undefined ? { resourceId: m.id } : {}),
      ...(m.path !== undefined ? { path: globToRegExp(m.path) } : {}),
      ...(m.header ? { headers: Object.entries(m.header).map(([name, value]) => ({ name: name.toLowerCase(), test: headerTest(value, field(`match.header.${name}`)) })) } : {}),
      ...(m.filter !== undefined ? { filter: compileRuleFilter(m.filter, field("match.filter"), this.service) } : {}),
      ...(tokens ? { tokens } : {}),
      ...(m.nth !== undefined ? { nth: m.nth } : {}),
      ...(rule.times !== undefined || rule.once ? { times: rule.once ? 1 : rule.times } : {}),
      ...(rule.after !== undefined ? { after: rule.after } : {}),
      ...(rule.probability !== undefined ? { probability: rule.probability } : {}),
      kind,
      params,
      random: this.random.fork(`rule/${id}`),
      state: new Map(),
      matched: 0,
      fired: 0,
      retired: false,
    };
    if (rule.window) {
      if (rule.window.from !== undefined) installed.from = instant(rule.window.from, now, field("window.from"));
      if (rule.window.to !== undefined) installed.to = instant(rule.window.to, now, field("window.to"));
      installed.view.window = {
        ...(installed.from !== undefined ? { from: new Date(installed.from).toISOString() } : {}),
        ...(installed.to !== undefined ? { to: new Date(installed.to).toISOString() } : {}),
      };
    }
    return installed;
  }
}

function isPreset(item: unknown): boolean {
  return item !== null && typeof item === "object" && "preset" in item;
}

function view(rule: InstalledRule): FaultRuleView {
  return { ...rule.view, matched: rule.matched, fired: rule.fired, retired: rule.retired };
}

function headerTest(value: string, field: string): (v: string) => boolean {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(value);
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(regex[1]!, regex[2]);
    } catch (error) {
      throw ConfigError.single(field, `${JSON.stringify(value)} is not a valid regular expression (${(error as Error).message})`, "write /pattern/flags, or an exact value without slashes");
    }
    return (v) => re.test(v);
  }
  return (v) => v === value;
}

function compileRuleFilter(text: string, field: string, service: ServiceContext): NonNullable<InstalledRule["filter"]> {
  const build = (schema: ResourceSchema, stored: boolean): Predicate => {
    try {
      const ast = parseFilter(text);
      return compileFilter(ast, schema, {
        unknownAsAbsent: true,
        booleanStrings: true,
        get: stored ? storedGetter(service.store, schema === USER ? "User" : "Group") : bodyGetter,
      });
    } catch (error) {
      if (error instanceof ScimError) throw ConfigError.single(field, error.detail, 'write a SCIM filter such as userName sw "bad-"');
      throw error;
    }
  };
  return { user: build(USER, false), group: build(GROUP, false), userStored: build(USER, true), groupStored: build(GROUP, true) };
}

/**
 * Reads an attribute from a request body as sent: the canonical name first, any other casing
 * next (names are case-insensitive on the wire), without normalising the whole body.
 */
const bodyGetter: TopGetter = (body, attribute) => {
  const container = attribute.extension ? caseInsensitive(body, attribute.schema) : body;
  if (!container || typeof container !== "object") return undefined;
  return caseInsensitive(container, attribute.definition.name);
};

function caseInsensitive(obj: Record<string, unknown>, name: string): unknown {
  const exact = obj[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const key in obj) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

/** An absolute ISO date-time, epoch milliseconds, or a duration from now. */
function instant(value: string | number, now: number, field: string): number {
  if (typeof value === "number") return value;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw ConfigError.single(field, `${JSON.stringify(value)} is not a date-time`, "use ISO 8601 like 2026-01-05T09:00:00Z, or a duration from now like 10m");
    return t;
  }
  try {
    return now + parseDuration(value.replace(/^\+/, ""));
  } catch (error) {
    if (error instanceof DurationError) throw ConfigError.single(field, `${JSON.stringify(value)} is neither a date-time nor a duration`, "use ISO 8601 like 2026-01-05T09:00:00Z, or a duration from now like 10m");
    throw error;
  }
}
