import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors';
import { writeKeyAtomically } from '../secrets/key-file-cipher';

/** The data key as the OS keychain encrypted it (safeStorage), in the data dir; only this user's keychain opens it. */
export const WRAPPED_KEY_FILE_NAME = 'secret.key.keychain';

/** The slice of Electron's safeStorage this needs; tests pass a fake. */
export interface KeychainLike {
  isEncryptionAvailable(): boolean;
  encryptString(plaintext: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The desktop's data key: 256 random bits, created once and kept in the data dir encrypted by the OS keychain.
 * Main unwraps it and hands it to the engine process in its start message (never argv or the environment);
 * the engine encrypts secrets with it. Undefined where the OS offers no keychain (the engine then uses its key file).
 */
export function loadOrCreateDataKey(dataDir: string, keychain: KeychainLike): Buffer | undefined {
  if (!keychain.isEncryptionAvailable()) return undefined;
  const file = join(dataDir, WRAPPED_KEY_FILE_NAME);
  let wrapped: Buffer;
  try {
    wrapped = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const key = randomBytes(32);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeKeyAtomically(file, keychain.encryptString(key.toString('base64')));
    return key;
  }
  const key = Buffer.from(keychain.decryptString(wrapped), 'base64');
  if (key.length !== 32) throw new AppError('internal', 'INTEROP_SECRET_KEY_INVALID', `The keychain-wrapped key ${file} does not hold a 32-byte key`);
  return key;
}
