import type { Db } from "./database";
import type { AttributeValue } from "../../scim/dialect";
import type { SourceObjectKind } from "../directory/types";

/**
 * One entry of the connector data store: the target object a source object became, and what the
 * engine last exported to it. `snapshot` maps attribute paths to exported values (the manager
 * reference by its target id); `members` maps a group's member source ids to their target ids.
 */
export interface Link {
  kind: SourceObjectKind;
  sourceId: string;
  targetId: string;
  /** False once the engine disabled the target object (out of scope, soft-deleted). */
  active: boolean;
  snapshot: Record<string, AttributeValue>;
  members: Record<string, string> | null;
  updatedAt: number;
}

interface LinkRow {
  kind: string;
  source_id: string;
  target_id: string;
  active: number;
  snapshot: string;
  members: string | null;
  updated_at: number;
}

/**
 * The connector data store (source id -> target id and last export), per job.
 *
 * Most lookups of a first cycle miss (nothing is linked yet), and each one outside a transaction
 * costs a SQLite read transaction (tens of microseconds on a busy machine). So the store keeps,
 * per job, the keys that may have a link: loaded from the table outside any transaction (inside
 * one, a rollback could bring back rows the set would deny), grown by every upsert, not shrunk by
 * a delete; a clear drops it (reloaded at the next lookup outside a transaction). A key outside
 * the set has no link; a key inside is looked up. This holds because this store is the only
 * writer of `engine_links` on the engine's one connection (one engine per state file).
 *
 * Target ids are looked up once per reference (every report's manager, every group member), and
 * also kept per job as committed: filled by reads outside a transaction and by
 * {@link LinkStore.committed} (called once a transaction that upserted links has committed),
 * dropped for a key by every upsert or delete (so a rollback leaves no value behind) and for the
 * job by a clear. (A job's links deleted with the job by cascade leave both caches stale; a
 * deleted job's id is never used again.)
 */
export class LinkStore {
  private readonly s;
  /** jobId -> `${kind}:${sourceId}` of every link that may exist (a superset of the table's). */
  private readonly known = new Map<string, Set<string>>();
  /** jobId -> `${kind}:${sourceId}` -> target id, as committed (see the class comment). */
  private readonly targets = new Map<string, Map<string, string>>();

  constructor(private readonly db: Db) {
    this.s = {
      get: db.prepare("SELECT * FROM engine_links WHERE job_id = ? AND kind = ? AND source_id = ?"),
      targetId: db.prepare("SELECT target_id FROM engine_links WHERE job_id = ? AND kind = ? AND source_id = ?").pluck(),
      upsert: db.prepare(
        `INSERT INTO engine_links (job_id, kind, source_id, target_id, active, snapshot, members, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (job_id, kind, source_id) DO UPDATE SET target_id = excluded.target_id,
           active = excluded.active, snapshot = excluded.snapshot, members = excluded.members,
           updated_at = excluded.updated_at`,
      ),
      delete: db.prepare("DELETE FROM engine_links WHERE job_id = ? AND kind = ? AND source_id = ?"),
      all: db.prepare("SELECT * FROM engine_links WHERE job_id = ? AND kind = ? ORDER BY source_id"),
      activeMap: db.prepare("SELECT source_id, active FROM engine_links WHERE job_id = ? AND kind = ?").raw(),
      sourceIds: db.prepare("SELECT source_id FROM engine_links WHERE job_id = ? AND kind = ?").pluck(),
      count: db.prepare("SELECT count(*) AS n FROM engine_links WHERE job_id = ? AND kind = ?"),
      clear: db.prepare("DELETE FROM engine_links WHERE job_id = ?"),
      keys: db.prepare("SELECT kind, source_id FROM engine_links WHERE job_id = ?").raw(),
    };
  }

  get(jobId: string, kind: SourceObjectKind, sourceId: string): Link | undefined {
    if (!this.mayExist(jobId, kind, sourceId)) return undefined;
    const row = this.s.get.get(jobId, kind, sourceId) as LinkRow | undefined;
    return row && linkFromRow(row);
  }

