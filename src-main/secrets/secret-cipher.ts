/** Encrypts secrets before they reach the store; the desktop and headless twins implement it. */
export interface SecretCipher {
  readonly kind: string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Present where the engine owns the key (the headless key file); the OS keychain rotates its own. */
  readonly rotation?: KeyRotation;
}

/**
 * A new key in two steps, so that every stored secret stays readable at every instant: `stage` writes the new
 * key beside the current one (encrypt uses it from then on, decrypt knows both); the caller re-encrypts
 * every stored secret; `commit` retires the old key. `abandon` forgets a staged key no secret uses yet.
 */
export interface KeyRotation {
  /** The key new ciphertexts name. */
  currentKeyId(): string;
  /** The staged key's id when a rotation was begun and not finished (also after a restart). */
  pending(): string | undefined;
  stage(): string;
  commit(): void;
  abandon(): void;
}
