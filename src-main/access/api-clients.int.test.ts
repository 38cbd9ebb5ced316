import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hl7Messages, tenants } from '../../db/schema';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { createLogger } from '../core/logger';
import { DATABASE_FILE } from '../bootstrap';
import type { TokenEvent } from './token-route';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const MESSAGE_ID = 'MSG_01ARZ3NDEKTSV4RRFFQ69G5FAV';

interface Created {
  clientId: string;
  clientSecret: string;
  client: { id: string; status: string; usage: { requests: number } };
}

describe('API clients, the token endpoint and bearer JWTs', () => {
  let engine: TempEngine;
  let base: string;
  let offsetMs = 0;
  let connectorId = '';
  const logLines: string[] = [];
  const tokenEvents: TokenEvent[] = [];
  const answers: string[] = [];

  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  };
  const createClient = async (input: Record<string, unknown>): Promise<Created> => {
    const created = await admin('POST', 'api/v1/api-clients', input);
    expect(created.status).toBe(201);
    return created.body as unknown as Created;
  };
  const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${base}oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  const tokenOf = async (client: Created, scope?: string): Promise<string> => {
    const response = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, ...(scope ? { scope } : {}) });
    const text = await response.text();
    answers.push(text);
    expect(response.status).toBe(200);
    return (JSON.parse(text) as { access_token: string }).access_token;
  };
  const asClient = (token: string, path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });

  beforeAll(async () => {
    engine = await startTempEngine({
      http: { host: '127.0.0.1', port: 0, accessToken: ADMIN_TOKEN },
      clock: { now: () => Date.now() + offsetMs },
      logger: createLogger('debug', (line) => logLines.push(line)),
      apiClients: { onTokenEvent: (event) => tokenEvents.push(event), usageFlushMs: 50 },
    });
    base = engine.url as string;
    const now = Date.now();
    engine.store.db.insert(tenants).values({ id: 'TEN_OTHER', name: 'Other clinic', createdAt: now }).run();
    const connector = await admin('POST', 'api/v1/connectors', { name: 'default-tenant-feed', protocol: 'mllp', direction: 'inbound', port: 2575 });
    connectorId = connector.body.id as string;
    engine.store.db.insert(hl7Messages).values({ id: MESSAGE_ID, tenantId: engine.tenantId, connectorId, direction: 'inbound', raw: Buffer.from('MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5.1\r'), rawSize: 48, receivedAt: now, status: 'processed', accepted: true }).run();
  });
  afterAll(() => engine.dispose());

  it('creates a client whose secret is shown once, then gets a JWT with client_credentials that reads with its scope', async () => {
    const created = await createClient({ name: 'reader', scopes: ['svc:interop:read'] });
    expect(created.clientId).toMatch(/^CLI_/);
    expect(created.clientSecret).toMatch(/^ics_[0-9a-f]{16}_/);
    const token = await tokenRequest({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret });
    const issued = (await token.json()) as Record<string, unknown>;
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'svc:interop:read' });
    const listed = await asClient(issued.access_token as string, 'api/v1/connectors');
    expect(listed.status).toBe(200);
    const shown = await admin('GET', `api/v1/api-clients/${created.clientId}`);
    expect(JSON.stringify(shown.body)).not.toContain(created.clientSecret.slice(21));
    expect(shown.body).toMatchObject({ id: created.clientId, status: 'active', scopes: ['svc:interop:read'], tenantId: null });
    expect(tokenEvents.at(-1)).toEqual({ action: 'token.issued', actorId: created.clientId, outcome: 'success', remoteAddress: '127.0.0.1' });
  });

  it('answers 401 without a token and for a JWT signed with another key', async () => {
    expect((await fetch(`${base}api/v1/connectors`)).status).toBe(401);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDTElfWCIsInNjb3BlIjoic3ZjOmludGVyb3A6YWRtaW4ifQ.c2lnbmF0dXJlLW5vdC1vdXJz';
    const refused = await asClient(forged, 'api/v1/connectors');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('INTEROP_UNAUTHORIZED');
  });

  it('answers OAuth errors: a wrong secret is invalid_client, a scope the client lacks invalid_scope, another grant unsupported_grant_type', async () => {
    const created = await createClient({ name: 'oauth-errors', scopes: ['svc:interop:read'] });
    const wrong = await tokenRequest({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: `${created.clientSecret.slice(0, -1)}x` });
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([401, 'invalid_client']);
    const scope = await tokenRequest({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret, scope: 'svc:interop:admin' });
    expect([scope.status, ((await scope.json()) as { error: string }).error]).toEqual([400, 'invalid_scope']);
    const grant = await tokenRequest({ grant_type: 'password', client_id: created.clientId, client_secret: created.clientSecret });
    expect([grant.status, ((await grant.json()) as { error: string }).error]).toEqual([400, 'unsupported_grant_type']);
    expect(tokenEvents.filter((e) => e.actorId === created.clientId && e.action === 'token.refused').map((e) => e.reason)).toEqual(['invalid_client', 'invalid_scope', 'unsupported_grant_type']);
  });

  it('takes the client credentials in HTTP Basic (RFC 6749 §2.3.1)', async () => {
    const created = await createClient({ name: 'basic', scopes: ['svc:interop:read'] });
    const basic = Buffer.from(`${encodeURIComponent(created.clientId)}:${encodeURIComponent(created.clientSecret)}`).toString('base64');
    const response = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    expect(response.status).toBe(200);
  });

  it('refuses a REST operation the token has no scope for with 403 INTEROP_SCOPE_MISSING naming the scope', async () => {
    const created = await createClient({ name: 'read-only', scopes: ['svc:interop:read'] });
    const token = await tokenOf(created);
    const write = await asClient(token, 'api/v1/external-systems', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', kind: 'ehr' }) });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ error: { code: 'INTEROP_SCOPE_MISSING', details: { scope: 'svc:interop:configure' } } });
    const manage = await asClient(token, 'api/v1/api-clients');
    expect(manage.status).toBe(403);
  });

  it('refuses a scope outside the vocabulary at creation with 422 naming it', async () => {
    const refused = await admin('POST', 'api/v1/api-clients', { name: 'bad-scope', scopes: ['svc:interop:read', 'system/Patient.rx'] });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('unknown scope \\"system/Patient.rx\\"');
  });

  it('checks each FHIR interaction against SMART scopes, and every entry of a transaction before applying any', async () => {
    const created = await createClient({ name: 'fhir-reader', scopes: ['system/Patient.read', 'system/Observation.cruds'] });
    const token = await tokenOf(created);
    const fhir = new Client({ baseUrl: `${base}fhir/R4`, customHeaders: { Authorization: `Bearer ${token}` } });
    const search = (await fhir.search({ resourceType: 'Patient', searchParams: {} })) as { resourceType: string };
    expect(search.resourceType).toBe('Bundle');
    await expect(fhir.create({ resourceType: 'Patient', body: { resourceType: 'Patient' } })).rejects.toMatchObject({ response: { status: 403, data: { issue: [{ code: 'forbidden', diagnostics: 'This needs the scope system/Patient.write' }] } } });
    const observation = (await fhir.create({ resourceType: 'Observation', body: { resourceType: 'Observation', status: 'final', code: { text: 'x' } } })) as unknown as { id: string };
    expect(observation.id).toBeDefined();
    const transaction = { resourceType: 'Bundle', type: 'transaction', entry: [
      { resource: { resourceType: 'Observation', status: 'final', code: { text: 'tx' } }, request: { method: 'POST', url: 'Observation' } },
      { resource: { resourceType: 'Patient', id: 'tx-patient' }, request: { method: 'PUT', url: 'Patient/tx-patient' } },
    ] };
    await expect(fhir.transaction({ body: transaction })).rejects.toMatchObject({ response: { status: 403 } });
    const admin = new Client({ baseUrl: `${base}fhir/R4`, customHeaders: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    await expect(admin.read({ resourceType: 'Patient', id: 'tx-patient' })).rejects.toMatchObject({ response: { status: 404 } });
    const exportKickOff = await asClient(token, 'fhir/R4/$export', { headers: { accept: 'application/fhir+json', prefer: 'respond-async' } });
    expect(exportKickOff.status).toBe(403);
    expect((await asClient(token, 'fhir/R4/metadata')).status).toBe(200);
  });

  it('keeps a client bound to another tenant out of this tenant\'s connectors, messages and FHIR resources, with 403 and no data', async () => {
    const created = await createClient({ name: 'other-tenant', scopes: ['svc:interop:admin'], tenantId: 'TEN_OTHER' });
    const token = await tokenOf(created);
    const read = await asClient(token, `api/v1/connectors/${connectorId}`);
    const readBody = await read.text();
    expect([read.status, JSON.parse(readBody).error.code]).toEqual([403, 'INTEROP_TENANT_MISMATCH']);
    expect(readBody).not.toContain('default-tenant-feed');
    const list = (await (await asClient(token, 'api/v1/connectors')).json()) as { total: number };
    expect(list.total).toBe(0);
    const message = await asClient(token, `api/v1/hl7-messages/${MESSAGE_ID}`);
    expect(message.status).toBe(403);
    expect(await message.text()).not.toContain('ADT^A01');
    const fhir = await asClient(token, 'fhir/R4/Patient');
    expect(fhir.status).toBe(403);
    expect(((await fhir.json()) as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]?.details.coding[0]?.code).toBe('INTEROP_TENANT_MISMATCH');
    const named = await asClient(token, 'api/v1/connectors', { headers: { 'x-interop-tenant': 'TEN_DEFAULT' } });
    expect([named.status, ((await named.json()) as { error: { code: string } }).error.code]).toEqual([403, 'INTEROP_TENANT_MISMATCH']);
  });

  it('lets an unbound client pick an existing tenant with X-Interop-Tenant', async () => {
    const created = await createClient({ name: 'unbound', scopes: ['svc:interop:read'] });
    const token = await tokenOf(created);
    const other = (await (await asClient(token, 'api/v1/connectors', { headers: { 'x-interop-tenant': 'TEN_OTHER' } })).json()) as { total: number };
    expect(other.total).toBe(0);
    const unknown = await asClient(token, 'api/v1/connectors', { headers: { 'x-interop-tenant': 'TEN_NOWHERE' } });
    expect(unknown.status).toBe(404);
  });

  it('refuses a revoked client\'s token at once with 401', async () => {
    const created = await createClient({ name: 'revoked', scopes: ['svc:interop:read'] });
    const token = await tokenOf(created);
    expect((await asClient(token, 'api/v1/connectors')).status).toBe(200);
    expect((await admin('POST', `api/v1/api-clients/${created.clientId}/revoke`)).body.status).toBe('revoked');
    expect((await asClient(token, 'api/v1/connectors')).status).toBe(401);
    const again = await tokenRequest({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret });
    expect(again.status).toBe(401);
  });

  it('refuses an expired token and an expired client with 401', async () => {
    const created = await createClient({ name: 'expiring', scopes: ['svc:interop:read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const token = await tokenOf(created);
    offsetMs = 11 * 60_000;
    try {
      expect((await asClient(token, 'api/v1/connectors')).status).toBe(401);
      const fresh = await tokenOf(created);
      expect((await asClient(fresh, 'api/v1/connectors')).status).toBe(200);
      offsetMs = 2 * 3_600_000;
      expect((await asClient(fresh, 'api/v1/connectors')).status).toBe(401);
      expect((await tokenRequest({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret })).status).toBe(401);
    } finally {
      offsetMs = 0;
    }
  });

  it('keeps the old secret valid during a rotation\'s overlap and not after it', async () => {
    const created = await createClient({ name: 'rotating', scopes: ['svc:interop:read'] });
    const rotated = await admin('POST', `api/v1/api-clients/${created.clientId}/rotate`, { overlapSeconds: 60 });
    const newSecret = rotated.body.clientSecret as string;
    expect(newSecret).not.toBe(created.clientSecret);
    await tokenOf(created);
    await tokenOf({ ...created, clientSecret: newSecret });
    offsetMs = 61_000;
    try {
      const old = await tokenRequest({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret });
      expect(old.status).toBe(401);
      await tokenOf({ ...created, clientSecret: newSecret });
    } finally {
      offsetMs = 0;
    }
  });

  it('answers 429 INTEROP_RATE_LIMITED with Retry-After past the client\'s limit, and counts usage', async () => {
    const created = await createClient({ name: 'limited', scopes: ['svc:interop:read'], rateLimitPerMinute: 3 });
    const token = await tokenOf(created);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await asClient(token, 'api/v1/connectors')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await asClient(token, 'fhir/R4/metadata');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { issue: { code: string }[] }).issue[0]?.code).toBe('throttled');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const shown = await admin('GET', `api/v1/api-clients/${created.clientId}`);
    expect(shown.body.usage).toMatchObject({ requests: 5, refusals: 2 });
    expect(shown.body.usage).toHaveProperty('lastUsedAt');
  });

  it('never lets a client secret appear in an answer after creation, a log line or the SQLite files', async () => {
    const created = await createClient({ name: 'leak-check', scopes: ['svc:interop:read'] });
    const rotated = (await admin('POST', `api/v1/api-clients/${created.clientId}/rotate`, { overlapSeconds: 0 })).body.clientSecret as string;
    await tokenOf({ ...created, clientSecret: rotated });
    await admin('GET', 'api/v1/api-clients');
    await admin('GET', `api/v1/api-clients/${created.clientId}`);
    engine.store.sqlite.pragma('wal_checkpoint(PASSIVE)');
    for (const secret of [created.clientSecret, rotated]) {
      const secretPart = secret.slice(21);
      const later = answers.filter((text) => !text.includes('"clientSecret"'));
      expect(later.some((text) => text.includes(secretPart))).toBe(false);
      expect(logLines.some((line) => line.includes(secretPart))).toBe(false);
      for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((name) => join(engine.dataDir, name)).filter(existsSync)) {
        expect(readFileSync(file).includes(Buffer.from(secretPart))).toBe(false);
      }
    }
    const stored = engine.store.sqlite.prepare('SELECT secret_hash FROM api_credentials WHERE client_id = ?').all(created.clientId) as { secret_hash: string }[];
    expect(stored.every((row) => row.secret_hash.startsWith('$argon2id$'))).toBe(true);
    expect(logLines.length).toBeGreaterThan(0);
  });
});
