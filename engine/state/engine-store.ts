import { randomUUID } from "node:crypto";
import { createRandom } from "../../common/random";
import { openDatabase, type Db } from "./database";
import { ENGINE_MIGRATIONS } from "./engine-migrations";
import { CycleStore } from "./cycle-store";
import { EscrowStore } from "./escrow-store";
import { JobStore } from "./job-store";
import { LinkStore } from "./link-store";

/** The engine's SQLite file and the stores over it. */
export class EngineStore {
  readonly jobs: JobStore;
  readonly links: LinkStore;
  readonly escrows: EscrowStore;
  readonly cycles: CycleStore;
  /** How many times this file was opened (ids drawn from a seed stay unique across restarts). */
  readonly boot: number;
  private readonly getMeta;
  private readonly setMeta;

  constructor(readonly db: Db) {
    // A cache that holds the hot pages of a 100,000-object cycle, and few, large checkpoints: a
    // cycle rewrites the same hot pages (log, escrow and done indexes) in commit after commit, and
    // a checkpoint copies each page once however often the WAL holds it, with an fsync on the
    // engine's thread. At 4,000 pages an 8,000-object cycle checkpointed 8 times (~40 ms each);
    // at 16,000 (a 64 MiB WAL, truncated back to that size after a checkpoint) twice at most.
    db.pragma("cache_size = -65536");
    db.pragma("temp_store = MEMORY");
    db.pragma("wal_autocheckpoint = 16000");
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    this.jobs = new JobStore(db);
    this.links = new LinkStore(db);
    this.escrows = new EscrowStore(db);
    this.cycles = new CycleStore(db);
    this.getMeta = db.prepare("SELECT value FROM engine_meta WHERE key = ?").pluck();
    this.setMeta = db.prepare("INSERT INTO engine_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    this.boot = Number(this.meta("boot") ?? "0") + 1;
    this.setMetaValue("boot", String(this.boot));
  }

  static open(file: string): EngineStore {
    return new EngineStore(openDatabase(file, ENGINE_MIGRATIONS));
  }

  meta(key: string): string | undefined {
    return this.getMeta.get(key) as string | undefined;
  }

  setMetaValue(key: string, value: string): void {
    this.setMeta.run(key, value);
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Id generator: seeded (same seed, same ids within a boot) or random. */
export function idSource(seed: string | number | undefined, boot: number): () => string {
  if (seed === undefined) return () => randomUUID();
  const random = createRandom(`${seed}/engine-ids/${boot}`);
  return () => random.uuid();
}
