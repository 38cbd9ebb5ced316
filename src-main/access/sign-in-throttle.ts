/**
 * Pure: how long a username or a remote address must wait before its next sign-in attempt. Each key may
 * fail `freeFailures` times; each failure after that doubles the wait from `baseDelayMs` up to
 * `maxDelayMs`. A key with no failure for `forgetAfterMs` starts again from nothing.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export const USERNAME_THROTTLE: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
/** An address may try several usernames (a shared office NAT), but not a dictionary of them. */
export const ADDRESS_THROTTLE: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

/** Keys remembered at most; past it, forgotten ones are swept before a new one is added. */
const MAX_KEYS = 10_000;

interface Failures {
  count: number;
  lastAt: number;
}

export interface SignInThrottle {
  /** Milliseconds until an attempt for this username from this address is allowed; 0 when it is now. */
  waitMs(username: string, address: string, now: number): number;
  failed(username: string, address: string, now: number): void;
  /** A correct password clears the username's failures (not the address's: one good account must not unlock guessing others). */
  succeeded(username: string): void;
}

export function createSignInThrottle(byUsername: ThrottlePolicy = USERNAME_THROTTLE, byAddress: ThrottlePolicy = ADDRESS_THROTTLE): SignInThrottle {
  const usernames = new Map<string, Failures>();
  const addresses = new Map<string, Failures>();

  const current = (map: Map<string, Failures>, policy: ThrottlePolicy, key: string, now: number): Failures | undefined => {
    const entry = map.get(key);
    if (entry && now - entry.lastAt >= policy.forgetAfterMs) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const wait = (map: Map<string, Failures>, policy: ThrottlePolicy, key: string, now: number): number => {
    const entry = current(map, policy, key, now);
    if (!entry || entry.count < policy.freeFailures) return 0;
    const delay = Math.min(policy.baseDelayMs * 2 ** (entry.count - policy.freeFailures), policy.maxDelayMs);
    return Math.max(0, entry.lastAt + delay - now);
  };
  const record = (map: Map<string, Failures>, policy: ThrottlePolicy, key: string, now: number): void => {
    const entry = current(map, policy, key, now);
    if (!entry && map.size >= MAX_KEYS) {
      for (const [old, failures] of map) if (now - failures.lastAt >= policy.forgetAfterMs) map.delete(old);
    }
    map.set(key, { count: (entry?.count ?? 0) + 1, lastAt: now });
  };

  return {
    waitMs: (username, address, now) => Math.max(wait(usernames, byUsername, username, now), wait(addresses, byAddress, address, now)),
    failed(username, address, now) {
      record(usernames, byUsername, username, now);
      record(addresses, byAddress, address, now);
    },
    succeeded: (username) => void usernames.delete(username),
  };
}
