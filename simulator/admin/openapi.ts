/** The admin API's OpenAPI 3.1 document, with the fault rule shapes generated from their zod schemas. */
import { z } from "zod";
import { ACTIONS } from "../faults/actions/registry";
import { PRESETS } from "../faults/presets";
import { matchSchema, windowSchema } from "../faults/types";

let cached: object | undefined;

function schemaOf(schema: z.ZodType): object {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as object;
}

export function openApiDocument(): object {
  if (cached) return cached;
  const actions = [...ACTIONS.values()].map((a) => ({ ...schemaOf(a.schema), description: a.summary }));
  const rule = {
    type: "object",
    required: ["action"],
    additionalProperties: false,
    properties: {
      id: { type: "string" },
      match: schemaOf(matchSchema),
      action: { oneOf: actions },
      times: { type: "integer", minimum: 1, description: "fire N times, then retire" },
      after: { type: "integer", minimum: 0, description: "let the first N matching requests through" },
      probability: { type: "number", minimum: 0, maximum: 1 },
      window: schemaOf(windowSchema),
      once: { type: "boolean" },
    },
  };
  const preset = {
    type: "object",
    required: ["preset"],
    properties: { preset: { type: "string", enum: Object.keys(PRESETS) } },
    additionalProperties: true,
    description: Object.entries(PRESETS).map(([name, p]) => `${name}: ${p.summary}`).join("; "),
  };
  const json = (schema: object) => ({ content: { "application/json": { schema } } });
  const error = { description: "invalid request: names the field and what it accepts", ...json({ $ref: "#/components/schemas/Problem" }) };
  const journalParams = ["method", "path", "status", "since", "limit"].map((name) => ({ name, in: "query", required: false, schema: { type: name === "status" || name === "limit" ? "integer" : "string" } }));
  cached = {
    openapi: "3.1.0",
    info: { title: "scimlab simulator admin API", version: "1", description: "Fault rules, request journal, reset, seed, snapshot and lifecycle of one SCIM target." },
    components: {
      securitySchemes: { adminToken: { type: "http", scheme: "bearer" } },
      schemas: {
        FaultRule: rule,
        Preset: preset,
        Problem: { type: "object", properties: { error: { type: "string" }, message: { type: "string" }, problems: { type: "array", items: { type: "object", properties: { field: { type: "string" }, problem: { type: "string" }, fix: { type: "string" } } } } } },
      },
    },
    security: [{ adminToken: [] }],
    paths: {
      "/_admin/faults": {
        get: { summary: "installed fault rules with their counters", responses: { 200: { description: "rules" } } },
        post: {
          summary: "install a rule, a preset, or a list of them (newest first)",
          requestBody: json({ oneOf: [{ $ref: "#/components/schemas/FaultRule" }, { $ref: "#/components/schemas/Preset" }, { type: "array", items: { oneOf: [{ $ref: "#/components/schemas/FaultRule" }, { $ref: "#/components/schemas/Preset" }] } }] }),
          responses: { 201: { description: "the installed rules and their ids" }, 400: error },
        },
        delete: { summary: "remove every rule", responses: { 204: { description: "removed" } } },
      },
      "/_admin/faults/{id}": { delete: { summary: "remove one rule", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { 204: { description: "removed" }, 404: { description: "no such rule" } } } },
      "/_admin/journal": {
        get: { summary: "recorded requests and responses (secrets redacted)", parameters: journalParams, responses: { 200: { description: "entries, oldest first" }, 400: error } },
        delete: { summary: "forget recorded requests", responses: { 204: { description: "cleared" } } },
      },
      "/_admin/journal.har": { get: { summary: "the journal as HAR 1.2", parameters: journalParams, responses: { 200: { description: "HAR 1.2" } } } },
      "/_admin/reset": { post: { summary: "reset store (to the start-up seed), faults and journal", responses: { 204: { description: "reset" } } } },
      "/_admin/seed": { post: { summary: "add seeded users and groups", requestBody: json({ type: "object", properties: { users: { type: "integer" }, groups: { type: "integer" }, seed: { type: "string" } } }), responses: { 200: { description: "counts" }, 400: error } } },
      "/_admin/snapshot": {
        get: { summary: "the store as a snapshot", responses: { 200: { description: "snapshot" } } },
        put: { summary: "replace the store with a snapshot", responses: { 204: { description: "restored" }, 400: error } },
      },
      "/_admin/target": { post: { summary: "close or reopen the SCIM listener", requestBody: json({ type: "object", required: ["state"], properties: { state: { enum: ["down", "up"] }, keepData: { type: "boolean", default: true } } }), responses: { 200: { description: "the new state" }, 400: error } } },
      "/_admin/openapi.json": { get: { summary: "this document", security: [], responses: { 200: { description: "OpenAPI 3.1" } } } },
    },
  };
  return cached;
}
