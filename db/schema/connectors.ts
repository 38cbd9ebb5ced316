import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, json, tenantColumn, timestamps } from './columns';
import { externalSystems, tenants } from './tenancy';

export const interopConnectors = sqliteTable(
  'interop_connectors',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    externalSystemId: text('external_system_id').references(() => externalSystems.id, { onDelete: 'restrict' }),
    facilityId: text('facility_id'),
    name: text('name').notNull(),
    protocol: text('protocol').notNull(),
    direction: text('direction').notNull(),
    host: text('host'),
    port: integer('port'),
    tlsEnabled: bool('tls_enabled').notNull(),
    authMode: text('auth_mode').notNull(),
    /** AES-256-GCM (headless) or safeStorage (desktop) ciphertext of the auth config JSON; never plaintext. */
    authConfigCipher: text('auth_config_cipher'),
    messageTypes: json<string[]>('message_types').notNull(),
    settings: json<Record<string, unknown>>('settings').notNull(),
    status: text('status').notNull(),
    lastError: text('last_error'),
    activatedAt: epochMs('activated_at'),
    /** Messages received with a control id (and sending application) already used for different content; counted by intake. */
    controlIdReusedCount: integer('control_id_reused_count').notNull().default(0),
    /**
     * Non-null only while active; its unique index enforces one active connector per slot. A listener
     * (MLLP inbound or bidirectional) holds its host and port whatever its facility; other connectors
     * hold (facility, protocol, direction, port). Mirrored by activeSlotOf in store/connectors-repo.ts.
     */
    activeSlot: text('active_slot').generatedAlwaysAs(
      sql`case when status <> 'active' then null when protocol = 'mllp' and direction <> 'outbound' then tenant_id || '|listener|' || coalesce(host, '') || '|' || coalesce(port, '') else tenant_id || '|' || coalesce(facility_id, '') || '|' || protocol || '|' || direction || '|' || coalesce(port, '') end`,
      { mode: 'virtual' },
    ),
    version: integer('version').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('interop_connectors_tenant_name_uq').on(t.tenantId, t.name),
    uniqueIndex('interop_connectors_one_active_uq').on(t.activeSlot),
    index('interop_connectors_tenant_status_idx').on(t.tenantId, t.status),
    index('interop_connectors_external_system_idx').on(t.externalSystemId),
  ],
);
