import { isoTime, type Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { RetryPolicy } from '../jobs/retry-policy';
import type { JobKind } from '../jobs/runner';
import type { SecretCipher } from '../secrets/secret-cipher';
import type { EventDeliveriesRepo, LaneHead } from '../store/event-deliveries-repo';
import { attemptRecord } from './webhook-attempt';
import type { WebhookResult, WebhookSender } from './webhook-sender';

export const WEBHOOK_DELIVERY_KIND = 'webhook-delivery';

export interface WebhookDeliveryDeps {
  repo: EventDeliveriesRepo;
  cipher: SecretCipher;
  send: WebhookSender;
  policy: RetryPolicy;
  clock: Clock;
  logger: Logger;
  /** A lane finished a POST: run the next turn for its next delivery (the runner's wake for this kind). */
  wake: () => void;
  /** An attempt was recorded (the console's change event). */
  onAttempt?: () => void;
  /** How often an idle sender looks for due deliveries (default 250 ms: retries start near a second). */
  intervalMs?: number;
  random?: () => number;
}

/** The receiver's view of an event: ids and types only, as the outbox holds them. */
const webhookEvent = (head: LaneHead) => ({
  id: head.event.id,
  type: head.event.type,
  occurredAt: isoTime(head.event.occurredAt),
  data: { aggregateType: head.event.aggregateType, aggregateId: head.event.aggregateId, ...head.event.payload },
});

/**
 * The runner's `webhook-delivery` kind: one lane per active subscription, drained in event order — a lane's head
 * is retried until it is delivered or dead before the next delivery goes (head-of-line per subscription). A turn
 * starts a POST for each due head whose lane is idle and returns at once, so a slow receiver holds up its own lane
 * only; `stopped` waits for the POSTs in flight (aborted by the stop, and then not recorded: sent again later).
 */
export function webhookDeliveryKind(deps: WebhookDeliveryDeps): JobKind {
  const inFlight = new Map<string, Promise<void>>();

  async function post(head: LaneHead, signal: AbortSignal): Promise<WebhookResult> {
    let secret: string;
    try {
      secret = deps.cipher.decrypt(head.secretCipher ?? '');
    } catch {
      return { outcome: 'failed', responseStatus: null, errorCode: 'INTEROP_SECRET_UNREADABLE', latencyMs: 0 };
    }
    return deps.send(head.url, secret, webhookEvent(head), signal);
  }

  async function deliver(head: LaneHead, signal: AbortSignal): Promise<void> {
    const startedAt = deps.clock.now();
    const result = await post(head, signal);
    if (result.outcome === 'aborted') return;
    const attempt = attemptRecord(result, head.attemptCount + 1, startedAt, deps.policy, deps.random);
    if (!deps.repo.recordAttempt(head.deliveryId, head.tenantId, attempt)) return;
    deps.onAttempt?.();
    if (attempt.outcome === 'failed') {
      deps.logger.log(attempt.status === 'dead' ? 'error' : 'warn', attempt.status === 'dead' ? 'webhook delivery dead after its last attempt' : 'webhook delivery failed; it is retried', {
        subscriptionId: head.subscriptionId,
        deliveryId: head.deliveryId,
        eventType: head.event.type,
        attempt: attempt.attemptNumber,
        errorCode: attempt.errorCode ?? undefined,
        responseStatus: attempt.responseStatus ?? undefined,
      });
    }
  }

  return {
    kind: WEBHOOK_DELIVERY_KIND,
    intervalMs: deps.intervalMs ?? 250,
    tick(now, signal) {
      for (const head of deps.repo.dueHeads(now, new Set(inFlight.keys()))) {
        const lane = deliver(head, signal)
          .catch((error: unknown) => deps.logger.log('error', 'webhook delivery could not be recorded', { deliveryId: head.deliveryId, error: error instanceof Error ? error.name : 'unknown' }))
          .finally(() => {
            inFlight.delete(head.subscriptionId);
            if (!signal.aborted) deps.wake();
          });
        inFlight.set(head.subscriptionId, lane);
      }
      return 'idle';
    },
    async stopped() {
      await Promise.all(inFlight.values());
    },
  };
}
