/**
 * Generators of hostile SCIM requests (fast-check). Each case is built against the live target
 * (ids picked from what exists at the time) and carries what its family of request may get.
 */
import fc from "fast-check";
import { SCHEMA } from "../scim/types";
import type { RawRequest } from "./fuzz-http-client";
import type { Expectation } from "./fuzz-oracle";

export interface FuzzContext {
  base: string;
  authorization: string;
  userIds(): string[];
  groupIds(): string[];
}

export interface FuzzCase {
  label: string;
  request: RawRequest;
  expect: Expectation;
}

export type CaseBuilder = (ctx: FuzzContext) => FuzzCase;

const ENTERPRISE = SCHEMA.enterpriseUser;
const PROTO_KEYS = ["__proto__", "constructor", "prototype", "constructor.prototype", "__proto__.polluted", "toString", "hasOwnProperty", "valueOf"];

/** Attribute paths: real ones in odd casings, and hostile ones. */
export const attributePath = fc.oneof(
  fc.constantFrom(
    "userName", "USERNAME", "displayName", "name", "name.givenName", "name.familyName", "emails", "emails.value", "emails.type", "emails.primary",
    "phoneNumbers.value", "addresses.locality", "active", "title", "externalId", "id", "meta", "meta.created", "meta.lastModified", "meta.version",
    "groups", "groups.value", "members", "members.value", "members.display", "x509Certificates.value", "password", "roles", "entitlements.value",
    `${ENTERPRISE}:department`, `${ENTERPRISE}:manager`, `${ENTERPRISE}:manager.value`, `${ENTERPRISE}:employeeNumber`, SCHEMA.user, `${SCHEMA.user}:userName`,
    "urn:unknown:schema:attr", "urn:", "a.b.c", "", " ", ".", "..", "emails[", "emails]", "emails[]", "9lives", "$ref", "members.$ref",
  ),
  fc.constantFrom(...PROTO_KEYS),
  fc.constantFrom(...PROTO_KEYS).map((k) => `${ENTERPRISE}:${k}`),
  fc.constantFrom(...PROTO_KEYS).map((k) => `name.${k}`),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
);

const compareOp = fc.oneof(fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "EQ", "Sw", "pr"), fc.string({ maxLength: 3 }));

export const hugeString = fc.constantFrom("x".repeat(70_000), "é".repeat(20_000), "\u0000".repeat(1000), "😀".repeat(5000));

/** Strings that stress unicode handling: lone surrogates, combining marks, case-folding oddities, controls. */
export const unicodeString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme-composite", maxLength: 10 }),
  fc.constantFrom("\ud800", "\udfff", "a\u0301", "\u212Aelvin", "İstanbul", "ß", "ẞ", "ǅ", "\u0000", "\u202Eevil", "\uFEFF", "　", "😀", "𝔘𝔫𝔦", "ＦＵＬＬ"),
);

const filterValue = fc.oneof(
  fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
  unicodeString.map((s) => JSON.stringify(s)),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom("true", "false", "null", "True", '"2026-01-05T09:00:00Z"', '"not-a-date"', "bare", "1e400", '"unterminated', '"\\u12"', "'single'"),
);

