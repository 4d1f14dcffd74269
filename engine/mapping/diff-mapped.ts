import type { AttributeChange } from "../../scim/dialect";
import { toBoolean } from "./expression/values";
import { targetPath, type TargetObjectType, type TargetPath } from "./target-path";
import type { MappedObject, ScimValue } from "./types";

export interface DiffOptions {
  /** The target resource type, for each attribute's type and caseExact. @default "User" */
  type?: TargetObjectType;
  /**
   * Clear target values whose source became null or empty. Entra's outbound provisioning never
   * does (its "flow null values" preview is inbound only), so the default keeps them.
   * @default false
   */
  flowNulls?: boolean;
}

type Flat = Record<string, ScimValue>;

/**
 * The attributes to change on the target so that it holds `desired`: one change per target path
 * of `desired` whose value differs from `current`, with the old and new values (what becomes the
 * PATCH, see scim/dialect.ts `attributePatch`, and the log's modifiedProperties). Values compare
 * as the target schema says: booleans as booleans ("False" equals false), strings ignoring case
 * unless the attribute is caseExact (externalId). An empty list means a redundant export.
 */
export function diffMapped(current: MappedObject | Flat, desired: MappedObject | Flat, options: DiffOptions = {}): AttributeChange[] {
  const have = flat(current);
  const want = flat(desired);
  const type = options.type ?? "User";
  const changes: AttributeChange[] = [];
  for (const [path, newValue] of Object.entries(want)) {
    const oldValue = have[path] ?? null;
    if (newValue === null || newValue === "") {
      const cleared = newValue === null ? oldValue === null : oldValue === null || oldValue === "";
      if (!cleared && options.flowNulls) changes.push({ path, oldValue, newValue: null });
      continue;
    }
    if (!same(oldValue, newValue, pathOrUndefined(path, type))) changes.push({ path, oldValue, newValue });
  }
  return changes;
}

/** Which reference ids to add and remove (group members, manager), compared exactly. */
export function diffReferences(current: readonly string[], desired: readonly string[]): { added: string[]; removed: string[] } {
  const have = new Set(current);
  const want = new Set(desired);
  return { added: [...want].filter((id) => !have.has(id)), removed: [...have].filter((id) => !want.has(id)) };
}

function flat(value: MappedObject | Flat): Flat {
  return "attributes" in value && typeof value.attributes === "object" && value.attributes !== null && "references" in value
    ? (value as MappedObject).attributes
    : (value as Flat);
}

function same(oldValue: ScimValue, newValue: ScimValue, path: TargetPath | undefined): boolean {
  if (oldValue === null) return false;
  if (path?.type === "boolean" || typeof oldValue === "boolean" || typeof newValue === "boolean") {
    const a = toBoolean(oldValue);
    return a !== null && a === toBoolean(newValue);
  }
  const a = String(oldValue);
  const b = String(newValue);
  return path?.caseExact ? a === b : a === b || a.toLowerCase() === b.toLowerCase();
}

function pathOrUndefined(text: string, type: TargetObjectType): TargetPath | undefined {
  try {
    return targetPath(text, type);
  } catch {
    return undefined; // not a path of this resource type: compare as text
  }
}