  /** Just the target id of a link (reference resolution; no snapshot parsed). */
  targetId(jobId: string, kind: SourceObjectKind, sourceId: string): string | undefined {
    if (!this.mayExist(jobId, kind, sourceId)) return undefined;
    const key = `${kind}:${sourceId}`;
    const cached = this.targets.get(jobId)?.get(key);
    if (cached !== undefined) return cached;
    const targetId = this.s.targetId.get(jobId, kind, sourceId) as string | undefined;
    // Inside a transaction the row may be one that a rollback takes back: not cached.
    if (targetId !== undefined && !this.db.inTransaction) this.targetsOf(jobId).set(key, targetId);
    return targetId;
  }

  /**
   * Tells the store that these upserts (a target id) and deletes (null), made in a transaction in
   * this order, are committed now, so their target ids can be answered from memory. Ignored while
   * a transaction is still open.
   */
  committed(jobId: string, changes: Iterable<{ kind: SourceObjectKind; sourceId: string; targetId: string | null }>): void {
    if (this.db.inTransaction) return;
    const targets = this.targetsOf(jobId);
    for (const { kind, sourceId, targetId } of changes) {
      if (targetId === null) targets.delete(`${kind}:${sourceId}`);
      else targets.set(`${kind}:${sourceId}`, targetId);
    }
  }

  upsert(jobId: string, link: Link): void {
    const key = `${link.kind}:${link.sourceId}`;
    this.known.get(jobId)?.add(key);
    this.targets.get(jobId)?.delete(key);
    this.s.upsert.run(
      jobId,
      link.kind,
      link.sourceId,
      link.targetId,
      link.active ? 1 : 0,
      JSON.stringify(link.snapshot),
      link.members === null ? null : JSON.stringify(link.members),
      link.updatedAt,
    );
  }

  delete(jobId: string, kind: SourceObjectKind, sourceId: string): void {
    this.targets.get(jobId)?.delete(`${kind}:${sourceId}`);
    this.s.delete.run(jobId, kind, sourceId);
  }

  all(jobId: string, kind: SourceObjectKind): Link[] {
    return (this.s.all.all(jobId, kind) as LinkRow[]).map(linkFromRow);
  }

  /** Source ids of every link of one kind (cheap: no snapshots parsed). */
  sourceIds(jobId: string, kind: SourceObjectKind): string[] {
    return this.s.sourceIds.all(jobId, kind) as string[];
  }

  /** Source id -> whether the target object is active, for every link of one kind. */
  activeMap(jobId: string, kind: SourceObjectKind): Map<string, boolean> {
    const rows = this.s.activeMap.all(jobId, kind) as Array<[string, number]>;
    return new Map(rows.map(([id, active]) => [id, active === 1]));
  }

  count(jobId: string, kind: SourceObjectKind): number {
    return (this.s.count.get(jobId, kind) as { n: number }).n;
  }

  /** Forgets every link of the job (restart with `ConnectorDataStore`). */
  clear(jobId: string): void {
    this.s.clear.run(jobId);
    this.known.delete(jobId);
    this.targets.delete(jobId);
  }

  private targetsOf(jobId: string): Map<string, string> {
    let targets = this.targets.get(jobId);
    if (!targets) this.targets.set(jobId, (targets = new Map()));
    return targets;
  }

  /** False only when the job certainly has no such link (see the class comment). */
  private mayExist(jobId: string, kind: SourceObjectKind, sourceId: string): boolean {
    let keys = this.known.get(jobId);
    if (!keys) {
      if (this.db.inTransaction) return true;
      keys = new Set((this.s.keys.all(jobId) as Array<[string, string]>).map(([k, id]) => `${k}:${id}`));
      this.known.set(jobId, keys);
    }
    return keys.has(`${kind}:${sourceId}`);
  }
}

function linkFromRow(row: LinkRow): Link {
  return {
    kind: row.kind as SourceObjectKind,
    sourceId: row.source_id,
    targetId: row.target_id,
    active: row.active === 1,
    snapshot: JSON.parse(row.snapshot) as Record<string, AttributeValue>,
    members: row.members === null ? null : (JSON.parse(row.members) as Record<string, string>),
    updatedAt: row.updated_at,
  };
}
