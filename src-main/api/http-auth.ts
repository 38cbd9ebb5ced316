import { timingSafeEqual, createHash } from 'node:crypto';
import { ADMIN_SCOPE, type Principal } from '../core/request-context';
import type { Refusal } from './http-guard';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time token check (hashing first makes the lengths equal). */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** What a request presents to prove who it is. */
export interface Credentials {
  /** The Bearer token, or the `access_token` query parameter on routes that take it (the event stream). */
  bearer: string | undefined;
  cookie: string | undefined;
  remoteAddress: string;
}

/**
 * One way of proving who one is: a principal when the credentials are of its kind and valid, a refusal
 * when they are of its kind and not valid (expired, revoked), undefined when they are not of its kind.
 */
export type Authenticator = (credentials: Credentials) => Promise<Principal | Refusal | undefined>;

/** The operator's shared access token (`--access-token`): whoever presents it may do everything. */
export function accessTokenAuthenticator(token: string): Authenticator {
  const principal: Principal = { kind: 'access-token', id: 'access-token', scopes: [ADMIN_SCOPE], tenantId: undefined };
  return async (credentials) => (tokenMatches(token, credentials.bearer) ? principal : undefined);
}

/** The first authenticator that recognises the credentials decides; undefined when none does. */
export async function authenticate(authenticators: readonly Authenticator[], credentials: Credentials): Promise<Principal | Refusal | undefined> {
  for (const authenticator of authenticators) {
    const outcome = await authenticator(credentials);
    if (outcome !== undefined) return outcome;
  }
  return undefined;
}

/** A caller with no credentials where none are required: a loopback caller with no access token configured. */
export const localPrincipal = (remoteAddress: string): Principal => ({ kind: 'local', id: `local:${remoteAddress}`, scopes: [ADMIN_SCOPE], tenantId: undefined });

export const isRefusal = (outcome: Principal | Refusal | undefined): outcome is Refusal => outcome !== undefined && 'status' in outcome;
