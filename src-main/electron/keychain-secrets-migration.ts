import { createDataKeyCipher } from '../secrets/key-file-cipher';
import { rewriteSecretsInStoreFile } from '../store/stored-secrets-repo';
import type { KeychainLike } from './keychain-data-key';
import { createSafeStorageCipher, isSafeStorageCiphertext } from './safe-storage-cipher';

/**
 * Moves secrets the OS keychain encrypted itself (written while the engine ran in the main process) under the
 * data key the engine process encrypts with: decrypted here, where safeStorage exists, and re-encrypted in one
 * transaction before the engine starts. Others are left as they are; returns how many moved.
 */
export function moveKeychainSecretsToDataKey(databaseFile: string, nativeBinding: string | undefined, keychain: KeychainLike, dataKey: Buffer): number {
  const legacy = createSafeStorageCipher(keychain);
  if (!legacy) return 0;
  const current = createDataKeyCipher(dataKey);
  let moved = 0;
  rewriteSecretsInStoreFile(databaseFile, nativeBinding, (ciphertext) => {
    if (!isSafeStorageCiphertext(ciphertext)) return ciphertext;
    moved += 1;
    return current.encrypt(legacy.decrypt(ciphertext));
  });
  return moved;
}
