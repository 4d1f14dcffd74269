/**
 * The simulator panel's own routes under `/_console` (behind the console's gate): users and groups
 * with search, the fault rules with their on/off state, the presets with their options, a journal
 * entry in full, the event stream. Adding and deleting rules, the journal list and its HAR go
 * through the admin API (`/_admin`), which the page reaches with its cookie.
 */
import { z } from "zod";
import type { Request, Response, Router } from "express";
import { openEventStream } from "../../console/server/event-stream";
import type { PresetField, PresetInfo, ResourcePage, ResourceRow } from "../../console/shared/simulator-console-types";
import { PRESETS } from "../faults/presets";
import type { ScimResource } from "../../scim/types";
import { journalLine, type PanelFeed } from "./panel-feed";
import { targetOverview, type PanelTarget, type ParkedRules } from "./panel-target";

const MAX_PAGE = 200;

export function panelRoutes(target: PanelTarget, rules: ParkedRules, feed: PanelFeed): (router: Router) => void {
  return (router) => {
    router.get("/api/overview", (_req, res) => {
      res.json(targetOverview(target));
    });
    router.get("/api/resources", (req, res) => {
      const type = req.query.type === "groups" ? "groups" : "users";
      const q = typeof req.query.q === "string" ? req.query.q.trim() : "";
      const start = intParam(req.query.start, 0);
      const count = Math.min(intParam(req.query.count, 50), MAX_PAGE);
      const all = type === "users" ? target.store.listUsers(q ? userSearch(q) : undefined) : target.store.listGroups(q ? `displayName co ${quote(q)}` : undefined);
      const page: ResourcePage = { total: all.length, startIndex: start, items: all.slice(start, start + count).map(type === "users" ? userRow : groupRow) };
      res.json(page);
    });
    router.get("/api/faults", (_req, res) => {
      res.json({ rules: rules.list() });
    });
    router.post("/api/faults/:id/:state", (req, res) => {
      const id = String(req.params.id);
      const state = String(req.params.state);
      if (state !== "on" && state !== "off") return notFound(res, `no switch position ${JSON.stringify(state)}; use on or off`);
      const known = state === "on" ? rules.switchOn(id) : rules.switchOff(id);
      if (!known) return notFound(res, `no fault rule "${id}"`);
      feed.check();
      res.json({ rules: rules.list() });
    });
    router.delete("/api/faults/:id", (req, res) => {
      const id = String(req.params.id);
      const removed = rules.forget(id) || target.faults.remove(id);
      if (!removed) return notFound(res, `no fault rule "${id}"`);
      feed.check();
      res.status(204).end();
    });
    router.get("/api/presets", (_req, res) => {
      res.json(Object.entries(PRESETS).map(([name, preset]): PresetInfo => ({ name, summary: preset.summary, fields: presetFields(preset.schema) })));
    });
    router.get("/api/journal", (req, res) => {
      const limit = Math.min(intParam(req.query.limit, 100), 1000);
      res.json({ entries: target.journal.find({ limit }).map(journalLine) });
    });
    router.get("/api/journal/:seq", (req, res) => {
      const seq = Number(req.params.seq);
      const entry = target.journal.find().find((e) => e.seq === seq);
      if (!entry) return notFound(res, `no journal entry ${JSON.stringify(String(req.params.seq))} (the journal keeps the newest ones)`);
      res.json(entry);
    });
    router.get("/events", (req: Request, res: Response) => {
      feed.attach(openEventStream(req, res));
    });
  };
}

function notFound(res: Response, message: string): void {
  res.status(404).json({ error: "not_found", message });
}

function intParam(value: unknown, fallback: number): number {
  const n = Number(value);
  return typeof value === "string" && Number.isInteger(n) && n >= 0 ? n : fallback;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function userSearch(q: string): string {
  const v = quote(q);
  return `userName co ${v} or displayName co ${v} or name.familyName co ${v} or name.givenName co ${v} or emails.value co ${v} or externalId eq ${v} or id eq ${v}`;
}

function userRow(r: ScimResource): ResourceRow {
  const u = r as { id: string; userName?: string; displayName?: string; active?: boolean; emails?: Array<{ value?: string; primary?: boolean }> };
  const email = u.emails?.find((e) => e.primary)?.value ?? u.emails?.[0]?.value ?? "";
  return { id: u.id, name: u.userName ?? "", displayName: u.displayName ?? null, active: u.active ?? true, detail: email };
}

function groupRow(r: ScimResource): ResourceRow {
  const g = r as { id: string; displayName?: string; members?: unknown[] };
  const members = g.members?.length ?? 0;
  return { id: g.id, name: g.displayName ?? "", displayName: g.displayName ?? null, active: null, detail: `${members} member${members === 1 ? "" : "s"}` };
}

/** The options of a preset, read from its schema, so the form can offer a field for each. */
function presetFields(schema: z.ZodType): PresetField[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonProp> };
  return Object.entries(json.properties ?? {})
    .filter(([name]) => name !== "id")
    .map(([name, p]) => {
      const options = p.enum?.map(String) ?? p.anyOf?.flatMap((a) => (a.const !== undefined ? [String(a.const)] : []));
      const type: PresetField["type"] =
        options && options.length > 0 ? "enum" : p.type === "number" || p.type === "integer" ? "number" : p.type === "boolean" ? "boolean" : p.type === "array" ? "list" : "string";
      return { name, type, ...(type === "enum" ? { options } : {}), ...(p.default !== undefined ? { default: p.default } : {}), ...(p.description ? { description: p.description } : {}) };
    });
}

interface JsonProp {
  type?: string;
  enum?: unknown[];
  anyOf?: Array<{ const?: unknown; type?: string }>;
  default?: unknown;
  description?: string;
}
