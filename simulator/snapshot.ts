/** The optional snapshot file: loaded when a target starts, written (atomically) when it closes. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { ConfigError } from "../common/config-error";
import type { SnapshotRecord, StoreSnapshot } from "./store";

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
  // The store's invariants hold for a restored snapshot too: unique ids, userName and group
  // displayName unique ignoring case (the indexes assume it), numeric metadata.
  checkRecords(s.users as unknown[], "users", "userName", file);
  checkRecords(s.groups as unknown[], "groups", "displayName", file);
  return s as StoreSnapshot;
}

function checkRecords(records: unknown[], field: string, uniqueName: string, file: string): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  records.forEach((raw, i) => {
    const r = raw as Partial<SnapshotRecord> | null;
    const at = `${field}[${i}]`;
    const count = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
    if (!r || typeof r !== "object" || typeof r.id !== "string" || r.id === "" || !r.attrs || typeof r.attrs !== "object" || Array.isArray(r.attrs)) {
      throw ConfigError.single(at, "needs id (a non-empty string) and attrs (an object)", undefined, file);
    }
    if (!count(r.version) || !count(r.seq) || typeof r.created !== "number" || typeof r.lastModified !== "number") {
      throw ConfigError.single(at, "needs numbers in seq, version, created and lastModified", undefined, file);
    }
    if (ids.has(r.id)) throw ConfigError.single(`${at}.id`, `"${r.id}" appears twice`, "ids must be unique", file);
    ids.add(r.id);
    const name = (r.attrs as Record<string, unknown>)[uniqueName];
    if (typeof name !== "string" || name === "") throw ConfigError.single(`${at}.attrs.${uniqueName}`, "is missing", `every record of ${field} needs a ${uniqueName}`, file);
    if (names.has(name.toLowerCase())) throw ConfigError.single(`${at}.attrs.${uniqueName}`, `"${name}" appears twice (ignoring case)`, `${uniqueName} must be unique`, file);
    names.add(name.toLowerCase());
  });
}

/** Writes beside the target and renames, so a crash mid-write never leaves a torn file. */
export function writeSnapshot(file: string, snapshot: StoreSnapshot): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snapshot));
  renameSync(tmp, file);
}
