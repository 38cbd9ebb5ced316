import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';

/** The outbox's domain events a subscription can name; each is written in the transaction of its change. */
export const EventType = z.enum([
  'Hl7MessageReceived',
  'Hl7MessageProcessed',
  'Hl7MessageFailed',
  'Hl7MessageDeadLettered',
  'FhirResourceCreated',
  'FhirResourceUpdated',
  'FhirWriteQueued',
  'ConnectorActivated',
  'ConnectorPaused',
  'ConnectorDeactivated',
  'AlertRaised',
  'AlertResolved',
]);
export type EventType = z.infer<typeof EventType>;

export const EventSubscriptionStatus = z.enum(['active', 'paused']);
/** pending: not tried yet; retrying: an attempt failed and another is due; delivered: a 2xx; dead: out of attempts. */
export const EventDeliveryStatus = z.enum(['pending', 'retrying', 'delivered', 'dead']);

const SubscriptionFilters = z.object({
  connectorId: idInput('CONN').nullable().optional(),
  messageType: z.string().trim().regex(/^[A-Z0-9]{3}(\^[A-Z0-9]{2,3}(\^[A-Z0-9_]{3,7})?)?$/, 'must be a message type such as ORU^R01').nullable().optional(),
});

const subscriptionFields = {
  name: z.string().trim().min(1).max(200),
  eventTypes: z.array(EventType).min(1).max(EventType.options.length).refine((types) => new Set(types).size === types.length, 'must not repeat an event type'),
  url: z.string().trim().url('must be an absolute http(s) URL').max(2000).refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL'),
  /** Signs every POST (HMAC-SHA256); stored encrypted and never shown again. */
  secret: z.string().min(16, 'must be at least 16 characters').max(512),
  filters: SubscriptionFilters.optional(),
  status: EventSubscriptionStatus,
};

export const EventSubscription = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  eventTypes: z.array(EventType),
  url: z.string(),
  /** The secret itself is never returned. */
  hasSecret: z.literal(true),
  filters: z.object({ connectorId: z.string().nullable(), messageType: z.string().nullable() }),
  status: EventSubscriptionStatus,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EventSubscription = z.infer<typeof EventSubscription>;

export const EventDeliveryAttempt = z.object({
  number: z.number(),
  at: z.string(),
  outcome: z.enum(['delivered', 'failed']),
  responseStatus: z.number().nullable(),
  latencyMs: z.number(),
  errorCode: z.string().nullable(),
});

export const EventDelivery = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: EventDeliveryStatus,
  attemptCount: z.number(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  responseStatus: z.number().nullable(),
  latencyMs: z.number().nullable(),
  /** The last attempt's error code (WEBHOOK_TIMEOUT, WEBHOOK_HTTP_STATUS, …); never a response body. */
  error: z.string().nullable(),
  createdAt: z.string(),
  attempts: z.array(EventDeliveryAttempt),
});
export type EventDelivery = z.infer<typeof EventDelivery>;

const subscriptionId = idInput('SUB');

export const eventSubscriptionOps = {
  list: defineOperation({
    name: 'eventSubscriptions.list',
    http: { method: 'GET', path: '/api/v1/event-subscriptions' },
    input: z.object({ ...pageInput, status: EventSubscriptionStatus.optional() }),
    output: Page(EventSubscription),
  }),
  get: defineOperation({ name: 'eventSubscriptions.get', http: { method: 'GET', path: '/api/v1/event-subscriptions/:id' }, input: z.object({ id: subscriptionId }), output: EventSubscription }),
  create: defineOperation({
    name: 'eventSubscriptions.create',
    http: { method: 'POST', path: '/api/v1/event-subscriptions', successStatus: 201 },
    input: z.object({ ...subscriptionFields, status: subscriptionFields.status.default('active') }),
    output: EventSubscription,
    invalidates: ['eventSubscriptions'],
  }),
  /** Pause and resume are a status change: a paused subscription keeps collecting deliveries and sends none. */
  update: defineOperation({
    name: 'eventSubscriptions.update',
    http: { method: 'PATCH', path: '/api/v1/event-subscriptions/:id' },
    input: z.object({ id: subscriptionId, version: versionInput, ...z.object(subscriptionFields).partial().shape }),
    output: EventSubscription,
    invalidates: ['eventSubscriptions'],
  }),
  delete: defineOperation({
    name: 'eventSubscriptions.delete',
    http: { method: 'DELETE', path: '/api/v1/event-subscriptions/:id', successStatus: 204 },
    input: z.object({ id: subscriptionId }),
    output: z.null(),
    invalidates: ['eventSubscriptions', 'eventDeliveries'],
  }),
  deliveries: defineOperation({
    name: 'eventDeliveries.list',
    http: { method: 'GET', path: '/api/v1/event-deliveries' },
    input: z.object({ ...pageInput, subscriptionId: subscriptionId.optional(), status: EventDeliveryStatus.optional() }),
    output: Page(EventDelivery),
  }),
} as const;
