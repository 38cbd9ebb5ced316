import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs, json, tenantColumn, timestamps } from './columns';
import { tenants } from './tenancy';

/**
 * Domain events written in the same transaction as the change that caused them. `seq` is the commit order
 * (the outbox writer gives each row MAX(seq) + 1 under SQLite's one write lock): event subscriptions read
 * past their own cursor on it, so they never miss an event committed after one they have already read.
 */
export const outboxEvents = sqliteTable(
  'outbox_events',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: json<Record<string, unknown>>('payload').notNull(),
    occurredAt: epochMs('occurred_at').notNull(),
    dispatchedAt: epochMs('dispatched_at'),
    seq: integer('seq'),
  },
  (t) => [
    index('outbox_events_pending_idx').on(t.dispatchedAt, t.occurredAt),
    index('outbox_events_aggregate_idx').on(t.aggregateType, t.aggregateId),
    uniqueIndex('outbox_events_seq_uq').on(t.seq),
  ],
);

export const eventSubscriptions = sqliteTable(
  'event_subscriptions',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    name: text('name').notNull(),
    eventTypes: json<string[]>('event_types').notNull(),
    targetUrl: text('target_url').notNull(),
    secretCipher: text('secret_cipher'),
    filterConnectorId: text('filter_connector_id'),
    filterMessageType: text('filter_message_type'),
    /** The outbox `seq` this subscription has fanned out to: it starts at the newest event when the subscription is created. */
    cursorSeq: integer('cursor_seq').notNull().default(0),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('event_subscriptions_tenant_name_uq').on(t.tenantId, t.name)],
);

export const eventDeliveries = sqliteTable(
  'event_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    subscriptionId: text('subscription_id').notNull().references(() => eventSubscriptions.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull().references(() => outboxEvents.id, { onDelete: 'cascade' }),
    /** The event's outbox `seq`: a subscription's deliveries go out in this order. */
    eventSeq: integer('event_seq').notNull().default(0),
    eventType: text('event_type').notNull().default(''),
    status: text('status').notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    lastAttemptAt: epochMs('last_attempt_at'),
    nextAttemptAt: epochMs('next_attempt_at'),
    responseStatus: integer('response_status'),
    latencyMs: integer('latency_ms'),
    error: text('error'),
    deliveredAt: epochMs('delivered_at'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('event_deliveries_subscription_event_uq').on(t.subscriptionId, t.eventId),
    index('event_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    // A lane's head without sorting its backlog: the open deliveries of a subscription in event order.
    index('event_deliveries_lane_open_idx').on(t.subscriptionId, t.eventSeq).where(sql`status IN ('pending', 'retrying')`),
  ],
);

/** One webhook POST of a delivery: its answer's status, how long it took, the error code when it failed (never a body). */
export const eventDeliveryAttempts = sqliteTable(
  'event_delivery_attempts',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    deliveryId: text('delivery_id').notNull().references(() => eventDeliveries.id, { onDelete: 'cascade' }),
    attemptNumber: integer('attempt_number').notNull(),
    startedAt: epochMs('started_at').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    outcome: text('outcome').notNull(),
    responseStatus: integer('response_status'),
    errorCode: text('error_code'),
  },
  (t) => [uniqueIndex('event_delivery_attempts_delivery_uq').on(t.deliveryId, t.attemptNumber)],
);
