import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock';
import type { ApiClientService } from './api-client-service';
import { createAttemptLimiter } from './attempt-limiter';
import type { TokenIssuer } from './token-issuer';

export const TOKEN_PATH = '/oauth/token';

/** What the audit log is told of a token request: never the secret. */
export interface TokenEvent {
  action: 'token.issued' | 'token.refused';
  actorId: string;
  outcome: 'success' | 'failure';
  remoteAddress: string;
  /** Why it was refused: the OAuth error code. */
  reason?: OAuthError;
}

export interface TokenRouteOptions {
  clients: Pick<ApiClientService, 'checkSecret'>;
  issuer: TokenIssuer;
  clock: Clock;
  onTokenEvent?: ((event: TokenEvent) => void) | undefined;
  /** Token requests a minute per address and per client_id before 429 (brute force); defaults 60 and 30. */
  attemptsPerMinute?: { address?: number | undefined; client?: number | undefined } | undefined;
}

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type' | 'temporarily_unavailable';

class TokenRefusal {
  constructor(
    readonly status: 400 | 401 | 429,
    readonly error: OAuthError,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** RFC 6749 §2.3.1: client_id and client_secret form-encoded, then joined by a colon and base64-encoded. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new TokenRefusal(401, 'invalid_client', 'The Basic credentials are not client_id:client_secret', { 'WWW-Authenticate': 'Basic realm="interop-console"' });
  const form = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  try {
    return { id: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) };
  } catch {
    throw new TokenRefusal(401, 'invalid_client', 'The Basic credentials are not form-encoded', { 'WWW-Authenticate': 'Basic realm="interop-console"' });
  }
}

/**
 * `POST /oauth/token`: the client_credentials grant (RFC 6749 §4.4) answering a short-lived JWT, errors
 * in the OAuth form (§5.2). Public — it authenticates the client itself — and limited per address and
 * per client_id before any secret is hashed.
 */
export async function registerTokenRoute(app: FastifyInstance, options: TokenRouteOptions): Promise<void> {
  const byAddress = createAttemptLimiter(options.attemptsPerMinute?.address ?? 60);
  const byClient = createAttemptLimiter(options.attemptsPerMinute?.client ?? 30);

  async function grant(request: FastifyRequest): Promise<Record<string, unknown>> {
    const wait = byAddress.attempt(request.ip, options.clock.now());
    if (wait !== undefined) throw new TokenRefusal(429, 'temporarily_unavailable', 'Too many token requests from this address', { 'Retry-After': String(wait) });
    if (typeof request.body !== 'string') throw new TokenRefusal(400, 'invalid_request', 'Send application/x-www-form-urlencoded');
    const form = new URLSearchParams(request.body);
    const basic = basicCredentials(request.headers.authorization);
    if (basic && form.has('client_secret')) throw new TokenRefusal(400, 'invalid_request', 'Authenticate the client one way: Basic or the form, not both');
    if (!basic && !form.has('client_secret')) throw new TokenRefusal(401, 'invalid_client', 'Client authentication is required');
    const grantType = form.get('grant_type');
    if (grantType === null) throw new TokenRefusal(400, 'invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw new TokenRefusal(400, 'unsupported_grant_type', 'Only client_credentials is offered');
    const clientId = basic?.id ?? form.get('client_id') ?? '';
    const secret = basic?.secret ?? form.get('client_secret') ?? '';
    const clientWait = byClient.attempt(clientId, options.clock.now());
    if (clientWait !== undefined) throw new TokenRefusal(429, 'temporarily_unavailable', 'Too many token requests for this client', { 'Retry-After': String(clientWait) });
    const checked = await options.clients.checkSecret(clientId, secret);
    if (!checked.ok) throw new TokenRefusal(401, 'invalid_client', 'Client authentication failed', basic ? { 'WWW-Authenticate': 'Basic realm="interop-console"' } : {});
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const notHeld = asked.find((scope) => !checked.client.scopes.includes(scope));
    if (notHeld !== undefined) throw new TokenRefusal(400, 'invalid_scope', `The client does not have the scope ${notHeld}`);
    const scopes = asked.length > 0 ? [...new Set(asked)] : [...checked.client.scopes];
    const token = await options.issuer.issue({ clientId, scopes, tenantId: checked.client.boundTenantId });
    return { access_token: token, token_type: 'Bearer', expires_in: options.issuer.lifetimeSeconds, scope: scopes.join(' ') };
  }

  const answer = async (request: FastifyRequest, reply: FastifyReply) => {
    const clientId = ((typeof request.body === 'string' ? new URLSearchParams(request.body).get('client_id') : null) ?? basicId(request)).slice(0, 100);
    reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    try {
      const issued = await grant(request);
      options.onTokenEvent?.({ action: 'token.issued', actorId: clientId, outcome: 'success', remoteAddress: request.ip });
      return reply.code(200).send(issued);
    } catch (error) {
      if (!(error instanceof TokenRefusal)) throw error;
      options.onTokenEvent?.({ action: 'token.refused', actorId: clientId, outcome: 'failure', remoteAddress: request.ip, reason: error.error });
      return reply.code(error.status).headers(error.headers).send({ error: error.error, error_description: error.description });
    }
  };

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_request, body, done) => done(null, body));
    scope.post(TOKEN_PATH, { config: { access: 'public' } }, answer);
  });
}

function basicId(request: FastifyRequest): string {
  try {
    return basicCredentials(request.headers.authorization)?.id ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
