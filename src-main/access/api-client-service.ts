import type { ApiClient, ApiClientSecret, ParsedInputOf, Operations } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { AppError, notFound } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, versionConflict, type RequestContext } from '../core/request-context';
import type { JobKind } from '../jobs/runner';
import type { Logger } from '../core/logger';
import type { ApiClientRow, ApiClientsRepo, ApiCredentialRow } from '../store/api-clients-repo';
import type { Transact } from '../store/transact';
import { hashSecret, hintOf, newSecret, prefixOf, secretMatches } from './client-secret';
import { createClientUsage } from './client-usage';

export interface ApiClientServiceDeps {
  repo: ApiClientsRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
  logger: Logger;
  /** How often counted usage is written (default 10 s). */
  usageFlushMs?: number | undefined;
}

/** What a request's authentication needs to know of a client, kept in memory: this service is its only writer. */
export interface ClientState {
  id: string;
  scopes: readonly string[];
  boundTenantId: string | undefined;
  revoked: boolean;
  expiresAt: number | null;
  rateLimitPerMinute: number;
}

export type CredentialCheck = { ok: true; client: ClientState } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

const stateOf = (row: ApiClientRow): ClientState => ({
  id: row.id,
  scopes: row.scopes,
  boundTenantId: row.boundTenantId ?? undefined,
  revoked: row.status === 'revoked',
  expiresAt: row.expiresAt ?? null,
  rateLimitPerMinute: row.rateLimitPerMinute,
});

/** Whether the client may act now: not revoked, not past its expiry. */
export const isLive = (client: ClientState, now: number): boolean => !client.revoked && (client.expiresAt === null || client.expiresAt > now);

