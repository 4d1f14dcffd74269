import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { REPORT_SCHEMA_PATH, SCENARIO_SCHEMA_PATH, reportJsonSchema, scenarioJsonSchema, schemaText } from "./json-schema";

const root = new URL("../../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), "utf8");

describe("published JSON Schemas", () => {
  it("scenarios/schema.json is up to date with the zod schemas (run `npm run schema`)", () => {
    expect(read(SCENARIO_SCHEMA_PATH)).toBe(schemaText(scenarioJsonSchema()));
  });

  it("the report schema is up to date (run `npm run schema`)", () => {
    expect(read(REPORT_SCHEMA_PATH)).toBe(schemaText(reportJsonSchema()));
  });

  it("accepts the issue's example and rejects what the loader rejects", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(read(SCENARIO_SCHEMA_PATH)) as object);
    const example = parse(read("harness/testing/fixtures/issue-example.yaml")) as Record<string, unknown>;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, steps: [{ advnce: "40m" }] })).toBe(false);
    expect(validate({ ...example, steps: [{ expect: { job: { code: "Quarantined" } } }] })).toBe(false);
    expect(validate({ ...example, jbo: {} })).toBe(false);
    expect(validate({ ...example, steps: [{ restart: "softly" }] })).toBe(false);
    expect(validate({ ...example, steps: [{ advance: { until: { job: { code: "Active" } }, within: "1d" } }] })).toBe(true);
  });
});
