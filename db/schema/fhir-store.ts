import { sqliteTable, text, integer, real, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, tenantColumn } from './columns';
import { tenants } from './tenancy';

/** The current version of every FHIR resource in the local store (deleted ones keep a tombstone). */
export const fhirResources = sqliteTable(
  'fhir_resources',
  {
    tenantId: tenantColumn().references(() => tenants.id),
    resourceType: text('resource_type').notNull(),
    id: text('id').notNull(),
    versionId: integer('version_id').notNull(),
    lastUpdated: epochMs('last_updated').notNull(),
    deleted: bool('deleted').notNull(),
    /** The resource JSON as stored (meta.versionId and meta.lastUpdated set by the store). */
    content: text('content').notNull(),
    /** Per search-index table, a digest of this version's index rows (store/fhir-index-digest.ts); null when unknown. */
    indexDigest: text('index_digest'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.resourceType, t.id] }), index('fhir_resources_updated_idx').on(t.tenantId, t.resourceType, t.lastUpdated)],
);

/** Every version ever written, for vread and _history; immutable. */
export const fhirResourceHistory = sqliteTable(
  'fhir_resource_history',
  {
    tenantId: tenantColumn().references(() => tenants.id),
    resourceType: text('resource_type').notNull(),
    id: text('id').notNull(),
    versionId: integer('version_id').notNull(),
    lastUpdated: epochMs('last_updated').notNull(),
    method: text('method').notNull(),
    deleted: bool('deleted').notNull(),
    content: text('content'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.resourceType, t.id, t.versionId] }), index('fhir_history_updated_idx').on(t.tenantId, t.lastUpdated)],
);

const indexColumns = () => ({
  tenantId: tenantColumn(),
  resourceType: text('resource_type').notNull(),
  resourceId: text('resource_id').notNull(),
  /** The search parameter's code, e.g. `identifier`, `birthdate`, `subject`. */
  param: text('param').notNull(),
});

/** token parameters (Coding, CodeableConcept, Identifier, code, boolean, ContactPoint). */
export const fhirSearchToken = sqliteTable(
  'fhir_search_token',
  { ...indexColumns(), system: text('system'), code: text('code'), text: text('text') },
  (t) => [index('fhir_search_token_value_idx').on(t.tenantId, t.resourceType, t.param, t.code, t.system), index('fhir_search_token_resource_idx').on(t.resourceType, t.resourceId)],
);

/** string parameters; `value` is lower-cased without accents for the default starts-with match. */
export const fhirSearchString = sqliteTable(
  'fhir_search_string',
  { ...indexColumns(), value: text('value').notNull(), exact: text('exact').notNull() },
  (t) => [index('fhir_search_string_value_idx').on(t.tenantId, t.resourceType, t.param, t.value), index('fhir_search_string_resource_idx').on(t.resourceType, t.resourceId)],
);

/** date parameters as the [start, end] range of instants the value covers (epoch ms). */
export const fhirSearchDate = sqliteTable(
  'fhir_search_date',
  { ...indexColumns(), start: integer('start').notNull(), end: integer('end').notNull() },
  (t) => [index('fhir_search_date_value_idx').on(t.tenantId, t.resourceType, t.param, t.start, t.end), index('fhir_search_date_resource_idx').on(t.resourceType, t.resourceId)],
);

/** reference parameters: the target as type + id (local references) or the full URL (external). */
export const fhirSearchReference = sqliteTable(
  'fhir_search_reference',
  { ...indexColumns(), targetType: text('target_type'), targetId: text('target_id'), url: text('url') },
  (t) => [
    index('fhir_search_reference_target_idx').on(t.tenantId, t.resourceType, t.param, t.targetType, t.targetId),
    index('fhir_search_reference_reverse_idx').on(t.tenantId, t.targetType, t.targetId),
    index('fhir_search_reference_resource_idx').on(t.resourceType, t.resourceId),
  ],
);

/** quantity and number parameters (number: system and code null). */
export const fhirSearchQuantity = sqliteTable(
  'fhir_search_quantity',
  { ...indexColumns(), value: real('value').notNull(), system: text('system'), code: text('code') },
  (t) => [index('fhir_search_quantity_value_idx').on(t.tenantId, t.resourceType, t.param, t.value), index('fhir_search_quantity_resource_idx').on(t.resourceType, t.resourceId)],
);

/** uri parameters. */
export const fhirSearchUri = sqliteTable(
  'fhir_search_uri',
  { ...indexColumns(), value: text('value').notNull() },
  (t) => [index('fhir_search_uri_value_idx').on(t.tenantId, t.resourceType, t.param, t.value), index('fhir_search_uri_resource_idx').on(t.resourceType, t.resourceId)],
);
