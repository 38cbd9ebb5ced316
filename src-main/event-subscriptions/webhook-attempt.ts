import { retryDecision, type RetryPolicy } from '../jobs/retry-policy';
import type { AttemptRecord } from '../store/event-deliveries-repo';
import type { WebhookResult } from './webhook-sender';

/**
 * Webhook retries: the first near a second after the failure, doubling, ten attempts in all (about 20 minutes).
 * The cap leaves room for the jitter, so no wait exceeds five minutes and a receiver that comes back is reached soon.
 */
export const DEFAULT_WEBHOOK_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, factor: 2, maxDelayMs: 250_000, jitter: 0.2 };

/** What an attempt records and what becomes of its delivery: delivered, retried after a backoff, or dead after the last attempt. */
export function attemptRecord(result: Exclude<WebhookResult, { outcome: 'aborted' }>, attemptNumber: number, startedAt: number, policy: RetryPolicy, random: () => number = Math.random): AttemptRecord {
  const base = { attemptNumber, startedAt, latencyMs: result.latencyMs, responseStatus: result.responseStatus };
  if (result.outcome === 'delivered') return { ...base, outcome: 'delivered', errorCode: null, status: 'delivered', nextAttemptAt: null };
  const decision = retryDecision(attemptNumber, policy, random);
  return { ...base, outcome: 'failed', errorCode: result.errorCode, status: decision.retry ? 'retrying' : 'dead', nextAttemptAt: decision.retry ? startedAt + result.latencyMs + decision.delayMs : null };
}
