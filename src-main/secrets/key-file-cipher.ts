import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../core/errors';
import type { SecretCipher } from './secret-cipher';

const V1 = 'v1:aes-256-gcm:';
const V2 = 'v2:aes-256-gcm:';
export const KEY_FILE_NAME = 'secret.key';
/** A staged key during a rotation; it becomes `secret.key` when every stored secret uses it. */
export const NEXT_KEY_FILE_NAME = 'secret.key.next';

/** The id a ciphertext names its key by: a prefix of the key's SHA-256 (reveals nothing usable about it). */
export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

/**
 * Headless secret storage: AES-256-GCM with a random key kept in the data dir, readable by its owner only.
 * Ciphertexts are `v2:aes-256-gcm:<keyId>:<iv>:<tag>:<body>`; `v1:` ones (written before key ids) are read
 * with the current key. Rotation stages `secret.key.next` and renames it over `secret.key` once done.
 */
export function createKeyFileCipher(dataDir: string): SecretCipher {
  const currentFile = join(dataDir, KEY_FILE_NAME);
  const nextFile = join(dataDir, NEXT_KEY_FILE_NAME);
  let current = loadOrCreateKey(currentFile);
  let next = readKeyIfAny(nextFile);
  const sealing = aesGcmSealing(() => next ?? current, () => [current, ...(next ? [next] : [])], () => current);
  return {
    kind: 'key-file',
    ...sealing,
    rotation: {
      currentKeyId: () => keyIdOf(next ?? current),
      pending: () => (next ? keyIdOf(next) : undefined),
      stage() {
        if (next) throw new AppError('conflict', 'INTEROP_SECRET_ROTATION_PENDING', 'A key rotation was begun and not finished; finish it first');
        const key = randomBytes(32);
        writeKeyAtomically(nextFile, key);
        next = key;
        return keyIdOf(key);
      },
      commit() {
        if (!next) return;
        renameSync(nextFile, currentFile);
        fsyncDir(dataDir);
        current = next;
        next = undefined;
      },
      abandon() {
        rmSync(nextFile, { force: true });
        next = undefined;
      },
    },
  };
}

/**
 * The desktop engine process's secret storage: the same AES-256-GCM ciphertexts as the key file, under a
 * 256-bit key handed to it by the desktop's main process, which keeps that key encrypted with the OS keychain
 * (safeStorage exists only there). The key is never on disk in clear; the keychain's side owns its rotation.
 */
export function createDataKeyCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) throw new AppError('internal', 'INTEROP_SECRET_KEY_INVALID', 'The data key handed to the engine is not a 32-byte key');
  return { kind: 'data-key', ...aesGcmSealing(() => key, () => [key], () => key) };
}

/** Encrypt with the sealing key; decrypt `v2:` by the key it names among the known ones, `v1:` with the legacy key. */
function aesGcmSealing(sealingKey: () => Buffer, knownKeys: () => Buffer[], legacyKey: () => Buffer): Pick<SecretCipher, 'encrypt' | 'decrypt'> {
  const open = (key: Buffer, iv: string, tag: string, body: string): string => {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw cannotDecrypt(cause);
    }
  };
  return {
    encrypt(plaintext) {
      const key = sealingKey();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${V2}${keyIdOf(key)}:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
    },
    decrypt(ciphertext) {
      if (ciphertext.startsWith(V2)) {
        const [keyId, iv, tag, body] = ciphertext.slice(V2.length).split(':');
        const key = knownKeys().find((known) => keyIdOf(known) === keyId);
        if (!key || !iv || !tag || body === undefined) throw cannotDecrypt();
        return open(key, iv, tag, body);
      }
      if (!ciphertext.startsWith(V1)) throw cannotDecrypt();
      const [iv, tag, body] = ciphertext.slice(V1.length).split(':');
      if (!iv || !tag || body === undefined) throw cannotDecrypt();
      return open(legacyKey(), iv, tag, body);
    },
  };
}

/** Writes a 0600 file beside the target, flushes it, and renames it into place: never a half-written key (or wrapped key). */
export function writeKeyAtomically(file: string, key: Buffer): void {
  const temp = `${file}.tmp`;
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  fsyncDir(dirname(file));
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function loadOrCreateKey(file: string): Buffer {
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    writeKeyAtomically(file, randomBytes(32));
  }
  return readKey(file);
}

function readKeyIfAny(file: string): Buffer | undefined {
  try {
    return readKey(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function readKey(file: string): Buffer {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = readFileSync(file);
  if (key.length !== 32) throw new AppError('internal', 'INTEROP_SECRET_KEY_INVALID', `The secret key file ${file} is not a 32-byte key`);
  return key;
}

const cannotDecrypt = (cause?: unknown) =>
  new AppError('internal', 'INTEROP_SECRET_UNREADABLE', 'A stored secret could not be decrypted with this data directory\'s key', undefined, { cause });
