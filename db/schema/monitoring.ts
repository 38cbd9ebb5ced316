import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
