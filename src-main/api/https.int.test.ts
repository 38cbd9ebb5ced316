import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, readPasswordLine } from '../access/create-admin';
import { DATABASE_FILE } from '../bootstrap';
import { openStore } from '../store/open-store';
import { makeTestPki, type TestPki } from '../../test/support/test-certificates';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { readTlsFiles } from './tls-files';

const PASSWORD = 'tls-admin-passphrase';

describe('HTTPS with a configured certificate', () => {
  let pki: TestPki;
  let engine: TempEngine;
  let agent: Agent;
  beforeAll(async () => {
    pki = makeTestPki();
    agent = new Agent({ connect: { ca: pki.caCert } });
    engine = await startTempEngine({ http: { host: '127.0.0.1', port: 0, tls: { cert: pki.serverCert, key: pki.serverKey } } });
  });
  afterAll(async () => {
    await engine.dispose();
    await agent.close();
  });

  const call = (path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) =>
    undiciFetch(new URL(path, engine.url), {
      method: init.method ?? 'GET',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  it('serves the API over https and marks the session cookie Secure', async () => {
    expect(engine.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await call('api/v1/operators', { method: 'POST', body: { username: 'tls-admin', displayName: 'TLS', role: 'admin', password: PASSWORD } })).status).toBe(201);
    const signedIn = await call('api/v1/session', { method: 'POST', body: { username: 'tls-admin', password: PASSWORD } });
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('HttpOnly');
    const session = await call('api/v1/session', { cookie: setCookie.split(';')[0] as string });
    expect(((await session.json()) as { operator: { username: string } }).operator.username).toBe('tls-admin');
  });

  it('does not answer plain HTTP on its port', async () => {
    await expect(fetch(engine.url!.replace('https:', 'http:') + 'api/v1/health')).rejects.toThrow();
  });

  it('refuses a key that is not the certificate\'s, and a file it cannot read, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-tls-'));
    try {
      writeFileSync(join(dir, 'cert.pem'), pki.serverCert);
      writeFileSync(join(dir, 'other.key'), pki.clientKey);
      writeFileSync(join(dir, 'server.key'), pki.serverKey);
      expect(readTlsFiles(join(dir, 'cert.pem'), join(dir, 'server.key'))).toMatchObject({ ok: true });
      expect(readTlsFiles(join(dir, 'cert.pem'), join(dir, 'other.key'))).toEqual({ ok: false, message: expect.stringContaining(`${join(dir, 'other.key')} is not the key of the certificate`) });
      expect(readTlsFiles(join(dir, 'missing.pem'), join(dir, 'server.key'))).toEqual({ ok: false, message: expect.stringContaining('cannot read the TLS certificate') });
      expect(readTlsFiles(join(dir, 'server.key'), join(dir, 'server.key'))).toMatchObject({ ok: false, message: expect.stringContaining('not usable PEM') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('creating the first admin headless', () => {
  it('makes an admin with an argon2id hash from a password read from standard input, and refuses a weak one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'interop-admin-'));
    try {
      const password = await readPasswordLine(Readable.from(['first-admin-passphrase\n', 'ignored']));
      const admin = await createAdmin({ dataDir, databaseFile: DATABASE_FILE, username: 'Root.Admin', password });
      expect(admin).toMatchObject({ username: 'root.admin', role: 'admin', disabled: false });
      await expect(createAdmin({ dataDir, databaseFile: DATABASE_FILE, username: 'root.admin', password })).rejects.toMatchObject({ code: 'INTEROP_OPERATOR_USERNAME_TAKEN' });
      await expect(createAdmin({ dataDir, databaseFile: DATABASE_FILE, username: 'second', password: 'short' })).rejects.toMatchObject({ code: 'INTEROP_VALIDATION_FAILED' });
      await expect(readPasswordLine(Readable.from(['\n']))).rejects.toMatchObject({ code: 'INTEROP_VALIDATION_FAILED' });
      const store = openStore({ file: join(dataDir, DATABASE_FILE) });
      const rows = store.sqlite.prepare('SELECT password_hash AS hash FROM operators').all() as { hash: string }[];
      store.close();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.hash).toMatch(/^\$argon2id\$/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
