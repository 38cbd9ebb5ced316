import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are kept as argon2id hashes (the library's default algorithm, with its default cost:
 * 19 MiB, 2 passes), never in any other form.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a hash no password matches: a sign-in for a username that does not exist costs the
 * same as one for a username that does, so the time taken does not tell them apart.
 */
export async function spendVerification(password: string): Promise<void> {
  dummy ??= hash(randomBytes(32));
  await passwordMatches(await dummy, password);
}
