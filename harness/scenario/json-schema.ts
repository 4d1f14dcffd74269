import { z } from "zod";
import { RunResultSchema } from "../result/result-schema";
import { ScenarioSchema } from "./scenario-schema";

/** Where the generated schemas live, relative to the repository root (`npm run schema` writes them). */
export const SCENARIO_SCHEMA_PATH = "scenarios/schema.json";
export const REPORT_SCHEMA_PATH = "harness/result/report.schema.json";

/** The JSON Schema of scenario files (what editors complete and check), from the zod schemas. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ScenarioSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }),
    $id: "https://scimlab.dev/schemas/scenario.json",
  };
}

/** The JSON Schema of the `json` reporter's output. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(RunResultSchema, { io: "output", unrepresentable: "any", target: "draft-2020-12" }),
    $id: "https://scimlab.dev/schemas/report.json",
  };
}

/** The file text: stable key order from the schemas, two-space indent, final newline. */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
