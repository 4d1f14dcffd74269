import { stringify } from "yaml";
import type { Step } from "../scenario/step-schema";

const MAX = 200;

/** The step as its author wrote it, on one line: `expect: { job: { code: Active } }`. */
export function stepTitle(step: Pick<Step, "source">): string {
  const source = { ...(step.source as Record<string, unknown>) };
  delete source.note;
  let text: string;
  try {
    text = stringify(source, { collectionStyle: "flow", lineWidth: 0 }).trim();
  } catch {
    text = JSON.stringify(source);
  }
  text = text.replace(/^\{ ?(.*?) ?\}$/s, "$1").replace(/\s+/g, " ");
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
