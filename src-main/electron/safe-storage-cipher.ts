import { AppError } from '../core/errors';
import type { SecretCipher } from '../secrets/secret-cipher';
import type { KeychainLike } from './keychain-data-key';

const PREFIX = 'v1:safe-storage:';

/** A secret the desktop wrote before its engine ran in a process of its own: encrypted by the OS keychain itself. */
export const isSafeStorageCiphertext = (ciphertext: string): boolean => ciphertext.startsWith(PREFIX);

/**
 * Secrets encrypted by the OS keychain, as the desktop wrote them while its engine ran in the main process
 * (the only process where safeStorage exists); undefined where the OS offers none. Now only read, to move
 * them under the data key (keychain-secrets-migration.ts).
 */
export function createSafeStorageCipher(safeStorage: KeychainLike): SecretCipher | undefined {
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
