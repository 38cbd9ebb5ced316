import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';

/** RFC 7523 §2.2: how the client authenticates with a signed JWT instead of a secret. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** How long an assertion is good for: SMART Backend Services allows at most five minutes. */
export const ASSERTION_LIFETIME_SECONDS = 240;

export interface AssertionKey {
  clientId: string;
  keyId: string;
  algorithm: 'RS384' | 'ES384';
  /** PKCS#8 PEM. */
  privateKey: string;
}

/**
 * The client assertion of a SMART Backend Services token request: iss = sub = the client id, aud = the
 * token URL, a fresh jti (the server refuses one it has seen), exp within five minutes, kid in the
 * header so the server picks the key from the registered JWKS.
 */
export async function clientAssertion(key: AssertionKey, tokenUrl: string, nowMs: number): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.algorithm, kid: key.keyId, typ: 'JWT' })
    .setIssuer(key.clientId)
    .setSubject(key.clientId)
    .setAudience(tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
    .sign(await importPKCS8(key.privateKey, key.algorithm));
}
