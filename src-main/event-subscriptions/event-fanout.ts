import type { JobKind } from '../jobs/runner';
import type { EventDeliveriesRepo } from '../store/event-deliveries-repo';

export const EVENT_FANOUT_KIND = 'event-fanout';

export interface EventFanOutDeps {
  repo: EventDeliveriesRepo;
  /** New deliveries were written: wake their sender. */
  onDeliveries: () => void;
  /** How often an idle fan-out looks for new outbox events (default 500 ms). */
  intervalMs?: number;
  /** Events read per subscription per turn (default 500). */
  batch?: number;
}

/**
 * The runner's `event-fanout` kind: turns outbox events into deliveries, one per (subscription, event), each
 * subscription reading past its own cursor (outbox_events.seq) and moving it in the same transaction — so a
 * crash between reading and writing neither loses nor doubles a delivery, and `dispatched_at` stays free for
 * other consumers. Nothing to resume: the cursors are the state.
 */
export function eventFanOutKind(deps: EventFanOutDeps): JobKind {
  const batch = deps.batch ?? 500;
  return {
    kind: EVENT_FANOUT_KIND,
    intervalMs: deps.intervalMs ?? 500,
    tick(now) {
      const { written, more } = deps.repo.fanOut(now, batch);
      if (written > 0) deps.onDeliveries();
      return more ? 'more' : 'idle';
    },
  };
}