/** Filters: mostly grammatical, with every operator and nesting, sometimes mangled. */
export const filterText: fc.Arbitrary<string> = fc.letrec<{ f: string; term: string }>((tie) => ({
  // maxDepth bounds the tree: letrec alone occasionally grows a filter of gigabytes.
  term: fc.oneof(
    { maxDepth: 4, depthIdentifier: "filter" },
    { weight: 5, arbitrary: fc.tuple(attributePath, compareOp, filterValue).map(([a, o, v]) => (o === "pr" ? `${a} pr` : `${a} ${o} ${v}`)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("emails", "members", "addresses", "groups", "name", "userName"), tie("f")).map(([a, f]) => `${a}[${f}]`) },
    { weight: 1, arbitrary: tie("f").map((f) => `(${f})`) },
    { weight: 1, arbitrary: tie("f").map((f) => `not (${f})`) },
  ),
  f: fc.oneof(
    { maxDepth: 4, depthIdentifier: "filter" },
    { weight: 4, arbitrary: tie("term") },
    { weight: 2, arbitrary: fc.tuple(tie("term"), fc.constantFrom("and", "or", "AND", "Or", "xor", ""), tie("term")).map(([l, op, r]) => `${l} ${op} ${r}`) },
  ),
})).f.chain((f) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(f) },
    { weight: 1, arbitrary: fc.nat({ max: Math.max(0, f.length) }).map((n) => f.slice(0, n)) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: f.length }), fc.constantFrom("(", ")", "[", "]", '"', "\\", " and ", "not")).map(([n, s]) => f.slice(0, n) + s + f.slice(n)) },
    { weight: 1, arbitrary: fc.constantFrom("(".repeat(60) + 'userName eq "a"' + ")".repeat(60), Array.from({ length: 3000 }, (_, i) => `userName eq "${i}"`).join(" or "), "not(".repeat(80)) },
  ),
);

/** Any JSON-ish value, with prototype keys as own properties (Object.fromEntries creates them). */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 4, depthIdentifier: "value", withCrossShrink: true },
    fc.string({ maxLength: 12 }),
    unicodeString,
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom("True", "False", "2026-01-05T09:00:00Z", ""),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS, "value", "type", "primary", "display", "givenName"), fc.string({ maxLength: 6 })), tie("v")), { maxLength: 4 }).map((e) => Object.fromEntries(e)),
  ),
})).v;

const deepJson = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);

/** A resource body: known attributes in any casing with any values, prototype keys, junk. */
export const resourceBody = (kind: "User" | "Group") =>
  fc
    .record({
      schemas: fc.oneof(
        { weight: 8, arbitrary: fc.constant(kind === "User" ? [SCHEMA.user] : [SCHEMA.group]) },
        { weight: 1, arbitrary: fc.constant([SCHEMA.user, ENTERPRISE]) },
        { weight: 1, arbitrary: hostileValue },
      ),
      name: fc.oneof({ weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) }, unicodeString, hostileValue, hugeString),
      extra: fc.array(fc.tuple(attributePath, hostileValue), { maxLength: 5 }),
      omitSchemas: fc.boolean(),
    })
    .map(({ schemas, name, extra, omitSchemas }) => {
      const entries: Array<[string, unknown]> = [...(omitSchemas ? [] : [["schemas", schemas] as [string, unknown]]), [kind === "User" ? "userName" : "displayName", name], ...extra];
      return JSON.stringify(Object.fromEntries(entries));
    });

const patchOp = fc.record({
  op: fc.oneof(fc.constantFrom("add", "replace", "remove", "Add", "Replace", "Remove", "ADD"), fc.string({ maxLength: 6 }), hostileValue),
  path: fc.oneof(attributePath, filterText.map((f) => `emails[${f}].value`), filterText.map((f) => `members[${f}]`), fc.constant(undefined), hostileValue),
  value: fc.oneof(hostileValue, fc.constant(undefined)),
});

export const patchBody = fc
  .record({ ops: fc.array(patchOp, { minLength: 0, maxLength: 4 }), schemas: fc.oneof({ weight: 8, arbitrary: fc.constant([SCHEMA.patchOp]) }, hostileValue), key: fc.constantFrom("Operations", "operations", "Ops") })
  .map(({ ops, schemas, key }) => JSON.stringify({ schemas, [key]: ops.map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))) }));

/** Bodies that are not JSON, or JSON too deep. */
export const malformedBody = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constantFrom("{", '{"schemas":', "[1,]", "{'a':1}", "NaN", "undefined", '{"a":1}}', "\uFEFF{}", `{"schemas":["${SCHEMA.user}"],"userName":"x"`, deepJson(70), "[".repeat(65) + "]".repeat(65)),
);

export const contentType = fc.constantFrom("application/scim+json", "application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "", "*/*");

export { deepJson };
