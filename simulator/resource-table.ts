/**
 * The stored resources of one type, with the indexes the hot path needs: by id, by lower-cased
 * userName / displayName, by externalId. Each record keeps its canonical attributes plus compact
 * metadata (epoch numbers, a version counter); the wire form is rendered on the way out.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Attrs = Record<string, any>;

export interface StoredResource {
  id: string;
  /** Creation order, for stable listing and cursors. */
  seq: number;
  created: number;
  lastModified: number;
  version: number;
  attrs: Attrs;
}

interface IndexSpec {
  attribute: string;
  caseExact: boolean;
}

/** A map from key to one record or several (non-unique attributes share keys). */
class MultiIndex {
  private readonly map = new Map<string, StoredResource | StoredResource[]>();
  constructor(readonly spec: IndexSpec) {}

  key(record: StoredResource): string | undefined {
    const v = record.attrs[this.spec.attribute];
    if (typeof v !== "string") return undefined;
    return this.spec.caseExact ? v : v.toLowerCase();
  }

  normalize(value: string): string {
    return this.spec.caseExact ? value : value.toLowerCase();
  }

  add(record: StoredResource): void {
    const k = this.key(record);
    if (k === undefined) return;
    const existing = this.map.get(k);
    if (existing === undefined) this.map.set(k, record);
    else if (Array.isArray(existing)) existing.push(record);
    else this.map.set(k, [existing, record]);
  }

  remove(record: StoredResource): void {
    const k = this.key(record);
    if (k === undefined) return;
    const existing = this.map.get(k);
    if (existing === record) this.map.delete(k);
    else if (Array.isArray(existing)) {
      const rest = existing.filter((r) => r !== record);
      if (rest.length === 0) this.map.delete(k);
      else this.map.set(k, rest.length === 1 ? rest[0]! : rest);
    }
  }

  find(value: string): StoredResource[] {
    const hit = this.map.get(this.normalize(value));
    if (hit === undefined) return [];
    return Array.isArray(hit) ? hit : [hit];
  }

  clear(): void {
    this.map.clear();
  }
}

export class ResourceTable {
  private readonly byId = new Map<string, StoredResource>();
  private readonly indexes = new Map<string, MultiIndex>();
  private seq = 0;

  constructor(
    readonly resourceType: "User" | "Group",
    indexed: IndexSpec[],
  ) {
    for (const spec of indexed) this.indexes.set(spec.attribute, new MultiIndex(spec));
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredResource | undefined {
    return this.byId.get(id);
  }

  /** Records whose indexed attribute equals `value` (per the attribute's case rule). */
  findBy(attribute: string, value: string): StoredResource[] | undefined {
    if (attribute === "id") {
      const r = this.byId.get(value);
      return r ? [r] : [];
    }
    return this.indexes.get(attribute)?.find(value);
  }

  isIndexed(attribute: string): boolean {
    return attribute === "id" || this.indexes.has(attribute);
  }

  /** Inserts a new record; `seq` is assigned here unless restoring one. */
  insert(record: Omit<StoredResource, "seq"> & { seq?: number }): StoredResource {
    const stored = record as StoredResource;
    stored.seq = record.seq ?? ++this.seq;
    if (stored.seq > this.seq) this.seq = stored.seq;
    this.byId.set(stored.id, stored);
    for (const index of this.indexes.values()) index.add(stored);
    return stored;
  }

  /** Replaces a record's attributes in place (its indexes follow). */
  update(record: StoredResource, attrs: Attrs, now: number): void {
    for (const index of this.indexes.values()) index.remove(record);
    record.attrs = attrs;
    record.lastModified = now;
    record.version++;
    for (const index of this.indexes.values()) index.add(record);
  }

  delete(record: StoredResource): void {
    this.byId.delete(record.id);
    for (const index of this.indexes.values()) index.remove(record);
  }

  values(): IterableIterator<StoredResource> {
    return this.byId.values();
  }

  clear(): void {
    this.byId.clear();
    for (const index of this.indexes.values()) index.clear();
    this.seq = 0;
  }
}
