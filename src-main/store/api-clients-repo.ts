import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { apiClients, apiCredentials, tenants, tokenSigningKeys } from '../../db/schema';
import { AppError } from '../core/errors';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';
import { isUniqueViolation } from './sqlite-errors';

export type ApiClientRow = typeof apiClients.$inferSelect;
export type NewApiClientRow = typeof apiClients.$inferInsert;
export type ApiClientPatch = Partial<Pick<NewApiClientRow, 'name' | 'scopes' | 'rateLimitPerMinute' | 'status' | 'revokedAt' | 'updatedAt'>>;
export type ApiCredentialRow = typeof apiCredentials.$inferSelect;
export type NewApiCredentialRow = typeof apiCredentials.$inferInsert;

/** Requests and refusals counted in memory since the last write, and the last time the client was seen. */
export interface UsageDelta {
  requests: number;
  refusals: number;
  lastSeenAt: number;
  /** The credential that got a token, with when. */
  credentialUses: ReadonlyMap<string, number>;
}

const nameTaken = (name: string): AppError =>
  new AppError('conflict', 'INTEROP_API_CLIENT_NAME_TAKEN', `An API client named "${name}" already exists`, { fields: { name: ['is already used by another API client'] } });

export interface ApiClientsRepo {
  list(tenantId: string, page: PageRequest): Page<ApiClientRow>;
  findById(id: string): ApiClientRow | undefined;
  /** Throws 409 INTEROP_API_CLIENT_NAME_TAKEN when the tenant has a client of that name. */
  insert(row: NewApiClientRow): ApiClientRow;
  /** Compare-and-swap on `version` when one is given; undefined when the row is gone or was changed meanwhile. */
  update(id: string, expectedVersion: number | undefined, patch: ApiClientPatch): ApiClientRow | undefined;
  insertCredential(row: NewApiCredentialRow): ApiCredentialRow;
  /** The credentials not revoked, oldest first (expired ones included: the caller judges time). */
  credentialsOf(clientId: string): ApiCredentialRow[];
  findCredentialByPrefix(prefix: string): ApiCredentialRow | undefined;
  /** Sets every other live credential of the client to expire at `at` (or sooner, if it already does). */
  expireOthers(clientId: string, keepId: string, at: number): void;
  revokeCredentials(clientId: string, at: number): void;
  /** Adds counted usage in one statement per client (metrics are written in batches, never per request). */
  addUsage(clientId: string, delta: UsageDelta): void;
  tenantExists(id: string): boolean;
  signingKey(): string | undefined;
  insertSigningKey(id: string, keyCipher: string, at: number): void;
}

export function createApiClientsRepo(db: Db): ApiClientsRepo {
  return {
    list(tenantId, page) {
      return pagedList(db, apiClients, eq(apiClients.tenantId, tenantId), [apiClients.name, apiClients.id], page);
    },
    findById(id) {
      return db.select().from(apiClients).where(eq(apiClients.id, id)).get();
    },
    insert(row) {
      try {
        return db.insert(apiClients).values(row).returning().get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(row.name) : error;
      }
    },
    update(id, expectedVersion, patch) {
      try {
        return db
          .update(apiClients)
          .set({ ...patch, version: sql`${apiClients.version} + 1` })
          .where(and(eq(apiClients.id, id), expectedVersion === undefined ? undefined : eq(apiClients.version, expectedVersion)))
          .returning()
          .get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(patch.name ?? '') : error;
      }
    },
    insertCredential(row) {
      return db.insert(apiCredentials).values(row).returning().get();
    },
    credentialsOf(clientId) {
      return db.select().from(apiCredentials).where(and(eq(apiCredentials.clientId, clientId), isNull(apiCredentials.revokedAt))).orderBy(asc(apiCredentials.createdAt), asc(apiCredentials.id)).all();
    },
    findCredentialByPrefix(prefix) {
      return db.select().from(apiCredentials).where(eq(apiCredentials.keyPrefix, prefix)).get();
    },
    expireOthers(clientId, keepId, at) {
      db.update(apiCredentials)
        .set({ expiresAt: sql`min(coalesce(${apiCredentials.expiresAt}, ${at}), ${at})` })
        .where(and(eq(apiCredentials.clientId, clientId), isNull(apiCredentials.revokedAt), sql`${apiCredentials.id} <> ${keepId}`))
        .run();
    },
    revokeCredentials(clientId, at) {
      db.update(apiCredentials).set({ revokedAt: at }).where(and(eq(apiCredentials.clientId, clientId), isNull(apiCredentials.revokedAt))).run();
    },
    addUsage(clientId, delta) {
      db.update(apiClients)
        .set({
          requestCount: sql`${apiClients.requestCount} + ${delta.requests}`,
          refusedCount: sql`${apiClients.refusedCount} + ${delta.refusals}`,
          lastSeenAt: sql`max(coalesce(${apiClients.lastSeenAt}, 0), ${delta.lastSeenAt})`,
        })
        .where(eq(apiClients.id, clientId))
        .run();
      for (const [credentialId, at] of delta.credentialUses) {
        db.update(apiCredentials).set({ lastUsedAt: sql`max(coalesce(${apiCredentials.lastUsedAt}, 0), ${at})` }).where(eq(apiCredentials.id, credentialId)).run();
      }
    },
    tenantExists(id) {
      return db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, id)).get() !== undefined;
    },
    signingKey() {
      return db.select().from(tokenSigningKeys).orderBy(desc(tokenSigningKeys.createdAt), desc(tokenSigningKeys.id)).limit(1).get()?.keyCipher;
    },
    insertSigningKey(id, keyCipher, at) {
      db.insert(tokenSigningKeys).values({ id, keyCipher, createdAt: at }).run();
    },
  };
}
