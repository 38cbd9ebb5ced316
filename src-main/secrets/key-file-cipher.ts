import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors';
import type { SecretCipher } from './secret-cipher';

const PREFIX = 'v1:aes-256-gcm:';
export const KEY_FILE_NAME = 'secret.key';

/** Headless secret storage: AES-256-GCM with a random key kept in the data dir, readable by its owner only. */
export function createKeyFileCipher(dataDir: string): SecretCipher {
  const key = loadOrCreateKey(join(dataDir, KEY_FILE_NAME));
  return {
    kind: 'key-file',
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
    },
    decrypt(ciphertext) {
      if (!ciphertext.startsWith(PREFIX)) throw cannotDecrypt();
      const [iv, tag, body] = ciphertext.slice(PREFIX.length).split(':');
      if (!iv || !tag || body === undefined) throw cannotDecrypt();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw cannotDecrypt(cause);
      }
    },
  };
}

function loadOrCreateKey(file: string): Buffer {
  try {
    writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = readFileSync(file);
  if (key.length !== 32) throw new AppError('internal', 'INTEROP_SECRET_KEY_INVALID', `The secret key file ${file} is not a 32-byte key`);
  return key;
}

const cannotDecrypt = (cause?: unknown) =>
  new AppError('internal', 'INTEROP_SECRET_UNREADABLE', 'A stored secret could not be decrypted with this data directory\'s key', undefined, { cause });
