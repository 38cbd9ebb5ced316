import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs, json, tenantColumn, timestamps } from './columns';
import { tenants } from './tenancy';

/** Domain events written in the same transaction as the change that caused them. */
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
  },
  (t) => [index('outbox_events_pending_idx').on(t.dispatchedAt, t.occurredAt), index('outbox_events_aggregate_idx').on(t.aggregateType, t.aggregateId)],
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
    status: text('status').notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    lastAttemptAt: epochMs('last_attempt_at'),
    nextAttemptAt: epochMs('next_attempt_at'),
    responseStatus: integer('response_status'),
    error: text('error'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('event_deliveries_subscription_event_uq').on(t.subscriptionId, t.eventId),
    index('event_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);
