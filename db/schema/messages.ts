import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, blob, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, json, tenantColumn, timestamps } from './columns';
import { interopConnectors } from './connectors';
import { tenants } from './tenancy';

/** Immutable raw payload plus denormalised MSH fields; only status columns ever change. */
export const hl7Messages = sqliteTable(
  'hl7_messages',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    connectorId: text('connector_id').notNull().references(() => interopConnectors.id, { onDelete: 'restrict' }),
    direction: text('direction').notNull(),
    raw: blob('raw', { mode: 'buffer' }).notNull(),
    rawSize: integer('raw_size').notNull(),
    charset: text('charset'),
    /** MSH-3 and MSH-10 as received; null when the header could not be read (so dedup never matches). */
    sendingApplication: text('sending_application'),
    sendingFacility: text('sending_facility'),
    receivingApplication: text('receiving_application'),
    receivingFacility: text('receiving_facility'),
    messageType: text('message_type'),
    messageControlId: text('message_control_id'),
    /** SHA-256 (hex) of the raw bytes: a duplicate is the same connector, MSH-10, MSH-3 and content. */
    contentHash: text('content_hash'),
    /** Another accepted message on this connector has the same MSH-10 and MSH-3 but different content. */
    controlIdReused: integer('control_id_reused', { mode: 'boolean' }).notNull().default(false),
    versionId: text('version_id'),
    /** Search keys extracted at intake (PID-3.1, PID-5 as "family given", OBR-2/3 + ORC-2/3); also in hl7_messages_fts. */
    patientId: text('patient_id'),
    patientName: text('patient_name'),
    orderNumbers: text('order_numbers'),
    /** Set once the search keys are extracted and in hl7_messages_fts (by processing, off the ACK path). */
    searchIndexed: integer('search_indexed', { mode: 'boolean' }).notNull().default(false),
    remoteAddress: text('remote_address'),
    receivedAt: epochMs('received_at').notNull(),
    status: text('status').notNull(),
    /** False when intake refused the message (unparseable or refused header); only accepted ones dedup. */
    accepted: integer('accepted', { mode: 'boolean' }).notNull(),
    ackCode: text('ack_code'),
    ackPayload: text('ack_payload'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: epochMs('next_attempt_at'),
    processedAt: epochMs('processed_at'),
  },
  (t) => [
    uniqueIndex('hl7_messages_dedup_content_uq').on(t.connectorId, t.messageControlId, t.sendingApplication, t.contentHash).where(sql`${t.accepted} = 1`),
    // Each index is paid for on every received message, so there are few. The log walks one of its
    // indexes in received order: by time alone, or led by the filter it probed as the narrowest
    // (connector, type or status), with the other two filter columns after received_at so they are
    // tested in the index instead of in the wide message row (see store/message-log-query.ts). The
    // worker finds work by status; text search goes to FTS5.
    index('hl7_messages_tenant_received_idx').on(t.tenantId, t.receivedAt),
    index('hl7_messages_log_connector_idx').on(t.tenantId, t.connectorId, t.receivedAt, t.messageType, t.status),
    index('hl7_messages_log_type_idx').on(t.tenantId, t.messageType, t.receivedAt, t.connectorId, t.status),
    index('hl7_messages_log_status_idx').on(t.tenantId, t.status, t.receivedAt, t.connectorId, t.messageType),
    index('hl7_messages_status_next_idx').on(t.status, t.nextAttemptAt),
    // Holds only rows stored before content hashes existed (none once the start-up backfill ran), so
    // finding them is free at every start and intake (which always sets the hash) never adds an entry.
    index('hl7_messages_unhashed_idx').on(t.id).where(sql`${t.contentHash} is null`),
  ],
);

export const hl7ProcessingAttempts = sqliteTable(
  'hl7_processing_attempts',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    messageId: text('message_id').notNull().references(() => hl7Messages.id, { onDelete: 'cascade' }),
    attemptNumber: integer('attempt_number').notNull(),
    trigger: text('trigger').notNull(),
    actor: text('actor'),
    /** Set by a reprocess request so a double-clicked button enqueues once. */
    idempotencyKey: text('idempotency_key'),
    status: text('status').notNull(),
    startedAt: epochMs('started_at').notNull(),
    finishedAt: epochMs('finished_at'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** `mapped` (a profile ran), `no_profile` (none covers the message type: parsed and indexed only); null when mapping was not reached. */
    mapping: text('mapping'),
    /** The stored profile that ran (HMP_…); null for a profile not stored. */
    profileId: text('profile_id'),
    profileName: text('profile_name'),
    profileVersion: integer('profile_version'),
    /** Data the message carried that no rule read: `[{ path: 'PID-13[2]', count: 1 }]`. */
    unmapped: json<{ path: string; count: number }[]>('unmapped'),
    /** Rules that could not do their work, named by rule, source and target (never by value). */
    ruleErrors: json<{ ruleId: string; source: string; target: string; code: string; message: string }[]>('rule_errors'),
  },
  (t) => [
    uniqueIndex('hl7_attempts_message_number_uq').on(t.messageId, t.attemptNumber),
    uniqueIndex('hl7_attempts_idempotency_uq').on(t.messageId, t.idempotencyKey),
  ],
);

