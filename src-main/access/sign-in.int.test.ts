import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../bootstrap';
import { createLogger } from '../core/logger';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import type { SignInEvent } from './operator-sessions';

const ADMIN_PASSWORD = 'correct horse battery staple';
const VIEWER_PASSWORD = 'viewer-passphrase-4711';

const send = (method: string, url: string, body: unknown, cookie?: string) =>
  fetch(url, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const post = (url: string, body: unknown, cookie?: string) => send('POST', url, body, cookie);
/** The name=value part of the Set-Cookie answer, to send back as a browser would. */
const cookieOf = (response: Response): string => (response.headers.get('set-cookie') ?? '').split(';')[0] as string;

describe('operator sign-in over HTTP', () => {
  let engine: TempEngine;
  let base: string;
  const lines: string[] = [];
  const events: SignInEvent[] = [];
  let adminCookie: string;

  beforeAll(async () => {
    engine = await startTempEngine({ logger: createLogger('debug', (line) => lines.push(line)), access: { onSignInEvent: (event) => events.push(event) } });
    base = engine.url as string;
    // The first admin, made from the loopback console while no operator exists and no token is set.
    const created = await post(`${base}api/v1/operators`, { username: 'Admin', displayName: 'The Admin', role: 'admin', password: ADMIN_PASSWORD });
    expect(created.status).toBe(201);
    adminCookie = cookieOf(await post(`${base}api/v1/session`, { username: 'admin', password: ADMIN_PASSWORD }));
    const viewer = await post(`${base}api/v1/operators`, { username: 'vera', displayName: 'Vera Viewer', role: 'viewer', password: VIEWER_PASSWORD }, adminCookie);
    expect(viewer.status).toBe(201);
  });
  afterAll(() => engine.dispose());

  it('once an operator exists, asks loopback callers for credentials too', async () => {
    const response = await fetch(`${base}api/v1/connectors`);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('INTEROP_UNAUTHORIZED');
    // The console asks who it is before showing a sign-in form rather than the access-token one.
    const session = await fetch(`${base}api/v1/session`);
    expect([session.status, (await session.json()).error.details]).toEqual([401, { signIn: true }]);
  });

  it('says in a bulk export manifest that its files need credentials once operators exist, although no token is set', async () => {
    const kickOff = await fetch(`${base}fhir/R4/$export`, { headers: { prefer: 'respond-async', cookie: adminCookie } });
    expect(kickOff.status).toBe(202);
    const statusUrl = String(kickOff.headers.get('content-location'));
    let status = await fetch(statusUrl, { headers: { cookie: adminCookie } });
    for (let attempt = 0; status.status === 202 && attempt < 500; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await fetch(statusUrl, { headers: { cookie: adminCookie } });
    }
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ requiresAccessToken: true });
  });

  it('sets an HttpOnly SameSite=Strict session cookie that authenticates API calls and says who is signed in', async () => {
    const response = await post(`${base}api/v1/session`, { username: 'ADMIN', password: ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^interop_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    const cookie = cookieOf(response);
    expect((await fetch(`${base}api/v1/connectors`, { headers: { cookie } })).status).toBe(200);
    const session = await fetch(`${base}api/v1/session`, { headers: { cookie } });
    expect(await session.json()).toEqual({ kind: 'operator', scopes: ['svc:interop:admin'], operator: { id: expect.stringMatching(/^OPR_/), username: 'admin', displayName: 'The Admin', role: 'admin' } });
  });

  it("gives a viewer's session the viewer's scopes: reads answer, a write is 403 naming the scope it needs, FHIR reads answer and FHIR writes do not", async () => {
    const cookie = cookieOf(await post(`${base}api/v1/session`, { username: 'vera', password: VIEWER_PASSWORD }));
    const session = await (await fetch(`${base}api/v1/session`, { headers: { cookie } })).json();
    expect(session.scopes).toEqual(['svc:interop:read', 'user/*.read']);
    expect(session.operator.role).toBe('viewer');
    expect((await fetch(`${base}api/v1/connectors`, { headers: { cookie } })).status).toBe(200);
    const write = await post(`${base}api/v1/external-systems`, { name: 'EHR', kind: 'ehr' }, cookie);
    expect(write.status).toBe(403);
    expect((await write.json()).error).toMatchObject({ code: 'INTEROP_SCOPE_MISSING', details: { scope: 'svc:interop:configure' } });
    expect((await fetch(`${base}fhir/R4/Patient`, { headers: { cookie } })).status).toBe(200);
    const fhirWrite = await fetch(`${base}fhir/R4/Patient`, { method: 'POST', headers: { cookie, 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient' }) });
    expect(fhirWrite.status).toBe(403);
    expect((await fhirWrite.json()).resourceType).toBe('OperationOutcome');
  });

  it('answers a wrong password and an unknown username alike, with 401 and no cookie', async () => {
    const wrong = await post(`${base}api/v1/session`, { username: 'vera', password: 'not-the-password-at-all' });
    const unknown = await post(`${base}api/v1/session`, { username: 'nobody', password: 'not-the-password-at-all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(events).toContainEqual({ action: 'sign-in-failed', username: 'nobody', remoteAddress: '127.0.0.1' });
  });

  it('locks a username out with 429 and Retry-After after repeated failures, even for the right password', async () => {
    await post(`${base}api/v1/operators`, { username: 'lock.me', displayName: 'Locked', role: 'viewer', password: VIEWER_PASSWORD }, adminCookie);
    for (let i = 0; i < 5; i++) expect((await post(`${base}api/v1/session`, { username: 'lock.me', password: `wrong-password-${i}` })).status).toBe(401);
    const locked = await post(`${base}api/v1/session`, { username: 'lock.me', password: VIEWER_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await locked.json()).error.code).toBe('INTEROP_RATE_LIMITED');
  });

  it('signs out: the session row is gone, the cookie is cleared and it no longer authenticates', async () => {
    const cookie = cookieOf(await post(`${base}api/v1/session`, { username: 'vera', password: VIEWER_PASSWORD }));
    const out = await fetch(`${base}api/v1/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^interop_session=; Max-Age=0/);
    const after = await fetch(`${base}api/v1/connectors`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.headers.get('set-cookie')).toMatch(/^interop_session=;/);
    expect(events.at(-1)).toMatchObject({ action: 'sign-out', username: 'vera' });
  });

  it("ends an operator's sessions at once when they are disabled or their password is reset", async () => {
    const { id } = await (await post(`${base}api/v1/operators`, { username: 'dora', displayName: 'Dora', role: 'operator', password: VIEWER_PASSWORD }, adminCookie)).json();
    const first = cookieOf(await post(`${base}api/v1/session`, { username: 'dora', password: VIEWER_PASSWORD }));
    expect((await fetch(`${base}api/v1/connectors`, { headers: { cookie: first } })).status).toBe(200);
    const patch = await send('PATCH', `${base}api/v1/operators/${id}`, { disabled: true }, adminCookie);
    expect(patch.status).toBe(200);
    expect((await fetch(`${base}api/v1/connectors`, { headers: { cookie: first } })).status).toBe(401);
    expect((await post(`${base}api/v1/session`, { username: 'dora', password: VIEWER_PASSWORD })).status).toBe(401);

    await send('PATCH', `${base}api/v1/operators/${id}`, { disabled: false }, adminCookie);
    const second = cookieOf(await post(`${base}api/v1/session`, { username: 'dora', password: VIEWER_PASSWORD }));
    expect((await post(`${base}api/v1/operators/${id}/password`, { password: 'a-brand-new-passphrase' }, adminCookie)).status).toBe(200);
    expect((await fetch(`${base}api/v1/connectors`, { headers: { cookie: second } })).status).toBe(401);
  });

  it('explains a password that breaks the rules, and keeps the last enabled admin', async () => {
    const short = await post(`${base}api/v1/operators`, { username: 'sam', displayName: 'Sam', role: 'viewer', password: 'short' }, adminCookie);
    expect(short.status).toBe(422);
    expect((await short.json()).error.details.fields.password[0]).toContain('at least 12 characters');
    const same = await post(`${base}api/v1/operators`, { username: 'samuel.smith', displayName: 'Sam', role: 'viewer', password: 'Samuel.Smith' }, adminCookie);
    expect((await same.json()).error.details.fields.password[0]).toContain('must not be the username');
    const operators = await (await fetch(`${base}api/v1/operators`, { headers: { cookie: adminCookie } })).json();
    const admin = operators.find((operator: { username: string }) => operator.username === 'admin');
    const demote = await send('PATCH', `${base}api/v1/operators/${admin.id}`, { role: 'viewer' }, adminCookie);
    expect(demote.status).toBe(409);
    expect((await demote.json()).error.code).toBe('INTEROP_LAST_ADMIN');
  });

  it('changes its own password only with the current one, and the old one stops working', async () => {
    await post(`${base}api/v1/operators`, { username: 'otto', displayName: 'Otto', role: 'operator', password: VIEWER_PASSWORD }, adminCookie);
    const cookie = cookieOf(await post(`${base}api/v1/session`, { username: 'otto', password: VIEWER_PASSWORD }));
    const wrong = await post(`${base}api/v1/session/password`, { currentPassword: 'not-my-password-x', newPassword: 'otto-new-passphrase' }, cookie);
    expect((await wrong.json()).error.details.fields.currentPassword).toEqual(['is not your current password']);
    expect((await post(`${base}api/v1/session/password`, { currentPassword: VIEWER_PASSWORD, newPassword: 'otto-new-passphrase' }, cookie)).status).toBe(204);
    expect((await post(`${base}api/v1/session`, { username: 'otto', password: VIEWER_PASSWORD })).status).toBe(401);
    expect((await post(`${base}api/v1/session`, { username: 'otto', password: 'otto-new-passphrase' })).status).toBe(200);
  });

  it('never shows a password in a response, a log line or the SQLite files, and keeps only argon2id hashes', async () => {
    const list = await (await fetch(`${base}api/v1/operators`, { headers: { cookie: adminCookie } })).text();
    expect(list).not.toMatch(/password|argon2/i);
    const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((name) => readFileSync(join(engine.dataDir, name)));
    for (const secret of [ADMIN_PASSWORD, VIEWER_PASSWORD, 'a-brand-new-passphrase', 'otto-new-passphrase']) {
      for (const bytes of files) expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(lines.join('\n')).not.toContain(secret);
      expect(JSON.stringify(events)).not.toContain(secret);
    }
    const hashes = engine.store.sqlite.prepare('SELECT password_hash AS hash FROM operators').all() as { hash: string }[];
    for (const { hash } of hashes) expect(hash).toMatch(/^\$argon2id\$/);
    const sessionIds = engine.store.sqlite.prepare('SELECT id_hash AS id FROM operator_sessions').all() as { id: string }[];
    expect(sessionIds.length).toBeGreaterThan(0);
    expect(adminCookie).not.toContain(sessionIds[0]?.id as string);
    for (const { id } of sessionIds) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('operator sessions that time out', () => {
  let engine: TempEngine;
  beforeAll(async () => {
    engine = await startTempEngine({ access: { sessionTimeouts: { idleMs: 400 } } });
    await post(`${engine.url}api/v1/operators`, { username: 'ida', displayName: 'Ida', role: 'admin', password: ADMIN_PASSWORD });
  });
  afterAll(() => engine.dispose());

  it('refuses a session left idle past the idle timeout with 401 and clears its cookie', async () => {
    const cookie = cookieOf(await post(`${engine.url}api/v1/session`, { username: 'ida', password: ADMIN_PASSWORD }));
    expect((await fetch(`${engine.url}api/v1/session`, { headers: { cookie } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const expired = await fetch(`${engine.url}api/v1/session`, { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('set-cookie')).toMatch(/^interop_session=;/);
    // An ended session's cookie does not stand in the way of signing in again.
    expect((await post(`${engine.url}api/v1/session`, { username: 'ida', password: ADMIN_PASSWORD }, cookie)).status).toBe(200);
  });
});
