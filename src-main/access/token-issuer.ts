import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT, errors } from 'jose';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import type { SecretCipher } from '../secrets/secret-cipher';
import type { ApiClientsRepo } from '../store/api-clients-repo';

export const TOKEN_ISSUER = 'urn:interop-console';
export const TOKEN_AUDIENCE = 'urn:interop-console:api';
/** Access tokens live ten minutes: revocation is checked on every request anyway. */
export const DEFAULT_TOKEN_SECONDS = 600;
const ALGORITHM = 'HS256';

export interface TokenClaims {
  clientId: string;
  scopes: string[];
  tenantId: string | undefined;
}

/**
 * The engine's signing key (HS256, 256 random bits; the newest one stored): made on first use and kept
 * encrypted by the SecretCipher, like connector secrets, so the SQLite file never holds it in clear, and
 * re-encrypted by key rotation. A store restored without its key gets a new one instead of not starting. Only this engine signs
 * and verifies, so a shared-key algorithm is enough; `aud` and `iss` pin tokens to this use.
 */
export function loadSigningKey(repo: ApiClientsRepo, cipher: SecretCipher, ids: IdGenerator, clock: Clock, logger: Logger): Uint8Array {
  const stored = repo.signingKey();
  if (stored !== undefined) {
    try {
      return Buffer.from(cipher.decrypt(stored), 'base64');
    } catch (error) {
      // A store restored without its data directory's key: tokens live minutes, so a new key costs clients one token request.
      logger.log('warn', 'token signing key unreadable with this data directory key; a new one signs from now on', { code: error instanceof AppError ? error.code : 'unknown' });
    }
  }
  const key = randomBytes(32);
  repo.insertSigningKey(ids('CRED'), cipher.encrypt(key.toString('base64')), clock.now());
  return key;
}

export function createTokenIssuer(key: Uint8Array, clock: Clock, lifetimeSeconds = DEFAULT_TOKEN_SECONDS) {
  return {
    lifetimeSeconds,
    async issue(claims: TokenClaims): Promise<string> {
      const now = Math.floor(clock.now() / 1000);
      return new SignJWT({ scope: claims.scopes.join(' '), ...(claims.tenantId ? { tenant: claims.tenantId } : {}) })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'at+jwt' })
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(claims.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + lifetimeSeconds)
        .setJti(randomBytes(16).toString('base64url'))
        .sign(key);
    },
    /** The claims of a token this engine signed and that has not expired; undefined for any other. */
    async verify(token: string): Promise<TokenClaims | undefined> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithms: [ALGORITHM], currentDate: new Date(clock.now()), requiredClaims: ['sub', 'exp', 'iat', 'jti'] });
        if (typeof payload.sub !== 'string' || typeof payload.scope !== 'string') return undefined;
        return { clientId: payload.sub, scopes: payload.scope.split(' ').filter(Boolean), tenantId: typeof payload.tenant === 'string' ? payload.tenant : undefined };
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
