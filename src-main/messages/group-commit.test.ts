import { describe, expect, it } from 'vitest';
import { createGroupCommitter } from './group-commit';

describe('group commit', () => {
  it('commits items submitted in the same turn as one batch, in order', async () => {
    const batches: number[][] = [];
    const committer = createGroupCommitter<number, string>((items) => {
      batches.push(items);
      return items.map((n) => `ok ${n}`);
    }, { maxBatch: 100 });
    const results = await Promise.all([1, 2, 3].map((n) => committer.submit(n)));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    const committer = createGroupCommitter<number, number>((items) => {
      sizes.push(items.length);
      return items;
    }, { maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => committer.submit(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('fails only the item that cannot be committed', async () => {
    const committer = createGroupCommitter<number, number>((items) => {
      if (items.includes(2)) throw new Error('disk says no to 2');
      return items;
    }, { maxBatch: 10 });
    const results = await Promise.allSettled([1, 2, 3].map((n) => committer.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('drains: resolves once everything submitted is settled', async () => {
    const committed: number[] = [];
    const committer = createGroupCommitter<number, number>((items) => {
      committed.push(...items);
      return items;
    }, { maxBatch: 10 });
    void committer.submit(7);
    await committer.drain();
    expect(committed).toEqual([7]);
    await committer.drain();
  });
});
