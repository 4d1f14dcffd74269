/**
 * Hostile input to the simulator (issue 9): at least 10,000 generated requests per run over one
 * kept-alive loopback connection: malformed and deeply nested JSON, wrong types, huge strings,
 * invalid and pathological filters, PATCH paths such as `__proto__` and `constructor.prototype`,
 * unicode edge cases, bodies over the limit, wrong methods, paths and content types, bad
 * credentials, Bulk. Every answer must pass the oracle (test/fuzz-oracle.ts), the store's
 * invariants must hold after each family, and Object.prototype must be untouched.
 * Replay a failure with FUZZ_SEED=<seed printed by fast-check> npx vitest run test/fuzz-simulator.test.ts
 */
import { randomInt } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA } from "../scim/types";
import { startTarget, type Target } from "../simulator/index";
import { attributePath, contentType, filterText, hostileValue, malformedBody, patchBody, resourceBody, unicodeString, type CaseBuilder, type FuzzContext } from "./fuzz-arbitraries";
import { LoopbackClient, type RawResponse } from "./fuzz-http-client";
import { pollutionProblems, problemsWith, prototypeFingerprint, storeProblems, type Expectation } from "./fuzz-oracle";

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const TOKEN = "fuzz-token-0123";
const MAX_PAYLOAD = 256 * 1024;
const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const FAMILY_TIMEOUT = 90_000;

interface Lab {
  target: Target;
  client: LoopbackClient;
  ctx: FuzzContext;
}

const prototypesBefore = prototypeFingerprint();
const labs = new Map<string, Lab>();
let total = 0;

async function lab(profile: "entra" | "rfc"): Promise<Lab> {
  const existing = labs.get(profile);
  if (existing) return existing;
  const target = await startTarget({ profile, tokens: [TOKEN], seed: `fuzz-${profile}`, seedUsers: 30, seedGroups: 5, limits: { maxPayloadSize: MAX_PAYLOAD }, journalSize: 200 });
  const client = new LoopbackClient(target.url);
  const ctx: FuzzContext = {
    base: target.basePath,
    authorization: `Bearer ${TOKEN}`,
    userIds: () => target.store.snapshot().users.map((u) => u.id),
    groupIds: () => target.store.snapshot().groups.map((g) => g.id),
  };
  const created = { target, client, ctx };
  labs.set(profile, created);
  return created;
}

/** Runs `runs` generated cases against the profile's target; each answer must pass the oracle. */
async function fuzz(profile: "entra" | "rfc", builder: fc.Arbitrary<CaseBuilder>, runs: number, extra?: (res: RawResponse, lab: Lab) => string[]): Promise<void> {
  const l = await lab(profile);
  await fc.assert(
    fc.asyncProperty(builder, async (build) => {
      const c = build(l.ctx);
      const res = await l.client.send(c.request);
      total++;
      const problems = [...problemsWith(res, c.expect), ...(extra?.(res, l) ?? [])];
      if (problems.length > 0) {
        const sent = c.request.body === undefined ? "" : `\nbody: ${String(c.request.body).slice(0, 1500)}`;
        throw new Error(`${c.label}: ${c.request.method} ${c.request.path.slice(0, 300)}${sent}\n${problems.join("\n")}\nanswer: ${res.status} ${res.text.slice(0, 400)}`);
      }
    }),
    { numRuns: runs, seed: SEED, endOnFailure: false },
  );
  expect(storeProblems(l.target, { membersMustExist: true })).toEqual([]);
  expect(pollutionProblems(prototypesBefore)).toEqual([]);
}

const json = (ctx: FuzzContext, extra: Record<string, string> = {}) => ({ authorization: ctx.authorization, "content-type": "application/scim+json", ...extra });
const pick = (ids: string[], n: number) => (ids.length === 0 ? "none" : ids[n % ids.length]!);
const FILTER_OUTCOME: Expectation = { statuses: [200, 400], scimTypes: ["invalidFilter", "tooMany"] };
const WRITE_400 = ["invalidValue", "invalidSyntax", "mutability", "invalidPath", "noTarget", "invalidFilter"];

beforeAll(async () => {
  await lab("entra");
  await lab("rfc");
});

afterAll(async () => {
  for (const l of labs.values()) {
    l.client.close();
    await l.target.close();
  }
});

