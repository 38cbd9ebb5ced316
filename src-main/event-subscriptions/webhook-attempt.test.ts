import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_RETRY, attemptRecord } from './webhook-attempt';

const failed = { outcome: 'failed' as const, responseStatus: 503, errorCode: 'WEBHOOK_HTTP_STATUS', latencyMs: 40 };
const middle = () => 0.5;

describe('a webhook attempt', () => {
  it('settles the delivery on a 2xx', () => {
    expect(attemptRecord({ outcome: 'delivered', responseStatus: 204, latencyMs: 12 }, 3, 1_000, DEFAULT_WEBHOOK_RETRY)).toEqual({
      attemptNumber: 3, startedAt: 1_000, latencyMs: 12, outcome: 'delivered', responseStatus: 204, errorCode: null, status: 'delivered', nextAttemptAt: null,
    });
  });

  it('retries the first failure about a second after it ended, and doubles from there', () => {
    expect(attemptRecord(failed, 1, 10_000, DEFAULT_WEBHOOK_RETRY, middle)).toMatchObject({ status: 'retrying', nextAttemptAt: 10_000 + 40 + 1_000, errorCode: 'WEBHOOK_HTTP_STATUS', responseStatus: 503 });
    expect(attemptRecord(failed, 3, 10_000, DEFAULT_WEBHOOK_RETRY, middle).nextAttemptAt).toBe(10_000 + 40 + 4_000);
  });

  it('never waits longer than five minutes between attempts by default', () => {
    const late = attemptRecord(failed, 9, 0, DEFAULT_WEBHOOK_RETRY, () => 1);
    expect(late.status).toBe('retrying');
    expect((late.nextAttemptAt as number) - 40).toBeLessThanOrEqual(5 * 60_000);
  });

  it('is dead after the last attempt', () => {
    expect(attemptRecord(failed, DEFAULT_WEBHOOK_RETRY.maxAttempts, 0, DEFAULT_WEBHOOK_RETRY)).toMatchObject({ status: 'dead', nextAttemptAt: null, outcome: 'failed' });
  });
});
