/**
 * Found by the engine fuzz (issue 9): the Graph `$filter` parser looked properties and operators
 * up in object literals, so `constructor` found Object and its source text went into the SQL
 * (500); 7,000 nested parentheses overflowed the stack (a 400 saying "Maximum call stack size
 * exceeded"); and 1,100 `or` terms built a left-deep SQL tree deeper than SQLite's limit of 1,000.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../engine/engine";
import { FilterSyntaxError } from "../../engine/logs/log-filter";

let dir: string;
let engine: Engine;
const AUTH = { Authorization: "Bearer regression-api-token" };
const ROUTES = ["/v1.0/auditLogs/provisioning", "/v1.0/auditLogs/directoryAudits"];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scimlab-odata-"));
  engine = new Engine({ dataDir: dir, apiToken: "regression-api-token", mail: "off" });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("an OData filter named constructor answered 500", () => {
  it("refuses constructor as a property or an operator with 400 BadRequest", async () => {
    for (const route of ROUTES) {
      for (const filter of ["activityDateTime constructor 2026-01-05T09:00:00Z", "constructor eq 2026-01-05T09:00:00Z", "__proto__ eq 'x'"]) {
        const res = await request(engine.app).get(`${route}?$filter=${encodeURIComponent(filter)}`).set(AUTH);
        expect(res.status, `${route} ${filter}`).toBe(400);
        expect(res.body.error.code).toBe("BadRequest");
      }
    }
  });

  it("refuses 7,000 nested parentheses with a message naming the limit", async () => {
    const filter = "(".repeat(7000) + "id eq 'x'" + ")".repeat(7000);
    for (const route of ROUTES) {
      const res = await request(engine.app).get(`${route}?$filter=${encodeURIComponent(filter)}`).set(AUTH);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/nest deeper than 50 levels/);
    }
  });

  it("runs 2,000 or-terms (a balanced SQL tree within SQLite's depth limit)", () => {
    const filter = Array.from({ length: 2000 }, (_, i) => `id eq 'x-${i}'`).join(" or ");
    expect(engine.provisioningLogs({ filter }).value).toEqual([]);
    expect(engine.directoryAudits({ filter: Array.from({ length: 2000 }, (_, i) => `id eq 'x-${i}'`).join(" or ") }).value).toEqual([]);
    expect(() => engine.provisioningLogs({ filter: "constructor eq 'x'" })).toThrow(FilterSyntaxError);
  });
});
