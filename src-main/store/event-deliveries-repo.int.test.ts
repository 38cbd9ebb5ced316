import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { createIdGenerator } from '../core/ids';
import { createEventDeliveriesRepo } from './event-deliveries-repo';
import { createEventSubscriptionsRepo } from './event-subscriptions-repo';
import { DEFAULT_TENANT_ID } from './open-store';
import { createOutboxWriter } from './outbox-writer';

describe('the event fan-out', () => {
  const store = useTempStore();
  const ids = createIdGenerator();

  const parts = () => {
    const s = store();
    const outbox = createOutboxWriter(s.sqlite, ids);
    const subscriptions = createEventSubscriptionsRepo(s.db);
    const deliveries = createEventDeliveriesRepo(s.sqlite, ids);
    const event = (aggregateId: string, occurredAt: number, type = 'ConnectorActivated') => outbox.append({ tenantId: DEFAULT_TENANT_ID, type, aggregateType: 'connector', aggregateId, payload: {} }, occurredAt);
    const subscribe = (eventTypes = ['ConnectorActivated']) =>
      subscriptions.insert({ id: ids('SUB'), tenantId: DEFAULT_TENANT_ID, name: `s${Math.random()}`, eventTypes, targetUrl: 'http://10.0.0.9/hook', secretCipher: 'x', status: 'active', version: 1, createdAt: 0, updatedAt: 0 }).id;
    const delivered = (subscriptionId: string) =>
      s.sqlite.prepare(`SELECT e.aggregate_id FROM event_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE d.subscription_id = ? ORDER BY d.event_seq`).pluck().all(subscriptionId);
    return { s, event, subscribe, deliveries, delivered };
  };

  it('starts a new subscription at the newest event: it receives only events committed after it', () => {
    const { event, subscribe, deliveries, delivered } = parts();
    event('before', 1);
    const sub = subscribe();
    event('after', 2);
    deliveries.fanOut(3, 500);
    expect(delivered(sub)).toEqual(['after']);
  });

  it('writes no second delivery when the same events are read again, as after a cursor a crash left behind', () => {
    const { s, event, subscribe, deliveries, delivered } = parts();
    const sub = subscribe();
    ['a', 'b', 'c'].forEach((id, i) => event(id, i));
    expect(deliveries.fanOut(10, 500)).toEqual({ written: 3, more: false });
    s.sqlite.prepare(`UPDATE event_subscriptions SET cursor_seq = 0`).run();
    expect(deliveries.fanOut(11, 500)).toEqual({ written: 0, more: false });
    expect(delivered(sub)).toEqual(['a', 'b', 'c']);
  });

  it('reads in commit order, so an event committed later with an earlier clock is not skipped', () => {
    const { event, subscribe, deliveries, delivered } = parts();
    const sub = subscribe();
    event('committed-first', 200);
    deliveries.fanOut(300, 500);
    event('committed-second', 100);
    deliveries.fanOut(301, 500);
    expect(delivered(sub)).toEqual(['committed-first', 'committed-second']);
  });

  it('moves the cursor past events a subscription does not take, and reads at most the batch per turn', () => {
    const { s, event, subscribe, deliveries, delivered } = parts();
    const sub = subscribe(['ConnectorDeactivated']);
    ['1', '2', '3', '4', '5'].forEach((id, i) => event(id, i, i === 2 ? 'ConnectorActivated' : 'ConnectorDeactivated'));
    expect(deliveries.fanOut(10, 2)).toEqual({ written: 2, more: true });
    expect(deliveries.fanOut(11, 2)).toEqual({ written: 2, more: true });
    expect(deliveries.fanOut(12, 2)).toEqual({ written: 0, more: false });
    expect(delivered(sub)).toEqual(['1', '2', '4', '5']);
    expect(s.sqlite.prepare(`SELECT cursor_seq FROM event_subscriptions`).pluck().get()).toBe(s.sqlite.prepare(`SELECT MAX(seq) FROM outbox_events`).pluck().get());
  });
});
