import { describe, expect, it } from 'vitest';
import { errorLine, formatAge, itemActionAllowed } from './outbound-format';

describe('outbound formatting', () => {
  it('shows ages in the largest unit that fits, with the next unit when it is not zero', () => {
    expect(formatAge(null)).toBe('—');
    expect(formatAge(45_000)).toBe('45 s');
    expect(formatAge(12 * 60_000 + 5_000)).toBe('12 min');
    expect(formatAge(3 * 3_600_000)).toBe('3 h');
    expect(formatAge(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatAge(50 * 3_600_000)).toBe('2 d 2 h');
  });

  it('offers retry and skip for waiting items, requeue for dead or skipped ones, and nothing while in flight or delivered', () => {
    expect(itemActionAllowed('failed', 'retryNow')).toBe(true);
    expect(itemActionAllowed('pending', 'skip')).toBe(true);
    expect(itemActionAllowed('failed', 'requeue')).toBe(false);
    expect(itemActionAllowed('dead', 'requeue')).toBe(true);
    expect(itemActionAllowed('skipped', 'requeue')).toBe(true);
    expect(itemActionAllowed('dead', 'retryNow')).toBe(false);
    for (const action of ['retryNow', 'skip', 'requeue'] as const) {
      expect(itemActionAllowed('in_flight', action)).toBe(false);
      expect(itemActionAllowed('delivered', action)).toBe(false);
    }
  });

  it('joins an error code and its text', () => {
    expect(errorLine('OUTBOUND_CONNECT_FAILED', 'connection refused')).toBe('OUTBOUND_CONNECT_FAILED: connection refused');
    expect(errorLine(null, 'text')).toBe('text');
    expect(errorLine(null, null)).toBeNull();
  });
});