export function createApiClientService(deps: ApiClientServiceDeps) {
  const { repo, transact, ids, clock, changes } = deps;
  const usage = createClientUsage();
  const states = new Map<string, ClientState | null>();

  const remember = (row: ApiClientRow): ApiClientRow => {
    states.set(row.id, stateOf(row));
    return row;
  };

  function load(ctx: RequestContext, id: string): ApiClientRow {
    const row = repo.findById(id);
    if (!row) throw notFound('api_client', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  }

  const liveCredential = (credential: ApiCredentialRow, now: number): boolean => credential.revokedAt === null && (credential.expiresAt === null || credential.expiresAt > now);

  function dto(row: ApiClientRow): ApiClient {
    const now = clock.now();
    const pending = usage.pendingOf(row.id);
    const lastSeen = Math.max(row.lastSeenAt ?? 0, pending?.lastSeenAt ?? 0);
    const state = stateOf(row);
    return {
      id: row.id,
      name: row.name,
      scopes: row.scopes,
      tenantId: row.boundTenantId ?? null,
      status: state.revoked ? 'revoked' : isLive(state, now) ? 'active' : 'expired',
      expiresAt: row.expiresAt === null ? null : isoTime(row.expiresAt),
      revokedAt: row.revokedAt === null ? null : isoTime(row.revokedAt),
      rateLimitPerMinute: row.rateLimitPerMinute,
      usage: { requests: row.requestCount + (pending?.requests ?? 0), refusals: row.refusedCount + (pending?.refusals ?? 0), lastUsedAt: lastSeen > 0 ? isoTime(lastSeen) : null },
      credentials: repo
        .credentialsOf(row.id)
        .filter((credential) => liveCredential(credential, now))
        .map((credential) => {
          const used = Math.max(credential.lastUsedAt ?? 0, pending?.credentialUses.get(credential.id) ?? 0);
          return { id: credential.id, hint: hintOf(credential.keyPrefix), createdAt: isoTime(credential.createdAt), expiresAt: credential.expiresAt === null ? null : isoTime(credential.expiresAt), lastUsedAt: used > 0 ? isoTime(used) : null };
        }),
      version: row.version,
      createdAt: isoTime(row.createdAt),
      updatedAt: isoTime(row.updatedAt),
    };
  }

  /** A new secret, hashed before any write (better-sqlite3 transactions cannot wait for it). */
  async function prepareSecret(): Promise<{ prefix: string; secret: string; secretHash: string }> {
    const { prefix, secret } = newSecret();
    return { prefix, secret, secretHash: await hashSecret(secret) };
  }

  /** Stores only the hash and the prefix; the caller shows the secret once. */
  function storeSecret(clientId: string, tenantId: string, prepared: { prefix: string; secretHash: string }): string {
    const credentialId = ids('CRED');
    repo.insertCredential({ id: credentialId, tenantId, clientId, kind: 'client_secret', keyPrefix: prepared.prefix, secretHash: prepared.secretHash, expiresAt: null, lastUsedAt: null, revokedAt: null, createdAt: clock.now() });
    return credentialId;
  }

  const assertTenant = (tenantId: string | undefined): void => {
    if (tenantId !== undefined && !repo.tenantExists(tenantId)) throw new AppError('not_found', 'INTEROP_TENANT_NOT_FOUND', `No tenant ${tenantId}`, { fields: { tenantId: [`names no tenant`] } });
  };

  const flushUsage = (): void => {
    const drained = usage.drain();
    if (drained.size === 0) return;
    transact(() => {
      for (const [clientId, delta] of drained) repo.addUsage(clientId, delta);
    });
  };

  return {
    list(ctx: RequestContext, page: { page: number; pageSize: number }) {
      const found = repo.list(ctx.tenantId, page);
      return { data: found.rows.map(dto), page: page.page, pageSize: page.pageSize, total: found.total };
    },
    get: (ctx: RequestContext, id: string): ApiClient => dto(load(ctx, id)),

    async create(ctx: RequestContext, input: ParsedInputOf<Operations['apiClients.create']>): Promise<ApiClientSecret> {
      assertTenant(input.tenantId);
      const now = clock.now();
      const id = ids('CLI');
      const expiresAt = input.expiresAt === undefined ? null : Date.parse(input.expiresAt);
      const prepared = await prepareSecret();
      const row = transact(() => {
        const inserted = repo.insert({ id, tenantId: ctx.tenantId, name: input.name, scopes: [...new Set(input.scopes)], status: 'active', boundTenantId: input.tenantId ?? null, expiresAt, revokedAt: null, rateLimitPerMinute: input.rateLimitPerMinute ?? 600, version: 1, createdAt: now, updatedAt: now });
        storeSecret(id, ctx.tenantId, prepared);
        return remember(inserted);
      });
      changes.publish({ topic: 'apiClients', id });
      return { client: dto(row), clientId: id, clientSecret: prepared.secret };
    },

    update(ctx: RequestContext, input: ParsedInputOf<Operations['apiClients.update']>): ApiClient {
      const before = load(ctx, input.id);
      if (before.status === 'revoked') throw new AppError('conflict', 'INTEROP_API_CLIENT_REVOKED', `API client ${input.id} is revoked`);
      const patch = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.scopes !== undefined ? { scopes: [...new Set(input.scopes)] } : {}), ...(input.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: input.rateLimitPerMinute } : {}) };
      const row = repo.update(input.id, input.version, { ...patch, updatedAt: clock.now() });
      if (!row) throw versionConflict('API client', input.id, input.version, load(ctx, input.id).version);
      changes.publish({ topic: 'apiClients', id: row.id });
      return dto(remember(row));
    },

    /** A new secret; the ones before it stay valid for `overlapSeconds`, then expire. */
    async rotate(ctx: RequestContext, id: string, overlapSeconds: number): Promise<ApiClientSecret> {
      if (load(ctx, id).status === 'revoked') throw new AppError('conflict', 'INTEROP_API_CLIENT_REVOKED', `API client ${id} is revoked`);
      const prepared = await prepareSecret();
      const updated = transact(() => {
        const current = load(ctx, id);
        if (current.status === 'revoked') throw new AppError('conflict', 'INTEROP_API_CLIENT_REVOKED', `API client ${id} is revoked`);
        const credentialId = storeSecret(id, current.tenantId, prepared);
        repo.expireOthers(id, credentialId, clock.now() + overlapSeconds * 1000);
        return remember(repo.update(id, undefined, { updatedAt: clock.now() }) ?? current);
      });
      changes.publish({ topic: 'apiClients', id });
      return { client: dto(updated), clientId: id, clientSecret: prepared.secret };
    },

    /** At once: its secrets stop working and the tokens it holds are refused on their next request. */
    revoke(ctx: RequestContext, id: string): ApiClient {
      const before = load(ctx, id);
      if (before.status === 'revoked') return dto(before);
      const now = clock.now();
      const row = transact(() => {
        repo.revokeCredentials(id, now);
        return repo.update(id, undefined, { status: 'revoked', revokedAt: now, updatedAt: now });
      });
      if (!row) throw notFound('api_client', id);
      changes.publish({ topic: 'apiClients', id });
      return dto(remember(row));
    },

    /** The client as authentication sees it, from memory once read (revocation and changes update it at once). */
    client(id: string): ClientState | undefined {
      if (!states.has(id)) {
        const row = repo.findById(id);
        states.set(id, row ? stateOf(row) : null);
      }
      return states.get(id) ?? undefined;
    },

    /** The client_credentials check: the secret's prefix finds one credential; its argon2id hash decides. */
    async checkSecret(clientId: string, secret: string): Promise<CredentialCheck> {
      const prefix = prefixOf(secret);
      const credential = prefix === undefined ? undefined : repo.findCredentialByPrefix(prefix);
      const client = this.client(clientId);
      if (!client || !credential || credential.clientId !== clientId || !(await secretMatches(credential.secretHash, secret))) return { ok: false, reason: 'unknown' };
      const now = clock.now();
      if (client.revoked || credential.revokedAt !== null) return { ok: false, reason: 'revoked' };
      if (!isLive(client, now) || !liveCredential(credential, now)) return { ok: false, reason: 'expired' };
      usage.credentialUsed(clientId, credential.id, now);
      return { ok: true, client };
    },

    countRequest: (clientId: string): void => usage.request(clientId, clock.now()),
    countRefusal: (clientId: string): void => usage.refusal(clientId, clock.now()),
    tenantExists: (id: string): boolean => repo.tenantExists(id),
    flushUsage,

    /** The runner's kind that writes counted usage every few seconds, and once more at stop. */
    usageKind(): JobKind {
      const write = (): 'idle' => {
        try {
          flushUsage();
        } catch (error) {
          deps.logger.log('warn', 'API client usage not written', { error: error instanceof Error ? error.name : 'unknown' });
        }
        return 'idle';
      };
      return { kind: 'api-client-usage', intervalMs: deps.usageFlushMs ?? 10_000, tick: write, stopped: () => void write() };
    },
  };
}
export type ApiClientService = ReturnType<typeof createApiClientService>;
