import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { retryDecision, type RetryPolicy } from '../jobs/retry-policy';
import type { Runner } from '../jobs/runner';
import type { TurnResult } from '../jobs/turn-schedule';
import type { AttemptEnd, ClaimedItem, OutboundItemsRepo } from '../store/outbound-items-repo';
import type { DeliveryState } from './outbound-service';
import type { Destination, SendOutcome, SenderRegistry } from './sender';

export const OUTBOUND_KIND = 'outbound-delivery';
/** Items a lane sends in one run before it gives its slot back (lanes beyond maxLanes wait for a slot). */
const BURST = 64;

/** Backoff of outbound attempts: from about a second, capped at five minutes (EngineConfig.outboundRetryPolicy). */
export const DEFAULT_OUTBOUND_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, factor: 2, maxDelayMs: 5 * 60_000, jitter: 0.2 };

export interface LaneDrainerDeps {
  runner: Runner;
  items: OutboundItemsRepo;
  /** The item's destination as its sender needs it — its outbound connector (auth decrypted) or its routing rule's upstream server; undefined when it is gone. */
  destination(item: DestinationRef): Destination | undefined;
  senders: SenderRegistry;
  policy: RetryPolicy;
  clock: Clock;
  logger: Logger;
  /** Lanes sent to at once (each lane is strictly one item at a time). */
  maxLanes?: number;
  /** How often to look for retries that came due. */
  pollMs?: number;
  /** After an attempt is recorded (the change feed). */
  onChange: (itemId: string) => void;
  /** After an attempt to a connector is recorded: whether it was delivered (metrics: sent / send failures). */
  onAttempt?: (tenantId: string, connectorId: string, delivered: boolean, at: number) => void;
}

export type LaneDrainer = DeliveryState;

/** Where an item goes: an outbound connector (a route's item) or a routing rule's upstream server (a queued write). */
export type DestinationRef = Pick<ClaimedItem, 'destinationConnectorId' | 'routingRuleId'>;
/** The key a destination's offline state is kept under: the connector's id, or the routing rule's. */
export const destinationKey = (item: DestinationRef): string => item.destinationConnectorId ?? item.routingRuleId ?? '';

/** How an outcome is recorded: the item's next status and when it is tried again. */
export function attemptEnd(outcome: SendOutcome, attemptsMade: number, policy: RetryPolicy, latencyMs: number, now: number): AttemptEnd {
  const answer = { ackCode: outcome.ackCode ?? null, errorCode: outcome.failure?.code ?? null, error: outcome.failure?.message ?? null, latencyMs };
  if (outcome.outcome === 'delivered') return { ...answer, status: 'delivered', outcome: 'delivered', nextAttemptAt: null };
  if (outcome.outcome === 'dead') return { ...answer, status: 'dead', outcome: 'dead', nextAttemptAt: null };
  // An unreachable destination never dead-letters the head of a lane: the lane waits, backing off to the cap.
  const counted = outcome.offline ? Math.min(attemptsMade, policy.maxAttempts - 1) : attemptsMade;
  const decision = retryDecision(counted, policy);
  if (!decision.retry) return { ...answer, status: 'dead', outcome: 'dead', nextAttemptAt: null };
  return { ...answer, status: 'failed', outcome: outcome.offline ? 'offline' : 'retry', nextAttemptAt: now + Math.max(decision.delayMs, outcome.retryAfterMs ?? 0) };
}

/**
 * Drains the outbox on the background runner (`outbound-delivery`): each turn takes the due head of
 * every lane that is not already sending, up to `maxLanes` lanes at once, and sends it with the sender
 * of its destination's protocol, without waiting for the answer (a turn is short; each finished send
 * wakes the kind, so the lane's next item goes at once). A lane's head blocks it until it is delivered,
 * dead or skipped: strict FIFO per lane. Resume: items a stop or crash left in flight go back to
 * pending and are sent again (at least once: receivers dedup by MSH-10).
 */
