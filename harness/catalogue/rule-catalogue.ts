import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { ConfigError } from "../../common/config-error";
import { loadScenarioFile } from "../scenario/load-scenario";
import { discoverScenarioFiles } from "../suite/discover";

/**
 * The rule catalogue: every rule of the provisioning model with a stable id (docs/rules.yaml), and
 * which scenarios of the library prove it (their `proves:`). docs/scenarios.md is rendered from
 * this; test/scenarios-catalogue.test.ts checks it against the files.
 */

/** Where the catalogue and the library live, relative to the repository root. */
export const RULES_PATH = "docs/rules.yaml";
export const SCENARIOS_DIR = "scenarios";
export const SCENARIOS_DOC_PATH = "docs/scenarios.md";

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/;

const CatalogueSchema = z
  .object({
    sections: z.record(z.string(), z.string().min(1)),
    rules: z
      .array(
        z
          .object({
            id: z.string().regex(RULE_ID, "expected a dotted lower-case id such as quarantine.credentials"),
            section: z.string().min(1),
            rule: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export interface Rule {
  id: string;
  section: string;
  rule: string;
}

export interface RuleCatalogue {
  /** Section key to title, in the order the file gives them. */
  sections: Array<{ key: string; title: string }>;
  rules: Rule[];
}

/** One scenario file of the library, as the catalogue sees it. */
export interface LibraryScenario {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  name: string;
  proves: string[];
  tags: string[];
}

/** Reads and validates docs/rules.yaml; a bad file is a ConfigError naming the field. */
export async function loadRuleCatalogue(root: string): Promise<RuleCatalogue> {
  const file = resolve(root, RULES_PATH);
  let raw: unknown;
  try {
    raw = parse(await readFile(file, "utf8"));
  } catch (error) {
    throw ConfigError.single("(yaml)", `invalid YAML: ${(error as Error).message.split("\n")[0]}`, "quote values that contain \": \"", RULES_PATH);
  }
  const parsed = CatalogueSchema.safeParse(raw);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, RULES_PATH);
  const { sections, rules } = parsed.data;
  const problems: Array<{ field: string; problem: string; fix?: string }> = [];
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.id)) problems.push({ field: `rules[${i}].id`, problem: `duplicate id ${rule.id}`, fix: "ids are unique" });
    seen.add(rule.id);
    if (!Object.hasOwn(sections, rule.section)) {
      problems.push({ field: `rules[${i}].section`, problem: `unknown section ${JSON.stringify(rule.section)}`, fix: `use one of ${Object.keys(sections).join(", ")}` });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems, RULES_PATH);
  return { sections: Object.entries(sections).map(([key, title]) => ({ key, title })), rules };
}

/** Every scenario of the library (validated as `scimlab run` would), sorted by path. */
export async function loadLibrary(root: string): Promise<LibraryScenario[]> {
  const files = await discoverScenarioFiles([SCENARIOS_DIR], root);
  const scenarios: LibraryScenario[] = [];
  for (const file of files) {
    const path = relative(root, resolve(root, file)).split("\\").join("/");
    const scenario = await loadScenarioFile(resolve(root, file), path);
    scenarios.push({ path, name: scenario.name, proves: scenario.proves, tags: scenario.tags });
  }
  return scenarios.sort((a, b) => a.path.localeCompare(b.path));
}

/** What the library proves of the catalogue. */
export interface Coverage {
  /** Rule id to the scenarios that prove it (possibly none), in catalogue order. */
  provenBy: Map<string, LibraryScenario[]>;
  /** Rules no scenario proves. */
  unproven: Rule[];
  /** `proves:` entries that name no rule of the catalogue. */
  unknown: Array<{ path: string; id: string }>;
  /** Scenarios that prove nothing. */
  provingNothing: LibraryScenario[];
}

export function coverageOf(catalogue: RuleCatalogue, library: readonly LibraryScenario[]): Coverage {
  const provenBy = new Map<string, LibraryScenario[]>(catalogue.rules.map((r) => [r.id, []]));
  const unknown: Coverage["unknown"] = [];
  for (const scenario of library) {
    for (const id of scenario.proves) {
      const list = provenBy.get(id);
      if (list) list.push(scenario);
      else unknown.push({ path: scenario.path, id });
    }
  }
  return {
    provenBy,
    unproven: catalogue.rules.filter((r) => provenBy.get(r.id)!.length === 0),
    unknown,
    provingNothing: library.filter((s) => s.proves.length === 0),
  };
}
