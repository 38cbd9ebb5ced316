import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, real, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
    /** Share of this connector's checks that succeeded over the availability window, 0–1 (null: no earlier check). */
    availability: real('availability'),
    /** Failed checks in a row, this one included (0 after a success): connection_failed fires on it. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** The stable code of the finding that set the status (e.g. MONITOR_CONNECT_FAILED); null when healthy. */
    reasonCode: text('reason_code'),
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
    /** The last time the condition was seen (raising, or an evaluation while it lasted). */
    lastSeenAt: epochMs('last_seen_at'),
    acknowledgedAt: epochMs('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    resolvedAt: epochMs('resolved_at'),
    /** auto: the condition cleared (recoveryMessage says how); manual: an operator resolved it. */
    resolution: text('resolution'),
    recoveryMessage: text('recovery_message'),
    /**
     * When the condition was last seen to clear. An automatic resolution sets it at once; a manual one
     * leaves it null until the condition clears, and no new alert is raised for the key until then.
     */
    conditionEndedAt: epochMs('condition_ended_at'),
  },
  (t) => [
    uniqueIndex('alerts_open_dedupe_uq').on(t.tenantId, t.dedupeKey).where(sql`${t.status} <> 'resolved'`),
    index('alerts_tenant_status_idx').on(t.tenantId, t.status, t.raisedAt),
    index('alerts_dedupe_idx').on(t.tenantId, t.dedupeKey, t.raisedAt),
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
