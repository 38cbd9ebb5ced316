import { describe, expect, it } from 'vitest';
import { retryDecision, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, factor: 3, maxDelayMs: 5000, jitter: 0 };

describe('retry policy', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3].map((n) => retryDecision(n, policy))).toEqual([
      { retry: true, delayMs: 1000 },
      { retry: true, delayMs: 3000 },
      { retry: true, delayMs: 5000 },
    ]);
  });

  it('stops after the last allowed attempt', () => {
    expect(retryDecision(4, policy)).toEqual({ retry: false });
  });

  it('spreads delays by the jitter share', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(retryDecision(1, jittered, () => 0)).toEqual({ retry: true, delayMs: 500 });
    expect(retryDecision(1, jittered, () => 1)).toEqual({ retry: true, delayMs: 1500 });
  });
});
