/** The optional snapshot file: loaded when a target starts, written (atomically) when it closes. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { ConfigError } from "../common/config-error";
import type { StoreSnapshot } from "./store";

export function readSnapshot(file: string): StoreSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw ConfigError.single("(file)", `is not valid JSON (${(error as Error).message})`, "delete it to start empty, or restore a snapshot written by scimlab", file);
  }
  return checkSnapshot(parsed, file);
}

export function checkSnapshot(parsed: unknown, file = "snapshot"): StoreSnapshot {
  const s = parsed as Partial<StoreSnapshot> | null;
  if (!s || s.format !== "scimlab-simulator-snapshot" || s.version !== 1 || !Array.isArray(s.users) || !Array.isArray(s.groups)) {
    throw ConfigError.single("format", `is not a scimlab simulator snapshot (expected {"format": "scimlab-simulator-snapshot", "version": 1, "users": [...], "groups": [...]})`, undefined, file);
  }
  for (const [i, r] of [...s.users, ...s.groups].entries()) {
    if (!r || typeof r.id !== "string" || typeof r.attrs !== "object" || typeof r.version !== "number") {
      throw ConfigError.single(`records[${i}]`, "needs id, attrs, version, created, lastModified", undefined, file);
    }
  }
  return s as StoreSnapshot;
}

/** Writes beside the target and renames, so a crash mid-write never leaves a torn file. */
export function writeSnapshot(file: string, snapshot: StoreSnapshot): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snapshot));
  renameSync(tmp, file);
}
