import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdGenerator } from '../core/ids';
import { openStore, type Store } from '../store/open-store';
import { createStoredSecretsRepo } from '../store/stored-secrets-repo';
import { createTransact } from '../store/transact';
import { KEY_FILE_NAME, NEXT_KEY_FILE_NAME, createKeyFileCipher } from './key-file-cipher';
import { createKeyRotation } from './key-rotation';
import type { SecretCipher } from './secret-cipher';

const SECRETS = ['conn-secret-1', 'conn-secret-2', 'hook-secret-3'];

describe('secret key rotation', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  /** A store with two connectors' auth configs and a webhook secret encrypted under the data dir's key. */
  function setup() {
    const dataDir = mkdtempSync(join(tmpdir(), 'interop-rotate-'));
    const store: Store = openStore({ file: join(dataDir, 'interop.db') });
    cleanups.push(() => {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const cipher = createKeyFileCipher(dataDir);
    const ids = createIdGenerator();
    const now = Date.now();
    const insertConnector = store.sqlite.prepare(`INSERT INTO interop_connectors (id, tenant_id, name, protocol, direction, tls_enabled, auth_mode, auth_config_cipher, message_types, settings, status, version, created_at, updated_at)
      VALUES (?, 'TEN_DEFAULT', ?, 'fhir-rest', 'outbound', 0, 'basic', ?, '[]', '{}', 'configured', 1, ?, ?)`);
    insertConnector.run(ids('CONN'), 'A', cipher.encrypt(JSON.stringify({ password: SECRETS[0] })), now, now);
    insertConnector.run(ids('CONN'), 'B', cipher.encrypt(JSON.stringify({ password: SECRETS[1] })), now, now);
    store.sqlite
      .prepare(`INSERT INTO event_subscriptions (id, tenant_id, name, target_url, event_types, secret_cipher, status, version, created_at, updated_at) VALUES (?, 'TEN_DEFAULT', 'hook', 'https://example.org/hook', '[]', ?, 'active', 1, ?, ?)`)
      .run(ids('SUB'), cipher.encrypt(SECRETS[2] as string), now, now);
    const secrets = createStoredSecretsRepo(store.sqlite);
    return { dataDir, store, cipher, secrets, transact: createTransact(store.sqlite), clock: { now: () => Date.now() } };
  }
  const plaintexts = (cipher: SecretCipher, stored: string[]) => stored.map((c) => cipher.decrypt(c)).join('|');

  it('re-encrypts every stored secret under a new key; the old key decrypts none of them any more', () => {
    const { dataDir, cipher, secrets, transact, clock } = setup();
    const oldKeyDir = mkdtempSync(join(tmpdir(), 'interop-oldkey-'));
    cleanups.push(() => rmSync(oldKeyDir, { recursive: true, force: true }));
    copyFileSync(join(dataDir, KEY_FILE_NAME), join(oldKeyDir, KEY_FILE_NAME));
    const before = plaintexts(cipher, secrets.all());

    const result = createKeyRotation({ cipher, secrets, transact, clock }).rotate();

    expect(result.reencrypted).toBe(3);
    expect(readFileSync(join(dataDir, KEY_FILE_NAME)).equals(readFileSync(join(oldKeyDir, KEY_FILE_NAME)))).toBe(false);
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(() => statSync(join(dataDir, NEXT_KEY_FILE_NAME))).toThrow();
    expect(secrets.all().every((c) => c.includes(`:${result.keyId}:`))).toBe(true);
    expect(plaintexts(cipher, secrets.all())).toBe(before);
    // After a restart (only the key file on disk) everything still decrypts; the old key file decrypts nothing.
    expect(plaintexts(createKeyFileCipher(dataDir), secrets.all())).toBe(before);
    const oldKey = createKeyFileCipher(oldKeyDir);
    for (const stored of secrets.all()) expect(() => oldKey.decrypt(stored)).toThrow(/could not be decrypted/);
  });

  it.each(['staged', 'reencrypted'] as const)('leaves every secret readable, now and after a restart, when it stops after the %s step', (step) => {
    const { dataDir, cipher, secrets, transact, clock } = setup();
    const before = plaintexts(cipher, secrets.all());
    const rotation = createKeyRotation({ cipher, secrets, transact, clock, afterStep: (at) => {
      if (at === step) throw new Error(`crash after ${at}`);
    } });
    expect(() => rotation.rotate()).toThrow(`crash after ${step}`);
    expect(plaintexts(cipher, secrets.all())).toBe(before);
    const restarted = createKeyFileCipher(dataDir);
    expect(plaintexts(restarted, secrets.all())).toBe(before);
    // At the next start the engine finishes what was begun; nothing is left pending and all still reads.
    createKeyRotation({ cipher: restarted, secrets, transact, clock }).resume();
    expect(restarted.rotation?.pending()).toBeUndefined();
    expect(plaintexts(createKeyFileCipher(dataDir), secrets.all())).toBe(before);
  });

  it('reads secrets written before ciphertexts named their key', () => {
    const { cipher } = setup();
    const sealed = cipher.encrypt('legacy');
    const [, , keyId, ...rest] = sealed.split(':');
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(cipher.decrypt(`v1:aes-256-gcm:${rest.join(':')}`)).toBe('legacy');
  });
});
