/**
 * Attempts per key in fixed one-minute windows: pure, time passed in. Keeps at most `maxKeys` keys
 * (oldest windows dropped first), so a flood of made-up keys cannot grow it without bound.
 */
export function createAttemptLimiter(limit: number, windowMs = 60_000, maxKeys = 10_000) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts an attempt; the seconds to wait when it is over the limit, else undefined. */
    attempt(key: string, now: number): number | undefined {
      let window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        windows.delete(key);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count > limit ? Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) : undefined;
    },
  };
}
