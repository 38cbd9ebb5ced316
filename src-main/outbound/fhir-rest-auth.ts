import type { Clock } from '../core/clock';
import type { GuardedFetch } from '../fetch/fetch-policy';
import type { SendResult } from './fhir-rest-outcome';
import { networkFailureName } from './network-failure';
import { clientAssertion, JWT_BEARER_ASSERTION_TYPE, type AssertionKey } from './smart-client-assertion';

/** How an outbound FHIR destination authenticates (the connector's auth mode and its decrypted auth config). */
export type FhirRestAuth =
  | { mode: 'none' }
  | { mode: 'basic'; username: string; password: string }
  | { mode: 'api-key'; apiKey: string }
  | { mode: 'oauth2'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string }
  /** SMART Backend Services: a client-credentials grant with a signed JWT client assertion; without a token URL it is discovered from the base URL. */
  | ({ mode: 'smart-backend'; tokenUrl?: string; scope?: string } & AssertionKey);

type TokenAuth = Extract<FhirRestAuth, { mode: 'oauth2' | 'smart-backend' }>;
/** The destination a call goes to: its id (the token cache key) and base URL (where a SMART token endpoint is discovered). */
export interface AuthTarget {
  id: string;
  baseUrl: string;
}

/** The header an API key goes in. */
export const API_KEY_HEADER = 'X-API-Key';
/** A cached token is renewed this long before the expiry its server gave. */
const EXPIRY_MARGIN_MS = 30_000;
/** A token answer without expires_in is used for this long. */
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;

type Cached = { token: string; expiresAt: number };
type Failed = { failed: SendResult };

/** The headers for a call, or — when no token could be had — the send's result (the token endpoint's verdict or its absence). */
export type AuthHeaders = { headers: Record<string, string> } | Failed;

/** RFC 6749 §5.2 error codes a token endpoint answers, each with its own code on the outbound item. */
const TOKEN_ERROR_CODES: Record<string, string> = {
  invalid_client: 'OUTBOUND_TOKEN_INVALID_CLIENT',
  unauthorized_client: 'OUTBOUND_TOKEN_UNAUTHORIZED_CLIENT',
  invalid_scope: 'OUTBOUND_TOKEN_INVALID_SCOPE',
  invalid_grant: 'OUTBOUND_TOKEN_INVALID_GRANT',
  invalid_request: 'OUTBOUND_TOKEN_INVALID_REQUEST',
  unsupported_grant_type: 'OUTBOUND_TOKEN_UNSUPPORTED_GRANT',
};

const unreachable = (what: string, error: unknown): Failed => ({ failed: { outcome: 'retry', error: { code: 'OUTBOUND_TOKEN_UNREACHABLE', message: `${what} could not be reached (${networkFailureName(error)})` } } });

/**
 * A token endpoint's refusal: its RFC 6749 error code names the item's code; a 4xx is final (the
 * credentials, key or scopes need an operator), 429 and 5xx are worth another try.
 */
export function tokenRefusal(status: number, answer: { error?: unknown } | undefined): SendResult {
  const oauthError = typeof answer?.error === 'string' ? answer.error : undefined;
  const code = (oauthError && TOKEN_ERROR_CODES[oauthError]) ?? 'OUTBOUND_TOKEN_REFUSED';
  const later = status === 429 || status >= 500 || status < 400;
  return { outcome: later ? 'retry' : 'dead', status, error: { code, message: `The token endpoint answered ${status}${oauthError && /^[a-z_]{1,40}$/.test(oauthError) ? ` (${oauthError})` : ''} without an access token` } };
}

/**
 * Authorization headers for outbound FHIR calls. OAuth2 is the client-credentials grant (RFC 6749 §4.4)
 * with the client authenticating by HTTP Basic (§2.3.1); SMART Backend Services is the same grant with a
 * signed JWT client assertion (RFC 7523, private_key_jwt), its token endpoint named or discovered from
 * [base]/.well-known/smart-configuration. A token is cached per destination until shortly before the
 * expiry the server gave, one request at a time, and dropped when a call answers 401.
 */
