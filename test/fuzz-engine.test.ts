/**
 * Hostile input to the engine (issue 9): attribute-mapping expressions, whole mappings through the
 * operator API, OData on the Graph audit routes, and scenario files. Each must end in a clear error
 * (ExpressionError with a column, 400 BadRequest naming the field, ConfigError naming the file) or
 * a result, never an unexpected exception or a 5xx, and a refused change must leave state intact.
 * Malformed target responses are in test/fuzz-engine-responses.test.ts.
 */
import { randomInt } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../common/config-error";
import { listen, type Listening } from "../engine/api/serve";
import { Engine } from "../engine/engine";
import { compileExpression, ExpressionError, ExpressionEvaluationError } from "../engine/mapping/index";
import { parseScenarioYaml } from "../harness/scenario/load-scenario";
import { LoopbackClient } from "./fuzz-http-client";
import { pollutionProblems, prototypeFingerprint } from "./fuzz-oracle";

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const API_TOKEN = "engine-fuzz-token-01";
const prototypesBefore = prototypeFingerprint();
let dir: string;
let engine: Engine;
let listening: Listening;
let client: LoopbackClient;
let jobId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scimlab-fuzz-engine-"));
  engine = new Engine({ dataDir: dir, apiToken: API_TOKEN, mail: "off", seed: "fuzz" });
  ({ jobId } = engine.createJob({ secrets: { BaseAddress: "http://127.0.0.1:9/scim/v2", SecretToken: "target-token" } }));
  listening = await listen(engine.app);
  client = new LoopbackClient(listening.url);
});