describe(`hostile input to the simulator (seed ${SEED})`, () => {
  it("filters, grammatical or mangled, in the query and in search bodies: 200 or 400 invalidFilter", { timeout: FAMILY_TIMEOUT }, async () => {
    const builder = fc.tuple(filterText, fc.constantFrom("/Users", "/Groups", "/.search", "/Users/.search", "/Groups/.search")).map(([filter, where]): CaseBuilder => (ctx) => {
      // Long filters (and lone surrogates, which a URL cannot carry) go in a search body.
      const viaQuery = !where.endsWith(".search") && filter.length < 4000 && !/[\ud800-\udfff]/.test(filter.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
      return viaQuery
        ? { label: "filter in query", request: { method: "GET", path: `${ctx.base}${where}?filter=${encodeURIComponent(filter)}`, headers: json(ctx) }, expect: FILTER_OUTCOME }
        : { label: "filter in search", request: { method: "POST", path: `${ctx.base}${where.endsWith(".search") ? where : `${where}/.search`}`, headers: json(ctx), body: JSON.stringify({ schemas: [SEARCH], filter }) }, expect: FILTER_OUTCOME };
    });
    await fuzz("entra", builder, Number(process.env.FUZZ_RUNS ?? 2200));
  });

  it("query parameters of every kind and type: 200 or a 400 naming the parameter", { timeout: FAMILY_TIMEOUT }, async () => {
    const param = fc.tuple(
      fc.constantFrom("attributes", "excludedAttributes", "sortBy", "sortOrder", "startIndex", "count", "cursor", "filter", "ATTRIBUTES", "__proto__", "constructor"),
      fc.oneof(attributePath, fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom("-1", "0", "1e400", "NaN", "1.5", "descending", "Ascending", "eyJ0IjoxfQ", "")),
    );
    const builder = fc.tuple(fc.array(param, { minLength: 1, maxLength: 4 }), fc.constantFrom("/Users", "/Groups")).map(([params, where]): CaseBuilder => (ctx) => ({
      label: "query parameters",
      request: { method: "GET", path: `${ctx.base}${where}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`, headers: json(ctx) },
      expect: { statuses: [200, 400], scimTypes: ["invalidValue", "invalidFilter", "invalidPath", "invalidCursor", "expiredCursor", "tooMany"] },
    }));
    await fuzz("entra", builder, 800);
  });

  for (const profile of ["entra", "rfc"] as const) {
    it(`creates with hostile bodies (${profile}): 201, 400 or 409 uniqueness`, { timeout: FAMILY_TIMEOUT }, async () => {
      const builder = fc.tuple(fc.constantFrom("User", "Group") as fc.Arbitrary<"User" | "Group">, fc.nat()).chain(([kind, n]) =>
        resourceBody(kind).map((body): CaseBuilder => (ctx) => ({
          label: `create ${kind}`,
          request: { method: "POST", path: `${ctx.base}/${kind}s`, headers: json(ctx), body: body.replace('"__member__"', JSON.stringify(pick(ctx.userIds(), n))) },
          expect: { statuses: [201, 400, 409, 413], scimTypes: WRITE_400 },
        })),
      );
      await fuzz(profile, builder, 800);
    });

    it(`PATCH with hostile operations and paths (${profile}): 200/204, 400, 404, 409, never a polluted prototype`, { timeout: FAMILY_TIMEOUT }, async () => {
      const builder = fc.tuple(fc.constantFrom("Users", "Groups"), fc.nat(), patchBody, fc.constantFrom(undefined, "*", 'W/"1"', "garbage")).map(([where, n, body, ifMatch]): CaseBuilder => (ctx) => ({
        label: `patch ${where}`,
        request: { method: "PATCH", path: `${ctx.base}/${where}/${encodeURIComponent(pick(where === "Users" ? ctx.userIds() : ctx.groupIds(), n))}`, headers: json(ctx, ifMatch ? { "if-match": ifMatch } : {}), body },
        expect: { statuses: [200, 204, 400, 404, 409, 412], scimTypes: WRITE_400 },
      }));
      await fuzz(profile, builder, 1000);
    });
  }

  it("PUT with hostile bodies: 200, 400, 404, 409 or 412", { timeout: FAMILY_TIMEOUT }, async () => {
    const builder = fc.tuple(fc.constantFrom("User", "Group") as fc.Arbitrary<"User" | "Group">, fc.nat()).chain(([kind, n]) =>
      resourceBody(kind).map((body): CaseBuilder => (ctx) => ({
        label: `replace ${kind}`,
        request: { method: "PUT", path: `${ctx.base}/${kind}s/${pick(kind === "User" ? ctx.userIds() : ctx.groupIds(), n)}`, headers: json(ctx), body },
        expect: { statuses: [200, 400, 404, 409, 412, 413], scimTypes: WRITE_400 },
      })),
    );
    await fuzz("entra", builder, 400);
  });

  it("group membership PATCHes in both Entra dialects keep members pointing at existing users", { timeout: FAMILY_TIMEOUT }, async () => {
    const builder = fc.tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.constantFrom("Add", "add", "Remove", "remove-filter")).map(([g, us, op]): CaseBuilder => (ctx) => {
      const members = us.map((u) => pick(ctx.userIds(), u));
      const operation =
        op === "remove-filter"
          ? { op: "remove", path: `members[value eq "${members[0]}"]` }
          : { op, path: "members", value: members.map((value) => ({ value })) };
      return {
        label: `members ${op}`,
        request: { method: "PATCH", path: `${ctx.base}/Groups/${pick(ctx.groupIds(), g)}`, headers: json(ctx), body: JSON.stringify({ schemas: [SCHEMA.patchOp], Operations: [operation] }) },
        expect: { statuses: [200, 404], scimTypes: [] },
      };
    });
    await fuzz("entra", builder, 400);
  });

  it("malformed or too deep bodies with any content type: 400 invalidSyntax", { timeout: FAMILY_TIMEOUT }, async () => {
    const builder = fc.tuple(malformedBody, contentType, fc.constantFrom("POST /Users", "POST /Groups", "PUT /Users/x", "PATCH /Users/x", "POST /Bulk", "POST /.search")).map(([body, type, where]): CaseBuilder => (ctx) => {
      const [method, path] = where.split(" ") as [string, string];
      const text = Buffer.isBuffer(body) ? body.toString("utf8") : body;
      let parses = false;
      try {
        JSON.parse(text);
        parses = !/^[[{]{65}/.test(text) && !text.includes('{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":');
      } catch {
        parses = false;
      }
      const empty = text.trim() === "" && body.length === 0;
      return {
        label: "malformed body",
        request: { method, path: `${ctx.base}${path}`, headers: { authorization: ctx.authorization, ...(type ? { "content-type": type } : {}) }, body },
        expect: parses || empty ? { statuses: [200, 201, 400, 404, 409, 413], scimTypes: WRITE_400 } : { statuses: [400], scimTypes: ["invalidSyntax"] },
      };
    });
    await fuzz("entra", builder, 800);
  });

  it("bodies over the payload limit, with and without Content-Length: 413", { timeout: FAMILY_TIMEOUT }, async () => {
    const builder = fc.tuple(fc.integer({ min: MAX_PAYLOAD + 1, max: MAX_PAYLOAD + 40_000 }), fc.boolean(), fc.constantFrom("/Users", "/Bulk", "/.search")).map(([size, chunked, where]): CaseBuilder => (ctx) => ({
      label: "over the limit",
      request: { method: "POST", path: `${ctx.base}${where}`, headers: json(ctx, chunked ? { "transfer-encoding": "chunked" } : {}), body: `{"schemas":["${SCHEMA.user}"],"userName":"${"x".repeat(size)}"}` },
      expect: { statuses: [413] },
    }));
    await fuzz("entra", builder, 100);
  });

  it("every method on every endpoint, odd paths and encodings: 2xx, 404, 405 with Allow, never 5xx", { timeout: FAMILY_TIMEOUT }, async () => {
    const segment = fc.oneof(
      fc.constantFrom("Users", "Groups", "Bulk", ".search", "Schemas", "ResourceTypes", "ServiceProviderConfig", "Me", "users", "GROUPS", "__proto__", "constructor", "%zz", "%E0%A4%A", "..", "", "%2F", "%00", "%F0%9F%98%80", "x".repeat(2000)),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    );
    const builder = fc.tuple(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "MKCOL", "COPY", "PURGE", "SEARCH"), fc.array(segment, { minLength: 0, maxLength: 3 }), fc.nat(), fc.boolean()).map(([method, segments, n, withId]): CaseBuilder => (ctx) => {
      const parts = withId && segments.length > 0 ? [segments[0]!, pick(ctx.userIds(), n)] : segments;
      return {
        label: "method and path",
        request: { method, path: `${ctx.base}/${parts.join("/")}`, headers: { authorization: ctx.authorization } },
        expect: { statuses: [200, 201, 204, 400, 404, 405, 409, 501], scimTypes: ["invalidSyntax", "invalidValue", "invalidFilter"], bodyless: method === "HEAD" },
      };
    });
    await fuzz("entra", builder, 1000);
  });

  it("credentials that are absent, malformed or wrong: 401 with WWW-Authenticate", { timeout: FAMILY_TIMEOUT }, async () => {
    const header = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom("Bearer", "Bearer ", "bearer wrong", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, "Basic !!!", `Basic ${Buffer.from("a:b").toString("base64")}`, "Digest x", "Negotiate abc", "Bearer " + "a".repeat(8000)),
      fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s) && s.trim() !== `Bearer ${TOKEN}`),
    );
    const builder = fc.tuple(header, fc.constantFrom("GET /Users", "POST /Users", "GET /Schemas")).map(([authorization, where]): CaseBuilder => (ctx) => {
      const [method, path] = where.split(" ") as [string, string];
      return {
        label: "credentials",
        request: { method, path: `${ctx.base}${path}`, headers: { ...(authorization !== undefined ? { authorization } : {}), "content-type": "application/scim+json" }, ...(method === "POST" ? { body: "{}" } : {}) },
        expect: { statuses: [401] },
      };
    });
    await fuzz("entra", builder, 300);
  });

  it("Bulk with hostile operations, bulkIds and references: 200 with valid per-operation errors, or 400/413", { timeout: FAMILY_TIMEOUT }, async () => {
    const op = fc.record({
      method: fc.oneof(fc.constantFrom("POST", "PUT", "PATCH", "DELETE", "GET", "post"), hostileValue),
      path: fc.oneof(fc.constantFrom("/Users", "/Groups", "/Users/bulkId:a", "/Groups/bulkId:b", "/Bulk", "/__proto__", "Users"), hostileValue),
      bulkId: fc.oneof(fc.constantFrom("a", "b", "__proto__", "constructor", "toString"), hostileValue),
      data: fc.oneof(resourceBody("User").map((b) => JSON.parse(b) as unknown), resourceBody("Group").map((b) => ({ ...(JSON.parse(b) as object), members: [{ value: "bulkId:a" }] })), hostileValue),
    });
    const builder = fc.tuple(fc.array(op, { maxLength: 5 }), fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 3 }), hostileValue)).map(([ops, failOnErrors]): CaseBuilder => (ctx) => ({
      label: "bulk",
      request: { method: "POST", path: `${ctx.base}/Bulk`, headers: json(ctx), body: JSON.stringify({ schemas: [BULK], Operations: ops, ...(failOnErrors !== undefined ? { failOnErrors } : {}) }) },
      expect: { statuses: [200, 400, 413], scimTypes: ["invalidSyntax", "invalidValue"] },
    }));
    await fuzz("entra", builder, 400, (res) => {
      if (res.status !== 200) return [];
      const results = ((res.json as { Operations?: unknown[] }).Operations ?? []) as Array<{ status?: unknown; response?: { status?: unknown; schemas?: unknown } }>;
      return results.flatMap((r, i) => {
        const status = Number(r.status);
        if (!Number.isInteger(status) || status >= 500) return [`Operations[${i}] status ${String(r.status)}`];
        if (status >= 400 && (r.response?.status !== String(status) || !Array.isArray(r.response?.schemas))) return [`Operations[${i}] error body ${JSON.stringify(r.response)}`];
        return [];
      });
    });
  });

  it("unicode userNames round-trip: what was created is found by userName eq, exactly once", { timeout: FAMILY_TIMEOUT }, async () => {
    const l = await lab("entra");
    await fc.assert(
      fc.asyncProperty(fc.oneof(unicodeString, fc.string({ unit: "binary", minLength: 1, maxLength: 30 })).filter((s) => s !== ""), async (userName) => {
        const created = await l.client.send({ method: "POST", path: `${l.ctx.base}/Users`, headers: json(l.ctx), body: JSON.stringify({ schemas: [SCHEMA.user], userName }) });
        const found = await l.client.send({ method: "POST", path: `${l.ctx.base}/Users/.search`, headers: json(l.ctx), body: JSON.stringify({ schemas: [SEARCH], filter: `userName eq ${JSON.stringify(userName)}` }) });
        total += 2;
        expect(problemsWith(created, { statuses: [201, 409] })).toEqual([]);
        expect(found.status).toBe(200);
        const resources = (found.json as { Resources: Array<{ id: string; userName: string }> }).Resources;
        expect(resources).toHaveLength(1);
        expect(resources[0]!.userName.toLowerCase()).toBe(userName.toLowerCase());
        if (created.status === 201) expect(resources[0]!.id).toBe((created.json as { id: string }).id);
      }),
      { numRuns: 500, seed: SEED },
    );
    expect(storeProblems(l.target, { membersMustExist: true })).toEqual([]);
  });

  it("ran at least 10,000 requests, and Object.prototype is untouched", () => {
    const answered = [...labs.values()].reduce((sum, l) => sum + l.client.sent, 0);
    expect(answered).toBe(total);
    expect(answered).toBeGreaterThanOrEqual(10_000);
    expect(pollutionProblems(prototypesBefore)).toEqual([]);
    console.log(`fuzz-simulator: ${answered} requests answered without a 5xx (seed ${SEED})`);
  });
});
