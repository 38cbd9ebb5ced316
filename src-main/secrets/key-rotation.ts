import type { RotateKeyResult } from '../../src-shared';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { StoredSecretsRepo } from '../store/stored-secrets-repo';
import type { Transact } from '../store/transact';
import type { SecretCipher } from './secret-cipher';

export interface KeyRotationDeps {
  cipher: SecretCipher;
  secrets: StoredSecretsRepo;
  transact: Transact;
  clock: Clock;
  /** Called after each step (`staged`, `reencrypted`); tests throw here to stand for a crash between steps. */
  afterStep?: (step: 'staged' | 'reencrypted') => void;
}

/**
 * Key rotation: stage a new key (written 0600, atomically, beside the old one), re-encrypt every stored secret
 * with it in one transaction, then retire the old key. At every instant each secret is readable: before the
 * transaction commits they are under the old key, which stays until `commit`; after it, under the new one,
 * already on disk. A rotation interrupted after staging is finished by `resume` at the next start.
 */
export function createKeyRotation(deps: KeyRotationDeps) {
  const { cipher, secrets, transact } = deps;
  const rotation = () => {
    if (!cipher.rotation) throw new AppError('unsupported', 'INTEROP_SECRET_ROTATION_UNSUPPORTED', 'This engine keeps secrets in the OS keychain, which rotates its own key');
    return cipher.rotation;
  };
  const reencryptAll = (): number => transact(() => secrets.rewriteAll((ciphertext) => cipher.encrypt(cipher.decrypt(ciphertext))));

  return {
    rotate(): RotateKeyResult {
      const keys = rotation();
      const keyId = keys.stage();
      let reencrypted: number;
      try {
        deps.afterStep?.('staged');
        reencrypted = reencryptAll();
      } catch (error) {
        // Nothing committed under the staged key: drop it, the old key stays the only one.
        keys.abandon();
        throw error;
      }
      deps.afterStep?.('reencrypted');
      keys.commit();
      return { keyId, reencrypted, rotatedAt: new Date(deps.clock.now()).toISOString() };
    },
    /** Finishes a rotation a crash interrupted after staging (some or all secrets may use the staged key); at start. */
    resume(): boolean {
      const keys = cipher.rotation;
      if (!keys?.pending()) return false;
      reencryptAll();
      keys.commit();
      return true;
    },
  };
}
export type KeyRotationService = ReturnType<typeof createKeyRotation>;
