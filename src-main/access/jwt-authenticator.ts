import type { Authenticator } from '../api/http-auth';
import type { Refusal } from '../api/http-guard';
import type { Clock } from '../core/clock';
import { isLive, type ApiClientService } from './api-client-service';
import type { TokenIssuer } from './token-issuer';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const REFUSED: Refusal = { status: 401, code: 'INTEROP_UNAUTHORIZED', message: 'The access token is invalid, expired or revoked; get a new one from /oauth/token' };

/**
 * API clients' bearer tokens: a bearer shaped like a JWT is this authenticator's, always verified —
 * signature, issuer, audience, expiry — and its client must still be live (revocation and expiry are
 * read from memory on every request, so a revoked client's tokens stop at once). The scopes are the
 * token's, less any the client lost since it was issued.
 */
export function jwtAuthenticator(deps: { issuer: TokenIssuer; clients: Pick<ApiClientService, 'client' | 'countRefusal'>; clock: Clock }): Authenticator {
  return async (credentials) => {
    const token = credentials.bearer;
    if (token === undefined || !JWT_SHAPE.test(token)) return undefined;
    const claims = await deps.issuer.verify(token);
    if (!claims) return REFUSED;
    const client = deps.clients.client(claims.clientId);
    if (!client || !isLive(client, deps.clock.now())) {
      if (client) deps.clients.countRefusal(client.id);
      return REFUSED;
    }
    return { kind: 'api-client', id: client.id, scopes: claims.scopes.filter((scope) => client.scopes.includes(scope)), tenantId: client.boundTenantId };
  };
}
