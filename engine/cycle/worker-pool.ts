/**
 * Runs `work` over `items` with at most `concurrency` in flight, in item order. Stops taking new
 * items once `stopped()` says so; items already started finish. Errors thrown by `work` reject
 * the pool after the in-flight items settle (processors return failures as values; a throw is a bug).
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (!failure && !stopped()) {
      const index = next++;
      if (index >= items.length) return;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw (failure as { error: unknown }).error;
}
