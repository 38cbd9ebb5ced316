import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, json, tenantColumn, timestamps } from './columns';
import { interopConnectors } from './connectors';
import { hl7Messages } from './messages';
import { tenants } from './tenancy';

export const fhirRoutingRules = sqliteTable(
  'fhir_routing_rules',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    resourceType: text('resource_type').notNull(),
    category: text('category'),
    profile: text('profile'),
    target: text('target').notNull(),
    serviceUrl: text('service_url'),
    fanOut: bool('fan_out').notNull(),
    isPrimary: bool('is_primary').notNull(),
    priority: integer('priority').notNull(),
    primarySlot: text('primary_slot').generatedAlwaysAs(
      sql`case when is_primary = 1 and status = 'active' then tenant_id || '|' || resource_type || '|' || coalesce(category, '') || '|' || coalesce(profile, '') end`,
      { mode: 'virtual' },
    ),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('fhir_routing_rules_primary_uq').on(t.primarySlot),
    index('fhir_routing_rules_lookup_idx').on(t.tenantId, t.resourceType, t.status, t.priority),
  ],
);

export const fhirBundles = sqliteTable(
  'fhir_bundles',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    bundleType: text('bundle_type').notNull(),
    direction: text('direction').notNull(),
    connectorId: text('connector_id').references(() => interopConnectors.id, { onDelete: 'set null' }),
    messageId: text('message_id').references(() => hl7Messages.id, { onDelete: 'set null' }),
    resourceCount: integer('resource_count').notNull(),
    content: json<Record<string, unknown>>('content').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('fhir_bundles_tenant_created_idx').on(t.tenantId, t.createdAt), index('fhir_bundles_message_idx').on(t.messageId)],
);

export const bulkExportJobs = sqliteTable(
  'bulk_export_jobs',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    level: text('level').notNull(),
    groupId: text('group_id'),
    resourceTypes: json<string[]>('resource_types'),
    since: epochMs('since'),
    status: text('status').notNull(),
    progress: integer('progress').notNull().default(0),
    requestUrl: text('request_url').notNull(),
    output: json<unknown[]>('output'),
    error: text('error'),
    expiresAt: epochMs('expires_at'),
    completedAt: epochMs('completed_at'),
    /** When the pruning sweep deleted the expired files. */
    prunedAt: epochMs('pruned_at'),
    activeSlot: text('active_slot').generatedAlwaysAs(
      sql`case when status in ('accepted', 'in-progress') then tenant_id || '|' || coalesce(group_id, '') end`,
      { mode: 'virtual' },
    ),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('bulk_export_jobs_one_active_uq').on(t.activeSlot),
    index('bulk_export_jobs_tenant_status_idx').on(t.tenantId, t.status),
  ],
);

/** A $import job; `inputs` holds each input's progress and the byte offset committed with it, so a restart resumes there. */
export const bulkImportJobs = sqliteTable(
  'bulk_import_jobs',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    status: text('status').notNull(),
    requestUrl: text('request_url').notNull(),
    inputs: json<unknown[]>('inputs').notNull(),
    /** Length of the error NDJSON that goes with the committed progress. */
    errorBytes: integer('error_bytes').notNull().default(0),
    error: text('error'),
    expiresAt: epochMs('expires_at'),
    completedAt: epochMs('completed_at'),
    prunedAt: epochMs('pruned_at'),
    ...timestamps(),
  },
  (t) => [index('bulk_import_jobs_tenant_status_idx').on(t.tenantId, t.status), index('bulk_import_jobs_status_idx').on(t.status)],
);
