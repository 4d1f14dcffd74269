/**
 * The reliability scripts write their latest figures into docs/reliability.md themselves,
 * between `<!-- NAME:begin -->` and `<!-- NAME:end -->`, with the machine and the date, so the
 * document always shows what the last run measured.
 */
import { cpus, totalmem } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RELIABILITY_DOC = join(import.meta.dirname, "..", "..", "docs", "reliability.md");

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Replaces the block named `name` in docs/reliability.md (appends it when missing). */
export function writeFigures(name: string, markdown: string, file = RELIABILITY_DOC): void {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const stamp = `_Last run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}._`; // real-time: the date of the run
  const block = `${begin}\n${stamp}\n\n${markdown.trim()}\n${end}`;
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    text = "# Reliability\n";
  }
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
