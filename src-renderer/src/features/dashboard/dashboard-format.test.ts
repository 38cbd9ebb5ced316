import { describe, expect, it } from 'vitest';
import { ageOf, alertCountsText, rangeInput } from './dashboard-format';

const NOW = Date.UTC(2026, 2, 1, 8, 30, 20);
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('dashboard formatting', () => {
  it('says how long ago in the largest whole unit, and never without a time', () => {
    expect(ageOf(ago(12_400), NOW)).toBe('12 s ago');
    expect(ageOf(ago(5 * 60_000 + 5_000), NOW)).toBe('5 min ago');
    expect(ageOf(ago(3 * 3_600_000), NOW)).toBe('3 h ago');
    expect(ageOf(ago(2 * 86_400_000), NOW)).toBe('2 d ago');
    expect(ageOf(ago(-5_000), NOW)).toBe('0 s ago');
    expect(ageOf(null, NOW)).toBe('never');
  });

  it('lists open alert counts most severe first and says none when nothing is open', () => {
    expect(alertCountsText({ info: 1, warning: 0, error: 0, critical: 2 })).toBe('2 critical, 1 info');
    expect(alertCountsText({ info: 0, warning: 0, error: 0, critical: 0 })).toBe('none');
  });

  it('starts a chart range at a whole minute, so the query stays the same within the minute', () => {
    expect(rangeInput('hour', NOW)).toEqual({ from: new Date(Date.UTC(2026, 2, 1, 7, 30, 0)).toISOString() });
    expect(rangeInput('hour', NOW + 30_000)).toEqual(rangeInput('hour', NOW));
  });
});