export function createFhirRestAuth(deps: { fetch: GuardedFetch; clock: Clock }) {
  const tokens = new Map<string, Cached>();
  const pending = new Map<string, Promise<Cached | Failed>>();
  const discovered = new Map<string, string>();
  const keyOf = (destinationId: string, auth: TokenAuth): string => `${destinationId}|${auth.mode}|${auth.tokenUrl ?? ''}|${auth.clientId}`;

  /** The token endpoint SMART configuration names for a base URL (remembered once found). */
  async function discoverTokenUrl(baseUrl: string): Promise<string | Failed> {
    const known = discovered.get(baseUrl);
    if (known) return known;
    let response: Response;
    try {
      response = await deps.fetch(`${baseUrl.replace(/\/$/, '')}/.well-known/smart-configuration`, { headers: { accept: 'application/json' } });
    } catch (error) {
      return unreachable("The server's SMART configuration", error);
    }
    const answer = (await response.json().catch(() => undefined)) as { token_endpoint?: unknown } | undefined;
    if (!response.ok || typeof answer?.token_endpoint !== 'string') {
      const later = response.status === 429 || response.status >= 500;
      return { failed: { outcome: later ? 'retry' : 'dead', status: response.status, error: { code: 'OUTBOUND_TOKEN_DISCOVERY_FAILED', message: `The server's .well-known/smart-configuration answered ${response.status} without a token_endpoint; name the token URL on the connector` } } };
    }
    discovered.set(baseUrl, answer.token_endpoint);
    return answer.token_endpoint;
  }

  /** The token request's headers and form for the auth mode: HTTP Basic with the secret, or the signed assertion. */
  async function grantFor(auth: TokenAuth, tokenUrl: string): Promise<{ headers: Record<string, string>; form: Record<string, string> } | Failed> {
    const scope: Record<string, string> = auth.scope ? { scope: auth.scope } : {};
    if (auth.mode === 'oauth2') {
      const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64');
      return { headers: { authorization: `Basic ${basic}` }, form: { grant_type: 'client_credentials', ...scope } };
    }
    let assertion: string;
    try {
      assertion = await clientAssertion(auth, tokenUrl, deps.clock.now());
    } catch {
      return { failed: { outcome: 'dead', error: { code: 'OUTBOUND_TOKEN_KEY_UNUSABLE', message: `The connector's private key cannot sign ${auth.algorithm}; generate a key pair or supply a fitting PEM key` } } };
    }
    return { headers: {}, form: { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: assertion, ...scope } };
  }

  async function requestToken(target: AuthTarget, auth: TokenAuth): Promise<Cached | Failed> {
    const tokenUrl = auth.tokenUrl || (await discoverTokenUrl(target.baseUrl));
    if (typeof tokenUrl !== 'string') return tokenUrl;
    const grant = await grantFor(auth, tokenUrl);
    if ('failed' in grant) return grant;
    let response: Response;
    try {
      response = await deps.fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...grant.headers }, body: new URLSearchParams(grant.form).toString() });
    } catch (error) {
      return unreachable('The token endpoint', error);
    }
    const answer = (await response.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (!response.ok || typeof answer?.access_token !== 'string') return { failed: tokenRefusal(response.status, answer) };
    const lifetime = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
    return { token: answer.access_token, expiresAt: deps.clock.now() + lifetime };
  }

  async function bearer(target: AuthTarget, auth: TokenAuth): Promise<AuthHeaders> {
    const key = keyOf(target.id, auth);
    const cached = tokens.get(key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > deps.clock.now()) return { headers: { authorization: `Bearer ${cached.token}` } };
    let flight = pending.get(key);
    if (!flight) {
      flight = requestToken(target, auth).finally(() => pending.delete(key));
      pending.set(key, flight);
    }
    const fresh = await flight;
    if ('failed' in fresh) return fresh;
    tokens.set(key, fresh);
    return { headers: { authorization: `Bearer ${fresh.token}` } };
  }

  return {
    /** The headers a call to the destination carries, or why there are none (no OAuth2 or SMART token could be had). */
    async headersFor(target: AuthTarget, auth: FhirRestAuth): Promise<AuthHeaders> {
      switch (auth.mode) {
        case 'none':
          return { headers: {} };
        case 'basic':
          return { headers: { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } };
        case 'api-key':
          return { headers: { [API_KEY_HEADER]: auth.apiKey } };
        case 'oauth2':
        case 'smart-backend':
          return bearer(target, auth);
      }
    },
    /** Forgets a destination's token (its server answered 401), so the next call asks for a new one. */
    invalidate(target: AuthTarget, auth: FhirRestAuth): void {
      if (auth.mode === 'oauth2' || auth.mode === 'smart-backend') tokens.delete(keyOf(target.id, auth));
    },
  };
}
export type FhirRestAuthHeaders = ReturnType<typeof createFhirRestAuth>;
