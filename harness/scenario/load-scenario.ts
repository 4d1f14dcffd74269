import { readFile } from "node:fs/promises";
import { isCollection, isMap, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import { ConfigError } from "../../common/config-error";
import type { Scenario } from "./scenario-schema";
import { validateScenario, type LineLocator } from "./validate-scenario";

/**
 * Reads and validates a scenario file; throws ConfigError (exit 2) naming the file, step, line and
 * field. `shownAs` is the name used in messages and results (a path relative to the working folder).
 */
export async function loadScenarioFile(file: string, shownAs = file): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw ConfigError.single("(file)", `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, undefined, shownAs);
  }
  return parseScenarioYaml(text, shownAs);
}

/** Parses scenario YAML (keeping line numbers for messages) and validates it. */
export function parseScenarioYaml(text: string, file = "(inline)"): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const at = error.linePos?.[0];
        return {
          field: at ? `line ${at.line}, column ${at.col}` : "(yaml)",
          problem: `invalid YAML: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
        };
      }),
      file,
    );
  }
  refuseCollectionKeys(doc, lineCounter, file);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Parsed, but not convertible: an alias to an anchor defined later (or not at all), an alias bomb.
    throw ConfigError.single("(yaml)", `invalid YAML: ${(error as Error).message.split("\n")[0]}`, "define each &anchor before its *alias", file);
  }
  return validateScenario(raw, { file, locate: locator(doc, lineCounter) });
}

/** `[a]: x` or `{a: 1}: x` would be stringified into a key no scenario field has (with a process warning). */
function refuseCollectionKeys(doc: Document, lineCounter: LineCounter, file: string): void {
  visit(doc, {
    Pair(_key, pair) {
      if (!isCollection(pair.key)) return;
      const offset = pair.key.range?.[0];
      const field = offset === undefined ? "(yaml)" : `line ${lineCounter.linePos(offset).line}`;
      throw ConfigError.single(field, "a key is a list or a map", "write keys as plain words, e.g. `users: 5`", file);
    },
  });
}

/** Maps a path to the line of the deepest node that exists along it (the parent, for a missing key). */
function locator(doc: Document, lineCounter: LineCounter): LineLocator {
  return (path) => {
    let node: unknown = doc.contents;
    let found: Node | undefined = isNode(node) ? node : undefined;
    for (const key of path) {
      if (isMap(node)) node = node.get(key, true);
      else if (isSeq(node) && typeof key === "number") node = node.get(key, true);
      else break;
      if (!isNode(node)) break;
      found = node;
    }
    const offset = found?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
}

function isNode(value: unknown): value is Node {
  return !!value && typeof value === "object" && "range" in value;
}
