/**
 * A target's state: its Users and Groups, and the reverse membership index that gives each User
 * its read-only `groups` and lets a deleted User leave every Group. One instance per target.
 */
import { type Attrs, ResourceTable, type StoredResource } from "./resource-table";

export type ResourceKind = "User" | "Group";

export interface SnapshotRecord {
  id: string;
  seq: number;
  created: number;
  lastModified: number;
  version: number;
  attrs: Attrs;
}

export interface StoreSnapshot {
  format: "scimlab-simulator-snapshot";
  version: 1;
  users: SnapshotRecord[];
  groups: SnapshotRecord[];
}

export class ScimStore {
  readonly users = new ResourceTable("User", [
    { attribute: "userName", caseExact: false },
    { attribute: "externalId", caseExact: true },
    { attribute: "displayName", caseExact: false },
  ]);
  readonly groups = new ResourceTable("Group", [
    { attribute: "displayName", caseExact: false },
    { attribute: "externalId", caseExact: true },
  ]);
  /** member id -> ids of the groups listing it. */
  private readonly memberOf = new Map<string, Set<string>>();

  table(kind: ResourceKind): ResourceTable {
    return kind === "User" ? this.users : this.groups;
  }

  insert(kind: ResourceKind, record: Omit<StoredResource, "seq"> & { seq?: number }): StoredResource {
    const stored = this.table(kind).insert(record);
    if (kind === "Group") this.link(stored);
    return stored;
  }

  update(kind: ResourceKind, record: StoredResource, attrs: Attrs, now: number): void {
    if (kind === "Group") this.unlink(record);
    this.table(kind).update(record, attrs, now);
    if (kind === "Group") this.link(record);
  }

  delete(kind: ResourceKind, record: StoredResource, now: number): void {
    if (kind === "Group") this.unlink(record);
    this.table(kind).delete(record);
    // A deleted resource leaves every group that listed it.
    const groups = this.memberOf.get(record.id);
    if (!groups) return;
    for (const groupId of [...groups]) {
      const group = this.groups.get(groupId);
      if (!group) continue;
      const members = (group.attrs.members as Attrs[] | undefined)?.filter((m) => m.value !== record.id);
      const attrs = { ...group.attrs };
      if (members && members.length > 0) attrs.members = members;
      else delete attrs.members;
      this.update("Group", group, attrs, now);
    }
    this.memberOf.delete(record.id);
  }

  /** Ids of the groups that list `memberId` directly. */
  groupsOf(memberId: string): ReadonlySet<string> | undefined {
    return this.memberOf.get(memberId);
  }

  clear(): void {
    this.users.clear();
    this.groups.clear();
    this.memberOf.clear();
  }

  toSnapshot(): StoreSnapshot {
    const dump = (table: ResourceTable) => [...table.values()].map((r) => ({ ...r }));
    return { format: "scimlab-simulator-snapshot", version: 1, users: dump(this.users), groups: dump(this.groups) };
  }

  load(snapshot: StoreSnapshot): void {
    this.clear();
    for (const r of snapshot.users) this.insert("User", { ...r });
    for (const r of snapshot.groups) this.insert("Group", { ...r });
  }

  private link(group: StoredResource): void {
    for (const m of (group.attrs.members as Attrs[] | undefined) ?? []) {
      if (typeof m.value !== "string") continue;
      let set = this.memberOf.get(m.value);
      if (!set) this.memberOf.set(m.value, (set = new Set()));
      set.add(group.id);
    }
  }

  private unlink(group: StoredResource): void {
    for (const m of (group.attrs.members as Attrs[] | undefined) ?? []) {
      const set = this.memberOf.get(m.value);
      if (!set) continue;
      set.delete(group.id);
      if (set.size === 0) this.memberOf.delete(m.value);
    }
  }
}
