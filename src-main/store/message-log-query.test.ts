import { describe, expect, it } from 'vitest';
import { choosePlan, logTotal, type ProbeResult } from './message-log-query';

const index = (dimension: 'connector' | 'type' | 'status', n: number, oldest: number | null): ProbeResult => ({ plan: { kind: 'index', dimension }, n, oldest });

describe('choosing the log index', () => {
  it('drives by the filter with the fewest entries, and by received time when there is no filter', () => {
    expect(choosePlan([index('connector', 900, 1), index('status', 12, 5)], 1001)).toEqual({ kind: 'index', dimension: 'status' });
    expect(choosePlan([index('type', 1001, 1), { plan: { kind: 'fts' }, n: 3, oldest: 9 }], 1001)).toEqual({ kind: 'fts' });
    expect(choosePlan([], 1001)).toEqual({ kind: 'index', dimension: 'time' });
  });

  it('among filters that reach the cap, drives by the sparsest: the one whose newest entries reach furthest back', () => {
    expect(choosePlan([index('type', 1001, 5_000), index('status', 1001, 1_000)], 1001)).toEqual({ kind: 'index', dimension: 'status' });
    expect(choosePlan([index('type', 1001, 1_000), index('connector', 1000, 9_000)], 1001)).toEqual({ kind: 'index', dimension: 'connector' });
  });
});

describe('the total a page reports', () => {
  it('is exact below the cap, and "at least" the cap past it', () => {
    expect(logTotal(7_904, false, 10_000, 50)).toEqual({ total: 7_904, totalAtLeast: false });
    expect(logTotal(10_001, false, 10_000, 50)).toEqual({ total: 10_000, totalAtLeast: true });
  });

  it('when the count was cut short, says "at least" what it counted, and never fewer than the rows paged through', () => {
    expect(logTotal(1_006, true, 10_000, 50)).toEqual({ total: 1_006, totalAtLeast: true });
    expect(logTotal(1_006, true, 10_000, 1_500)).toEqual({ total: 1_500, totalAtLeast: true });
    expect(logTotal(0, true, 10_000, 0)).toEqual({ total: 0, totalAtLeast: true });
  });
});
