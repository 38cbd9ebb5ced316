import type { Clock } from '../core/clock';
import type { GuardedFetch } from '../fetch/fetch-policy';
import type { SendResult } from './fhir-rest-outcome';

/** How an outbound FHIR destination authenticates (the connector's auth mode and its decrypted auth config). */
export type FhirRestAuth =
  | { mode: 'none' }
  | { mode: 'basic'; username: string; password: string }
  | { mode: 'api-key'; apiKey: string }
  | { mode: 'oauth2'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

/** The header an API key goes in. */
export const API_KEY_HEADER = 'X-API-Key';
/** A cached token is renewed this long before the expiry its server gave. */
const EXPIRY_MARGIN_MS = 30_000;
/** A token answer without expires_in is used for this long. */
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;

type Cached = { token: string; expiresAt: number };

/** The headers for a call, or — when no token could be had — the send's result (the token endpoint's verdict or its absence). */
export type AuthHeaders = { headers: Record<string, string> } | { failed: SendResult };

/**
 * Authorization headers for outbound FHIR calls. OAuth2 is the client-credentials grant (RFC 6749 §4.4)
 * with the client authenticating by HTTP Basic (§2.3.1); the token is cached per destination until
 * shortly before the expiry the server gave, one request at a time, and dropped when a call answers 401.
 */
export function createFhirRestAuth(deps: { fetch: GuardedFetch; clock: Clock }) {
  const tokens = new Map<string, Cached>();
  const pending = new Map<string, Promise<Cached | { failed: SendResult }>>();
  const keyOf = (destinationId: string, auth: { tokenUrl: string; clientId: string }): string => `${destinationId}|${auth.tokenUrl}|${auth.clientId}`;

  async function requestToken(auth: Extract<FhirRestAuth, { mode: 'oauth2' }>): Promise<Cached | { failed: SendResult }> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...(auth.scope ? { scope: auth.scope } : {}) }).toString();
    const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64');
    let response: Response;
    try {
      response = await deps.fetch(auth.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` }, body });
    } catch (error) {
      return { failed: { outcome: 'retry', error: { code: 'OUTBOUND_TOKEN_UNREACHABLE', message: `The token endpoint could not be reached (${error instanceof Error ? error.name : 'error'})` } } };
    }
    const answer = (await response.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (!response.ok || typeof answer?.access_token !== 'string') {
      const refused = response.status >= 400 && response.status < 500;
      return { failed: { outcome: refused ? 'dead' : 'retry', status: response.status, error: { code: 'OUTBOUND_TOKEN_REFUSED', message: `The token endpoint answered ${response.status} without an access token` } } };
    }
    const lifetime = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
    return { token: answer.access_token, expiresAt: deps.clock.now() + lifetime };
  }

  async function bearer(destinationId: string, auth: Extract<FhirRestAuth, { mode: 'oauth2' }>): Promise<AuthHeaders> {
    const key = keyOf(destinationId, auth);
    const cached = tokens.get(key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > deps.clock.now()) return { headers: { authorization: `Bearer ${cached.token}` } };
    let flight = pending.get(key);
    if (!flight) {
      flight = requestToken(auth).finally(() => pending.delete(key));
      pending.set(key, flight);
    }
    const fresh = await flight;
    if ('failed' in fresh) return fresh;
    tokens.set(key, fresh);
    return { headers: { authorization: `Bearer ${fresh.token}` } };
  }

  return {
    /** The headers a call to the destination carries, or why there are none (no OAuth2 token could be had). */
    async headersFor(destinationId: string, auth: FhirRestAuth): Promise<AuthHeaders> {
      switch (auth.mode) {
        case 'none':
          return { headers: {} };
        case 'basic':
          return { headers: { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } };
        case 'api-key':
          return { headers: { [API_KEY_HEADER]: auth.apiKey } };
        case 'oauth2':
          return bearer(destinationId, auth);
      }
    },
    /** Forgets a destination's token (its server answered 401), so the next call asks for a new one. */
    invalidate(destinationId: string, auth: FhirRestAuth): void {
      if (auth.mode === 'oauth2') tokens.delete(keyOf(destinationId, auth));
    },
  };
}
export type FhirRestAuthHeaders = ReturnType<typeof createFhirRestAuth>;
