import { UsageError } from "../../common/config-error";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `--shard k/n`: 1 ≤ k ≤ n. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard ${text}: expected k/n with 1 ≤ k ≤ n, e.g. --shard 1/2 and --shard 2/2`);
  }
  return { index, count };
}

/**
 * The scenarios of one shard: sorted by id, every n-th from the k-th. Deterministic for a given set
 * of files, and the shards 1/n … n/n together take every scenario exactly once.
 */
export function selectShard<T>(items: readonly T[], shard: Shard | undefined, idOf: (item: T) => string): T[] {
  const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  if (!shard) return sorted;
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

/** `--grep` (in the name or id, any case) and `--tag` (any of them). */
export function matchesFilters(scenario: { id: string; name: string; tags: readonly string[] }, grep: string | undefined, tags: readonly string[]): boolean {
  if (grep && !`${scenario.name}\n${scenario.id}`.toLowerCase().includes(grep.toLowerCase())) return false;
  if (tags.length > 0 && !tags.some((t) => scenario.tags.includes(t))) return false;
  return true;
}