export function createLaneDrainer(deps: LaneDrainerDeps): LaneDrainer {
  const maxLanes = deps.maxLanes ?? 4;
  const sending = new Map<string, Promise<void>>();
  const offline = new Map<string, number>();
  let stopping = false;
  const wake = (): void => deps.runner.wake(OUTBOUND_KIND);

  /** Sends one item and records how it went; returns the lane's next item when it could be claimed at once (see drain). */
  async function deliver(item: ClaimedItem, claimNext: boolean): Promise<ClaimedItem | undefined> {
    const started = performance.now();
    const destination = deps.destination(item);
    const key = destinationKey(item);
    const sender = destination ? deps.senders[destination.protocol] : undefined;
    let outcome: SendOutcome;
    // Nothing was sent: like an unreachable destination, the item waits and spends none of its retry budget.
    if (!destination) outcome = { outcome: 'retry', offline: true, failure: { kind: 'not_found', code: 'INTEROP_CONNECTOR_NOT_FOUND', message: 'The destination (connector or routing rule) is gone' } };
    else if (!sender) outcome = { outcome: 'retry', offline: true, failure: { kind: 'unsupported', code: 'OUTBOUND_NO_SENDER', message: `No ${destination.protocol} sender exists yet; the item waits` } };
    else {
      try {
        outcome = await sender.send({ itemId: item.id, tenantId: item.tenantId, payloadKind: item.payloadKind, payload: item.payload, controlId: item.controlId, createdAt: item.createdAt }, destination);
      } catch (error) {
        deps.logger.log('error', 'outbound sender failed unexpectedly', { itemId: item.id, error: error instanceof Error ? error.name : 'unknown' });
        outcome = { outcome: 'retry', failure: { kind: 'unavailable', code: 'OUTBOUND_CONNECT_FAILED', message: 'The sender failed unexpectedly' } };
      }
    }
    // Stopping: the attempt stays open and the item in flight; resume sends it again after the restart.
    if (stopping) return undefined;
    const now = deps.clock.now();
    if (outcome.offline) {
      if (!offline.has(key)) deps.logger.log('warn', 'outbound destination unreachable', { destination: key, code: outcome.failure?.code });
      if (!offline.has(key)) offline.set(key, now);
    } else if (offline.delete(key)) deps.logger.log('info', 'outbound destination reachable again', { destination: key });
    // Unreachable attempts back off by every attempt made; an answer counts only the answered ones, so a peer back from an outage gets the whole budget.
    const attemptsMade = (outcome.offline ? item.attemptCount : item.answeredAttempts) + 1;
    const end = attemptEnd(outcome, attemptsMade, deps.policy, Math.round(performance.now() - started), now);
    const next = claimNext && end.status !== 'failed' ? deps.items.finishAndClaimNext(item, item.attemptId, end, now) : (deps.items.finish(item.id, item.attemptId, end, now), undefined);
    if (item.destinationConnectorId !== null) deps.onAttempt?.(item.tenantId, item.destinationConnectorId, end.status === 'delivered', now);
    deps.onChange(item.id);
    return next;
  }

  /**
   * A lane's run: once an item is settled, the lane's next due item is claimed in the same transaction
   * and sent at once, up to BURST items, then the lane gives its slot back so other lanes get their turn.
   */
  async function drain(first: ClaimedItem): Promise<void> {
    let item: ClaimedItem | undefined = first;
    for (let sent = 1; item; sent++) item = await deliver(item, sent < BURST);
  }

  const tick = (now: number): TurnResult => {
    const free = maxLanes - sending.size;
    if (free <= 0 || stopping) return 'idle';
    const heads = deps.items.dueHeads(now, maxLanes + sending.size).filter((h) => !sending.has(h.laneKey));
    for (const head of heads.slice(0, free)) {
      const claimed = deps.items.claim(head.id, now);
      if (!claimed) continue;
      const lane = claimed.laneKey;
      sending.set(
        lane,
        drain(claimed)
          .catch((error: unknown) => deps.logger.log('error', 'outbound attempt could not be recorded', { itemId: claimed.id, error: error instanceof Error ? error.name : 'unknown' }))
          .finally(() => {
            sending.delete(lane);
            if (!stopping) wake();
          }),
      );
    }
    return 'idle';
  };

  deps.runner.register({
    kind: OUTBOUND_KIND,
    tick,
    intervalMs: deps.pollMs ?? 500,
    resume(now) {
      stopping = false;
      const resumed = deps.items.resumeInFlight(now);
      if (resumed > 0) deps.logger.log('info', 'outbound items interrupted in flight go back to pending', { count: resumed });
    },
    async stopped() {
      stopping = true;
      await Promise.all(Object.values(deps.senders).map((s) => s.close()));
      await Promise.all(sending.values());
      offline.clear();
    },
  });

  return {
    offlineSince: (destination) => offline.get(destination),
    wake,
  };
}
