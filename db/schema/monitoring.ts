import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs, tenantColumn } from './columns';
import { interopConnectors } from './connectors';
import { externalSystems, tenants } from './tenancy';

export const interfaceHealthChecks = sqliteTable(
  'interface_health_checks',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    connectorId: text('connector_id').references(() => interopConnectors.id, { onDelete: 'cascade' }),
    externalSystemId: text('external_system_id').references(() => externalSystems.id, { onDelete: 'cascade' }),
    checkedAt: epochMs('checked_at').notNull(),
    status: text('status').notNull(),
    latencyMs: integer('latency_ms'),
    lastSuccessAt: epochMs('last_success_at'),
    lastFailureAt: epochMs('last_failure_at'),
    detail: text('detail'),
  },
  (t) => [index('interface_health_checks_connector_idx').on(t.connectorId, t.checkedAt)],
);

export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    connectorId: text('connector_id').references(() => interopConnectors.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    message: text('message').notNull(),
    occurrences: integer('occurrences').notNull().default(1),
    raisedAt: epochMs('raised_at').notNull(),
    acknowledgedAt: epochMs('acknowledged_at'),
    resolvedAt: epochMs('resolved_at'),
  },
  (t) => [
    uniqueIndex('alerts_open_dedupe_uq').on(t.tenantId, t.dedupeKey).where(sql`${t.status} <> 'resolved'`),
    index('alerts_tenant_status_idx').on(t.tenantId, t.status, t.raisedAt),
  ],
);

/**
 * A connector's counts per minute (kept 7 days) and per hour (kept a year), written by the
 * `metrics-flush` kind from counters kept in memory. `ack_latency` is the minute's or hour's ACK latency
 * histogram (monitoring/latency-histogram.ts: `[bucket, count]` pairs in JSON), so an hour's p99 is exact
 * over its minutes. The gauges (queue depths, oldest pending age) are sampled when the minute is flushed;
 * an hour keeps their largest sample. received = accepted + rejected.
 */
export const connectorMetrics = sqliteTable(
  'connector_metrics',
  {
    tenantId: tenantColumn().references(() => tenants.id),
    connectorId: text('connector_id').notNull().references(() => interopConnectors.id, { onDelete: 'cascade' }),
    /** minute | hour */
    resolution: text('resolution').notNull(),
    startAt: epochMs('start_at').notNull(),
    accepted: integer('accepted').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    /** Failed processing attempts, retried or dead-lettered. */
    failed: integer('failed').notNull().default(0),
    sent: integer('sent').notNull().default(0),
    sendFailed: integer('send_failed').notNull().default(0),
    ackLatency: text('ack_latency'),
    /** Messages of this connector pending or processing. */
    queueDepth: integer('queue_depth').notNull().default(0),
    /** Outbound items to this connector not yet delivered, dead or skipped. */
    outboundDepth: integer('outbound_depth').notNull().default(0),
    oldestPendingAgeMs: integer('oldest_pending_age_ms'),
    lastSentAt: epochMs('last_sent_at'),
  },
  (t) => [primaryKey({ columns: [t.connectorId, t.resolution, t.startAt] }), index('connector_metrics_resolution_idx').on(t.resolution, t.startAt)],
);
