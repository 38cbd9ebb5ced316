/** A cached value and whether it is older than the cache's time to live. */
export interface CacheHit<T> {
  value: T;
  stale: boolean;
}

export interface AnswerCacheOptions {
  maxEntries: number;
  ttlMs: number;
}

/**
 * Least-recently-used cache whose entries go stale after a time to live but are kept until evicted,
 * so a stale answer can still stand in while its source is unreachable. Time is passed in.
 */
export function createAnswerCache<T>(options: AnswerCacheOptions) {
  // A Map iterates in insertion order; re-inserting on every use keeps the least recently used first.
  const entries = new Map<string, { value: T; storedAt: number }>();
  return {
    get(key: string, now: number): CacheHit<T> | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return { value: entry.value, stale: now - entry.storedAt >= options.ttlMs };
    },
    set(key: string, value: T, now: number): void {
      entries.delete(key);
      entries.set(key, { value, storedAt: now });
      for (const oldest of entries.keys()) {
        if (entries.size <= options.maxEntries) break;
        entries.delete(oldest);
      }
    },
    get size(): number {
      return entries.size;
    },
  };
}
export type AnswerCache<T> = ReturnType<typeof createAnswerCache<T>>;
