export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** 0..1: the share of each delay that is randomised, so retries of many items do not align. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, factor: 4, maxDelayMs: 15 * 60_000, jitter: 0.2 };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** Exponential backoff with jitter; `attemptsMade` counts the attempt that just failed. */
export function retryDecision(attemptsMade: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  if (attemptsMade >= policy.maxAttempts) return { retry: false };
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attemptsMade - 1));
  const delayMs = Math.round(raw * (1 - policy.jitter + policy.jitter * 2 * random()));
  return { retry: true, delayMs: Math.max(0, delayMs) };
}