export const hl7ResourceLinks = sqliteTable(
  'hl7_resource_links',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    messageId: text('message_id').notNull().references(() => hl7Messages.id, { onDelete: 'cascade' }),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    /** What the last successful attempt did to the resource: created, updated or unchanged. */
    action: text('action').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('hl7_links_message_idx').on(t.messageId), index('hl7_links_resource_idx').on(t.resourceType, t.resourceId)],
);

/**
 * A mapping profile is kept as versions: every change writes a new row (`profile_version` + 1) under the
 * same `profile_id`, old rows stay, and processing records which version ran.
 */
const mappingProfileColumns = () => ({
  /** This version's row. */
  id: text('id').primaryKey(),
  /** The profile, the same for all its versions. */
  profileId: text('profile_id').notNull(),
  tenantId: tenantColumn().references(() => tenants.id),
  name: text('name').notNull(),
  profileVersion: integer('profile_version').notNull(),
  /** active, or retired (no longer picked; its versions stay for the attempts that ran them). */
  status: text('status').notNull(),
  description: text('description'),
  /** Shipped in resources/ and loaded on first start: used for message types no connector assigns. */
  isDefault: bool('is_default').notNull().default(false),
  rules: json<unknown[]>('rules').notNull(),
  /** Who made this version (an operator, or `system` for a shipped default). */
  actor: text('actor'),
  ...timestamps(),
});

export const hl7MappingProfiles = sqliteTable(
  'hl7_mapping_profiles',
  {
    ...mappingProfileColumns(),
    messageTypes: json<string[]>('message_types').notNull(),
    /** The FHIR resources each message makes (templates the rules fill). */
    resources: json<unknown[]>('resources').notNull(),
  },
  (t) => [uniqueIndex('hl7_mapping_profiles_version_uq').on(t.tenantId, t.profileId, t.profileVersion), index('hl7_mapping_profiles_name_idx').on(t.tenantId, t.name)],
);

export const fhirMappingProfiles = sqliteTable(
  'fhir_mapping_profiles',
  {
    ...mappingProfileColumns(),
    /** The resource type converted (Patient, DiagnosticReport). */
    resourceType: text('resource_type').notNull(),
    messageTypes: json<string[]>('message_types').notNull(),
    /** The segments each message is made of (templates the rules fill). */
    segments: json<unknown[]>('segments').notNull(),
  },
  (t) => [uniqueIndex('fhir_mapping_profiles_version_uq').on(t.tenantId, t.profileId, t.profileVersion), index('fhir_mapping_profiles_type_idx').on(t.tenantId, t.resourceType, t.status)],
);

/**
 * What the latest mapped attempt of each message left unmapped, one row per path (repetitions 2 and up
 * folded into `[2+]`): written with the attempt, in its transaction, replacing the message's earlier
 * rows, so the coverage aggregate counts each message once however often it was reprocessed.
 */
export const hl7UnmappedCoverage = sqliteTable(
  'hl7_unmapped_coverage',
  {
    messageId: text('message_id').notNull().references(() => hl7Messages.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    tenantId: tenantColumn().references(() => tenants.id),
    connectorId: text('connector_id').notNull(),
    profileId: text('profile_id').notNull(),
    profileVersion: integer('profile_version').notNull(),
    /** How many times the path carried data in the message. */
    occurrences: integer('occurrences').notNull(),
    /** When the attempt that found it finished. */
    seenAt: epochMs('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.path] }),
    // The aggregate groups in this order and reads the rest from the index, never the row.
    index('hl7_unmapped_coverage_group_idx').on(t.tenantId, t.connectorId, t.profileId, t.profileVersion, t.path, t.seenAt, t.occurrences),
  ],
);

export const interfaceErrors = sqliteTable(
  'interface_errors',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    connectorId: text('connector_id').references(() => interopConnectors.id, { onDelete: 'set null' }),
    messageId: text('message_id').references(() => hl7Messages.id, { onDelete: 'set null' }),
    runId: text('run_id'),
    code: text('code').notNull(),
    message: text('message').notNull(),
    /** What failed: a message (intake, processing, mapping rules), an outbound item, an integration run's record, a data batch's record. */
    source: text('source').notNull().default('message'),
    /** The code and what it is about (monitoring/interface-error-cause.ts): errors with one cause are one problem. */
    causeKey: text('cause_key').notNull().default(''),
    /** The cause in words, for the console. */
    cause: text('cause').notNull().default(''),
    outboundItemId: text('outbound_item_id'),
    /** The record of a run or batch (`line 12`, a resource id). */
    record: text('record'),
    /** open → resolved | ignored | reprocessed. */
    status: text('status').notNull(),
    createdAt: epochMs('created_at').notNull(),
    resolvedAt: epochMs('resolved_at'),
  },
  (t) => [
    index('interface_errors_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('interface_errors_message_idx').on(t.messageId),
    // The groups page reads counts per cause of one status from this index alone.
    index('interface_errors_cause_idx').on(t.tenantId, t.status, t.causeKey, t.createdAt),
  ],
);
