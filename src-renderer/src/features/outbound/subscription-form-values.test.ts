import { describe, expect, it } from 'vitest';
import type { EventSubscription } from '@contract/event-subscriptions';
import { placeSubscriptionErrors, toUpdateSubscription, subscriptionValuesOf } from './subscription-form-values';

const stored: EventSubscription = {
  id: 'SUB_01J00000000000000000000000',
  tenantId: 't',
  name: 'Results hook',
  eventTypes: ['Hl7MessageProcessed'],
  url: 'https://hooks.example.org/in',
  hasSecret: true,
  filters: { connectorId: null, messageType: 'ORU^R01' },
  status: 'active',
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('subscription form values', () => {
  it('sends the secret on edit only when one was typed, so a blank field keeps the stored secret', () => {
    const values = subscriptionValuesOf(stored);
    expect(values.secret).toBe('');
    expect(toUpdateSubscription(values, stored)).not.toHaveProperty('secret');
    expect(toUpdateSubscription({ ...values, secret: 'a-new-secret-of-32-characters!!' }, stored)).toMatchObject({ secret: 'a-new-secret-of-32-characters!!', version: 3 });
  });

  it('places the engine’s field messages on the inputs they name, filters included, and keeps the rest for an alert', () => {
    const placed = placeSubscriptionErrors({ 'eventTypes.1': ['must be one of the event types'], 'filters.messageType': ['must be a message type such as ORU^R01'], other: ['odd'] });
    expect(placed.errors).toEqual({ eventTypes: 'must be one of the event types', messageType: 'must be a message type such as ORU^R01' });
    expect(placed.unplaced).toEqual(['other: odd']);
  });
});
