import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap } from '../bootstrap';
import { createLogger } from '../core/logger';
import { createDataKeyCipher } from '../secrets/key-file-cipher';
import { createStoredSecretsRepo } from '../store/stored-secrets-repo';
import { DATABASE_FILE } from '../store/store-file';
import { loadOrCreateDataKey, WRAPPED_KEY_FILE_NAME, type KeychainLike } from './keychain-data-key';
import { moveKeychainSecretsToDataKey } from './keychain-secrets-migration';
import { createSafeStorageCipher } from './safe-storage-cipher';

/** Stands in for Electron's safeStorage: reversible, and never the plaintext's bytes. */
const keychain = (available = true): KeychainLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (plaintext) => Buffer.from(Buffer.from(plaintext, 'utf8').map((byte) => byte ^ 0x5a)),
  decryptString: (encrypted) => Buffer.from(encrypted.map((byte) => byte ^ 0x5a)).toString('utf8'),
});

const quiet = createLogger('error', () => undefined);
const storedSecrets = (dataDir: string): string[] => {
  const sqlite = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return createStoredSecretsRepo(sqlite).all();
  } finally {
    sqlite.close();
  }
};

describe('desktop secrets under the keychain-kept data key', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-keychain-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a 256-bit data key once, keeps it only as the keychain encrypted it (owner-only), and loads the same key later', () => {
    const dataDir = join(tempDir(), 'data');
    const key = loadOrCreateDataKey(dataDir, keychain());
    expect(key?.length).toBe(32);
    const wrapped = readFileSync(join(dataDir, WRAPPED_KEY_FILE_NAME));
    expect(wrapped.includes(Buffer.from((key as Buffer).toString('base64')))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(join(dataDir, WRAPPED_KEY_FILE_NAME)).mode & 0o077).toBe(0);
    expect(loadOrCreateDataKey(dataDir, keychain())?.equals(key as Buffer)).toBe(true);
  });

  it('has no data key where the OS offers no keychain', () => {
    expect(loadOrCreateDataKey(tempDir(), keychain(false))).toBeUndefined();
  });

  it('moves secrets the keychain encrypted itself under the data key before the engine process starts, readable as before', async () => {
    const dataDir = tempDir();
    const legacy = createSafeStorageCipher(keychain()) as NonNullable<ReturnType<typeof createSafeStorageCipher>>;
    const engine = await bootstrap({ dataDir, logger: quiet, cipher: legacy });
    await engine.stop();
    const before = storedSecrets(dataDir);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((ciphertext) => ciphertext.startsWith('v1:safe-storage:'))).toBe(true);
    const plaintexts = before.map((ciphertext) => legacy.decrypt(ciphertext));

    const dataKey = loadOrCreateDataKey(dataDir, keychain()) as Buffer;
    expect(moveKeychainSecretsToDataKey(join(dataDir, DATABASE_FILE), undefined, keychain(), dataKey)).toBe(before.length);

    const after = storedSecrets(dataDir);
    expect(after.some((ciphertext) => ciphertext.startsWith('v1:safe-storage:'))).toBe(false);
    expect(after.map((ciphertext) => createDataKeyCipher(dataKey).decrypt(ciphertext))).toEqual(plaintexts);
    expect(moveKeychainSecretsToDataKey(join(dataDir, DATABASE_FILE), undefined, keychain(), dataKey)).toBe(0);
  });

  it('moves nothing when there is no store yet', () => {
    const dataDir = tempDir();
    expect(moveKeychainSecretsToDataKey(join(dataDir, DATABASE_FILE), undefined, keychain(), Buffer.alloc(32, 1))).toBe(0);
  });
});
