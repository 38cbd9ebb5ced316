import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { KEY_FILE_NAME, createDataKeyCipher, createKeyFileCipher } from './key-file-cipher';

describe('key file cipher', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('round-trips a secret and never emits the plaintext', () => {
    const cipher = createKeyFileCipher(tempDir());
    const sealed = cipher.encrypt('pa55word');
    expect(sealed).not.toContain('pa55word');
    expect(cipher.decrypt(sealed)).toBe('pa55word');
  });

  it('creates the key readable by its owner only, and tightens a loose one', () => {
    const dir = tempDir();
    createKeyFileCipher(dir);
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    createKeyFileCipher(dir);
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
  });

  it('reuses the same key across restarts', () => {
    const dir = tempDir();
    const sealed = createKeyFileCipher(dir).encrypt('s3cret');
    expect(createKeyFileCipher(dir).decrypt(sealed)).toBe('s3cret');
  });

  it('refuses tampered ciphertext and another data dir\'s key with a typed error', () => {
    const sealed = createKeyFileCipher(tempDir()).encrypt('s3cret');
    const other = createKeyFileCipher(tempDir());
    expect(() => other.decrypt(sealed)).toThrow(AppError);
    expect(() => other.decrypt(`${sealed.slice(0, -4)}AAAA`)).toThrow(AppError);
    expect(() => other.decrypt('plain')).toThrow(AppError);
  });

  it('refuses a key file of the wrong size', () => {
    const dir = tempDir();
    writeFileSync(join(dir, KEY_FILE_NAME), 'short', { mode: 0o600 });
    expect(() => createKeyFileCipher(dir)).toThrow(/32-byte/);
  });
});

describe('data-key cipher (the desktop engine process)', () => {
  it('encrypts with the handed key: readable with that key only, in the key file\'s ciphertext format, with no rotation of its own', () => {
    const key = randomBytes(32);
    const cipher = createDataKeyCipher(key);
    const ciphertext = cipher.encrypt('s3cret');
    expect(ciphertext).toMatch(/^v2:aes-256-gcm:[0-9a-f]{16}:/);
    expect(ciphertext).not.toContain('s3cret');
    expect(createDataKeyCipher(Buffer.from(key)).decrypt(ciphertext)).toBe('s3cret');
    expect(() => createDataKeyCipher(randomBytes(32)).decrypt(ciphertext)).toThrow(expect.objectContaining({ code: 'INTEROP_SECRET_UNREADABLE' }));
    expect(cipher.rotation).toBeUndefined();
  });

  it('refuses a key that is not 256 bits', () => {
    expect(() => createDataKeyCipher(randomBytes(16))).toThrow(expect.objectContaining({ code: 'INTEROP_SECRET_KEY_INVALID' }));
  });
});
