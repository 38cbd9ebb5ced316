import { describe, expect, it } from 'vitest';
import { createSignInThrottle } from './sign-in-throttle';

const policy = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 4_000, forgetAfterMs: 60_000 };

describe('sign-in throttle', () => {
  it('lets a username fail its free attempts, then makes it wait twice as long after each further failure, up to the cap', () => {
    const throttle = createSignInThrottle(policy, { ...policy, freeFailures: 100 });
    for (let i = 0; i < 3; i++) {
      expect(throttle.waitMs('alice', '10.0.0.1', 0)).toBe(0);
      throttle.failed('alice', '10.0.0.1', 0);
    }
    expect(throttle.waitMs('alice', '10.0.0.1', 0)).toBe(1_000);
    expect(throttle.waitMs('alice', '10.0.0.9', 400)).toBe(600);
    throttle.failed('alice', '10.0.0.1', 1_000);
    expect(throttle.waitMs('alice', '10.0.0.1', 1_000)).toBe(2_000);
    throttle.failed('alice', '10.0.0.1', 3_000);
    throttle.failed('alice', '10.0.0.1', 3_000);
    expect(throttle.waitMs('alice', '10.0.0.1', 3_000)).toBe(4_000);
    expect(throttle.waitMs('bob', '10.0.0.1', 3_000)).toBe(0);
  });

  it('makes an address that fails for many usernames wait, whichever username it tries next', () => {
    const throttle = createSignInThrottle({ ...policy, freeFailures: 100 }, policy);
    for (const name of ['a1', 'a2', 'a3']) throttle.failed(name, '10.0.0.1', 0);
    expect(throttle.waitMs('a4', '10.0.0.1', 0)).toBe(1_000);
    expect(throttle.waitMs('a4', '10.0.0.2', 0)).toBe(0);
  });

  it('clears a username on success but keeps its address counted, and forgets both after a quiet period', () => {
    const throttle = createSignInThrottle(policy, policy);
    for (let i = 0; i < 3; i++) throttle.failed('alice', '10.0.0.1', 0);
    throttle.succeeded('alice');
    expect(throttle.waitMs('alice', '10.0.0.2', 0)).toBe(0);
    expect(throttle.waitMs('alice', '10.0.0.1', 0)).toBe(1_000);
    expect(throttle.waitMs('alice', '10.0.0.1', 60_000)).toBe(0);
  });
});
