import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { ReporterOptions } from "./reporter";

/** Writes a file reporter's output to its file (creating folders) or, for `-`, to stdout. */
export async function writeOutput(options: ReporterOptions, defaultFile: string, text: string): Promise<string> {
  const file = options.file ?? defaultFile;
  if (file === "-") {
    (options.stdout ?? process.stdout).write(text);
    return "standard output";
  }
  const path = resolve(options.cwd ?? process.cwd(), file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}
