import type { SafeStorage } from 'electron';
import { AppError } from '../core/errors';
import type { SecretCipher } from '../secrets/secret-cipher';

const PREFIX = 'v1:safe-storage:';

/** Desktop secret storage through the OS keychain; undefined where the OS offers none. */
export function createSafeStorageCipher(safeStorage: SafeStorage): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return {
    kind: 'safe-storage',
    encrypt: (plaintext) => `${PREFIX}${safeStorage.encryptString(plaintext).toString('base64')}`,
    decrypt(ciphertext) {
      if (!ciphertext.startsWith(PREFIX)) throw new AppError('internal', 'INTEROP_SECRET_UNREADABLE', 'A stored secret was not written by this desktop keychain');
      return safeStorage.decryptString(Buffer.from(ciphertext.slice(PREFIX.length), 'base64'));
    },
  };
}
