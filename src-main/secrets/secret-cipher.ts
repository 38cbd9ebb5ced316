/** Encrypts secrets before they reach the store; the desktop and headless twins implement it. */
export interface SecretCipher {
  readonly kind: string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}
