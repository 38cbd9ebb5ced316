import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { epochMs, json, tenantColumn } from './columns';
import { tenants } from './tenancy';

/**
 * The last state a resource was synced in with an upstream FHIR server (`peer`: its base URL), shared by
 * the pull and push jobs against that server so a pulled resource is not pushed back. `content` is the
 * upstream's content as of that sync without meta.versionId/lastUpdated — the base a field-level merge
 * compares both sides with — and `content_hash` its SHA-256; a side whose content hashes otherwise changed.
 */
export const syncStates = sqliteTable(
  'sync_states',
  {
    tenantId: tenantColumn().references(() => tenants.id),
    peer: text('peer').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    remoteVersion: text('remote_version'),
    remoteLastUpdated: text('remote_last_updated'),
    contentHash: text('content_hash').notNull(),
    content: json<Record<string, unknown>>('content').notNull(),
    localVersion: integer('local_version'),
    jobId: text('job_id').notNull(),
    syncedAt: epochMs('synced_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.peer, t.resourceType, t.resourceId] })],
);

/** A resource both sides changed since the last sync, left for an operator (`manual`, or a `merge` whose changed fields overlap). */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    jobId: text('job_id').notNull(),
    peer: text('peer').notNull(),
    direction: text('direction').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    status: text('status').notNull(),
    local: json<Record<string, unknown>>('local'),
    remote: json<Record<string, unknown>>('remote'),
    localVersion: integer('local_version'),
    remoteVersion: text('remote_version'),
    differingFields: json<string[]>('differing_fields').notNull(),
    detectedAt: epochMs('detected_at').notNull(),
    resolvedAt: epochMs('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
  },
  (t) => [
    index('sync_conflicts_tenant_status_idx').on(t.tenantId, t.status, t.detectedAt),
    uniqueIndex('sync_conflicts_open_uq').on(t.tenantId, t.peer, t.resourceType, t.resourceId).where(sql`status = 'open'`),
  ],
);
