import { describe, expect, it } from 'vitest';
import { createAnswerCache } from './answer-cache';

describe('answer cache', () => {
  it('answers fresh within the time to live and stale after it, keeping the stale entry', () => {
    const cache = createAnswerCache<string>({ maxEntries: 10, ttlMs: 1000 });
    cache.set('a', 'A', 0);
    expect(cache.get('a', 999)).toEqual({ value: 'A', stale: false });
    expect(cache.get('a', 1000)).toEqual({ value: 'A', stale: true });
    expect(cache.get('a', 1_000_000)).toEqual({ value: 'A', stale: true });
    expect(cache.get('b', 0)).toBeUndefined();
  });

  it('evicts the least recently used entry when full', () => {
    const cache = createAnswerCache<string>({ maxEntries: 2, ttlMs: 1000 });
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0);
    cache.get('a', 0);
    cache.set('c', 'C', 0);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)?.value).toBe('A');
    expect(cache.get('c', 0)?.value).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('replaces an entry and restarts its time to live', () => {
    const cache = createAnswerCache<string>({ maxEntries: 2, ttlMs: 1000 });
    cache.set('a', 'old', 0);
    cache.set('a', 'new', 5000);
    expect(cache.get('a', 5500)).toEqual({ value: 'new', stale: false });
    expect(cache.size).toBe(1);
  });
});
