import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { epochMs, json, tenantColumn, timestamps } from './columns';
import { tenants } from './tenancy';

/**
 * A machine caller of the API. `tenantId` is the tenant that manages it; `boundTenantId` the one tenant it
 * may act in (null: any, choosing with X-Interop-Tenant). Usage counters are written in batches, not per request.
 */
export const apiClients = sqliteTable(
  'api_clients',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    name: text('name').notNull(),
    scopes: json<string[]>('scopes').notNull(),
    status: text('status').notNull(),
    boundTenantId: text('bound_tenant_id').references(() => tenants.id),
    expiresAt: epochMs('expires_at'),
    revokedAt: epochMs('revoked_at'),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(600),
    requestCount: integer('request_count').notNull().default(0),
    refusedCount: integer('refused_count').notNull().default(0),
    lastSeenAt: epochMs('last_seen_at'),
    version: integer('version').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('api_clients_tenant_name_uq').on(t.tenantId, t.name)],
);

/** Secrets are stored as hashes only; `keyPrefix` identifies a credential without revealing it. */
export const apiCredentials = sqliteTable(
  'api_credentials',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    clientId: text('client_id').notNull().references(() => apiClients.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    keyPrefix: text('key_prefix').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    expiresAt: epochMs('expires_at'),
    lastUsedAt: epochMs('last_used_at'),
    revokedAt: epochMs('revoked_at'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('api_credentials_client_idx').on(t.clientId)],
);

/** The key access tokens are signed with (HS256, 256 bits), kept encrypted by the engine's SecretCipher. */
export const tokenSigningKeys = sqliteTable('token_signing_keys', {
  id: text('id').primaryKey(),
  keyCipher: text('key_cipher').notNull(),
  createdAt: epochMs('created_at').notNull(),
});