afterAll(async () => {
  client.close();
  await listening.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const FUNCTION_NAMES = ["Append", "Coalesce", "IIF", "Join", "Left", "Mid", "Not", "Replace", "StripSpaces", "Switch", "ToLower", "ToUpper", "Word", "PCase", "InStr", "CStr", "CBool", "CDate", "FormatDateTime", "NormalizeDiacritics", "SingleAppRoleAssignment", "IgnoreFlowIfNullOrEmpty", "IsNull", "IsPresent", "IsString", "DateAdd", "Now", "RandomString", "Guid", "Split", "SelectUniqueValue", "Unknown", "toString", "__proto__", "constructor"];
const ATTRIBUTES = ["givenName", "surname", "userPrincipalName", "mail", "department", "accountEnabled", "manager", "__proto__", "constructor", "toString", "", "a b", "ünï"];

const literal = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: "binary", maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`),
  fc.integer({ min: -5, max: 50 }).map(String),
  fc.constantFrom('"True"', '"False"', "vbTextCompare", "vbBinaryCompare", '"(?<x>.)"', '"["', '"yyyyMMdd"', '"-1"', "1e400", "NaN"),
  fc.constantFrom(...ATTRIBUTES).map((a) => `[${a}]`),
);

const expression: fc.Arbitrary<string> = fc
  .letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { maxDepth: 4, depthIdentifier: "expression" },
      { weight: 3, arbitrary: literal },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...FUNCTION_NAMES), fc.array(fc.oneof(tie("e"), fc.constant("")), { maxLength: 5 })).map(([f, args]) => `${f}(${args.join(", ")})`) },
      { weight: 1, arbitrary: fc.tuple(tie("e"), fc.constantFrom("=", "<>", ">", ">=", "<", "<=", "&", "+", "=="), tie("e")).map(([l, o, r]) => `${l} ${o} ${r}`) },
    ),
  }))
  .e.chain((e) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(e) },
      { weight: 1, arbitrary: fc.nat({ max: e.length }).map((n) => e.slice(0, n)) },
      { weight: 1, arbitrary: fc.tuple(fc.nat({ max: e.length }), fc.constantFrom("(", ")", "[", "]", '"', ",", "\u00a0", "\u3000")).map(([n, c]) => e.slice(0, n) + c + e.slice(n)) },
      { weight: 1, arbitrary: fc.constantFrom("ToLower(".repeat(5000) + "[mail]" + ")".repeat(5000), "(".repeat(20_000), `Join(",", ${Array.from({ length: 3000 }, () => "[mail]").join(", ")})`, "[" + "x".repeat(100_000) + "]") },
    ),
  );

const SOURCE = { givenName: "Ada", surname: "Lovelace", userPrincipalName: "ada@example.com", mail: "ada@example.com", department: "Sales", accountEnabled: true };

describe(`hostile input to the engine (seed ${SEED})`, () => {
  it("expressions compile or fail with an ExpressionError at a column; evaluation fails only with ExpressionEvaluationError", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(expression, (text) => {
        let compiled;
        try {
          compiled = compileExpression(text);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw new Error(`${JSON.stringify(text.slice(0, 300))}: ${String(error)}`);
          expect(error.message).toMatch(/column \d+/);
          return;
        }
        try {
          compiled.evaluate(SOURCE);
          compiled.evaluate({});
        } catch (error) {
          if (!(error instanceof ExpressionEvaluationError)) throw new Error(`evaluating ${JSON.stringify(text.slice(0, 300))}: ${String(error)}`);
        }
      }),
      { numRuns: 3000, seed: SEED },
    );
    expect(pollutionProblems(prototypesBefore)).toEqual([]);
  });

  it("mappings through the operator API: 200, or 400 naming the field, and a refused mapping changes nothing", { timeout: 60_000 }, async () => {
    const before = await client.send({ method: "GET", path: `/_engine/jobs/${jobId}/mappings`, headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(before.status).toBe(200);
    const attribute = fc.record(
      {
        target: fc.oneof(fc.constantFrom("userName", "active", "displayName", 'emails[type eq "work"].value', "name.givenName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "__proto__", "constructor.prototype", "", "emails[", "x.y.z"), fc.string({ maxLength: 10 })),
        source: fc.constantFrom(...ATTRIBUTES, "objectId"),
        expression,
        constant: fc.string({ maxLength: 5 }),
        flow: fc.constantFrom("Always", "ObjectAddOnly", "Sometimes"),
        matchingPriority: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constant(1.5)),
        reference: fc.boolean(),
      },
      { requiredKeys: ["target"] },
    );
    const mapping = fc.record({
      user: fc.record({ sourceObject: fc.constantFrom("User", "Group", "Device"), targetObject: fc.constantFrom("User", "Group"), attributes: fc.array(attribute, { maxLength: 4 }), scoping: fc.array(fc.array(fc.record({ attribute: fc.constantFrom(...ATTRIBUTES), operator: fc.constantFrom("EQUALS", "REGEX MATCH", "IS TRUE", "LIKE"), value: fc.constantFrom("(", "a", "(a+)+$", "[") }), { maxLength: 2 }), { maxLength: 2 }) }, { requiredKeys: ["attributes"] }),
    });
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(mapping, async (body) => {
        const res = await client.send({ method: "PUT", path: `/_engine/jobs/${jobId}/mappings`, headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body) });
        if (res.status !== 200 && res.status !== 400) throw new Error(`${res.status} for ${JSON.stringify(body).slice(0, 500)}: ${res.text.slice(0, 300)}`);
        if (res.status === 400) {
          refused++;
          expect((res.json as { error: { code: string; message: string } }).error.message).toMatch(/\w+/);
          const after = await client.send({ method: "GET", path: `/_engine/jobs/${jobId}/mappings`, headers: { authorization: `Bearer ${API_TOKEN}` } });
          expect(after.text).toBe(before.text);
        } else {
          // Accepted: put the default mapping back so the next refusal is compared against it.
          await client.send({ method: "PUT", path: `/_engine/jobs/${jobId}/mappings`, headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" }, body: before.text });
        }
      }),
      { numRuns: 300, seed: SEED },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it("OData $filter, $top and $skiptoken on the audit routes: 200 or 400 BadRequest, never 5xx", { timeout: 60_000 }, async () => {
    const field = fc.constantFrom("jobId", "cycleId", "provisioningAction", "provisioningStatusInfo/status", "activityDateTime", "sourceIdentity/id", "activityDisplayName", "result", "__proto__", "constructor", "a/b/c", "", "servicePrincipal/id");
    const value = fc.oneof(fc.string({ maxLength: 8 }).map((s) => `'${s.replace(/'/g, "''")}'`), fc.constantFrom("2026-01-05T09:00:00Z", "'2026-13-45'", "null", "true", "1e400", "'", "''''", "'\u3000'"), fc.integer().map(String));
    const clause = fc.tuple(field, fc.constantFrom("eq", "ne", "ge", "gt", "le", "lt", "EQ", "in", "has", "", "constructor", "__proto__"), value).map(([f, o, v]) => `${f} ${o} ${v}`);
    const filter: fc.Arbitrary<string> = fc
      .array(fc.tuple(clause, fc.constantFrom("and", "or", "AND", "not", "")), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.map(([c, j], i) => (i === parts.length - 1 ? c : `${c} ${j}`)).join(" "))
      .chain((f) => fc.oneof({ weight: 5, arbitrary: fc.constant(f) }, fc.constant(`(${f}`), fc.constant(`(${"(".repeat(3000)}${f}${")".repeat(3000)})`), fc.constant(Array.from({ length: 2000 }, () => "jobId eq 'x'").join(" or ")), fc.string({ maxLength: 20 })));
    const query = fc.record({ filter, top: fc.oneof(fc.integer({ min: -2, max: 2000 }).map(String), fc.constantFrom("abc", "1.5", "", "1e3")), skip: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 12 })), route: fc.constantFrom("/v1.0/auditLogs/provisioning", "/beta/auditLogs/provisioning", "/v1.0/auditLogs/directoryAudits") }, { requiredKeys: ["route"] });
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const params = [q.filter !== undefined ? `$filter=${encodeURIComponent(q.filter)}` : "", q.top !== undefined ? `$top=${encodeURIComponent(q.top)}` : "", q.skip !== undefined ? `$skiptoken=${encodeURIComponent(q.skip)}` : ""].filter(Boolean).join("&");
        const path = `${q.route}?${params}`;
        if (path.length > 12_000) return; // beyond Node's header limit: the HTTP parser answers 431 before the engine
        const res = await client.send({ method: "GET", path, headers: { authorization: `Bearer ${API_TOKEN}` } });
        if (res.status !== 200 && res.status !== 400) throw new Error(`${res.status} for ${path.slice(0, 400)}: ${res.text.slice(0, 300)}`);
        if (res.status === 400) expect((res.json as { error: { code: string } }).error.code).toMatch(/BadRequest/);
      }),
      { numRuns: 1500, seed: SEED },
    );
    expect(pollutionProblems(prototypesBefore)).toEqual([]);
  });

  it("scenario files, mangled line by line: a Scenario, or a ConfigError naming the file", { timeout: 60_000 }, () => {
    const base = readFileSync(join(__dirname, "../harness/testing/fixtures/issue-example.yaml"), "utf8");
    const lines = base.split("\n");
    const junk = fc.constantFrom("", "  - ", "- advance: forever", "steps: 5", "&a [*a, *a]", "- fault: {preset: constructor}", "- expect: {job: {__proto__: {polluted: 1}}}", "seed: !!js/function 'x'", "\t\tbad indent", "directory: {users: -1}", "- advance: 1e400d", "- restart: explode", "- api: {restart: {resetScope: [Everything]}}", "name: ", "- cycle: initial\u00a0", "- directory: {generate: 99999999999}", "job: {interval: P}", "%YAML 9.9", "---\n---", "? [a]\n: b");
    const edit = fc.oneof(
      fc.tuple(fc.nat(), junk).map(([n, j]) => (ls: string[]) => ls.map((l, i) => (i === n % ls.length ? j : l))),
      fc.tuple(fc.nat(), junk).map(([n, j]) => (ls: string[]) => [...ls.slice(0, n % ls.length), j, ...ls.slice(n % ls.length)]),
      fc.nat().map((n) => (ls: string[]) => ls.filter((_, i) => i !== n % ls.length)),
      fc.tuple(fc.nat(), fc.string({ maxLength: 6 })).map(([n, s]) => (ls: string[]) => ls.map((l, i) => (i === n % ls.length ? l.replace(/:\s*\S.*$/, `: ${s}`) : l))),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const text = edits.reduce((ls, e) => e(ls), lines).join("\n");
        try {
          parseScenarioYaml(text, "mangled.yaml");
        } catch (error) {
          if (!(error instanceof ConfigError)) throw new Error(`${String(error)} for:\n${text}`);
          expect(error.message).toContain("mangled.yaml");
        }
      }),
      { numRuns: 1000, seed: SEED },
    );
    expect(pollutionProblems(prototypesBefore)).toEqual([]);
  });
});
