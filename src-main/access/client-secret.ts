import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * A client secret: `ics_<prefix>_<random>`. The prefix (64 random bits, stored in clear) finds the one
 * credential to check; the rest (256 random bits) is only ever stored as an argon2id hash.
 */
const SECRET = /^ics_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewSecret {
  prefix: string;
  secret: string;
}

export function newSecret(): NewSecret {
  const prefix = randomBytes(8).toString('hex');
  return { prefix, secret: `ics_${prefix}_${randomBytes(32).toString('base64url')}` };
}

/** The stored prefix of a presented secret, or undefined when it is not one of ours. */
export const prefixOf = (secret: string): string | undefined => SECRET.exec(secret)?.[1];

/** What the console shows to recognise a credential: its prefix, never any of the secret part. */
export const hintOf = (prefix: string): string => `ics_${prefix}_…`;

/** argon2id (the library's default algorithm) with its default cost: 19 MiB, 2 passes. */
export const hashSecret = (secret: string): Promise<string> => hash(secret);

export async function secretMatches(stored: string, presented: string): Promise<boolean> {
  try {
    return await verify(stored, presented);
  } catch {
    return false;
  }
}
