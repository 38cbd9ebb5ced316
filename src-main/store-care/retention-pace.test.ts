import { describe, expect, it } from 'vitest';
import { firstBatchLimit, nextBatchLimit } from './retention-pace';

describe('retention batch pace', () => {
  it('sizes the next batch to the time budget from the last batch’s pace', () => {
    expect(nextBatchLimit(100, 40, 10, 500)).toBe(25);
    expect(nextBatchLimit(100, 10, 10, 500)).toBe(100);
  });

  it('grows at most twofold at once, and stays within 1 and the configured most', () => {
    expect(nextBatchLimit(100, 1, 10, 500)).toBe(200);
    expect(nextBatchLimit(100, 0, 10, 500)).toBe(200);
    expect(nextBatchLimit(400, 1, 10, 500)).toBe(500);
    expect(nextBatchLimit(3, 1000, 10, 500)).toBe(1);
    expect(firstBatchLimit(500)).toBe(25);
    expect(firstBatchLimit(10)).toBe(10);
  });
});
