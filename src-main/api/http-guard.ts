import { isLoopbackHost } from '../core/loopback';

/**
 * Who may call a route, declared on the route itself: the console files and health are public, the
 * event stream also takes the token as `access_token` (EventSource cannot send headers), everything
 * else needs the token when one is set.
 */
export type RouteAccess = 'public' | 'token' | 'token-or-query';

export interface GuardSettings {
  /** Names this server answers for besides loopback ones (normalised by `hostNames`). */
  hostNames: ReadonlySet<string>;
}

export interface GuardRequest {
  method: string;
  /** The request target as received (percent-encoding and all). */
  url: string;
  /** From the matched route; undefined when no route matched. */
  access: RouteAccess | undefined;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

export interface Refusal {
  status: 400 | 401 | 403 | 404 | 421;
  code: 'INTEROP_UNAUTHORIZED' | 'INTEROP_CROSS_ORIGIN_REFUSED' | 'INTEROP_HOST_NOT_ALLOWED' | 'INTEROP_TENANT_MISMATCH' | 'INTEROP_TENANT_NOT_FOUND' | 'INTEROP_BAD_REQUEST';
  message: string;
  /** Headers the answer carries, e.g. a Set-Cookie that removes an ended session's cookie. */
  headers?: Readonly<Record<string, string>>;
}

const HOST_NOT_ALLOWED: Refusal = { status: 421, code: 'INTEROP_HOST_NOT_ALLOWED', message: 'This server does not answer for that host name (an operator can add it with --server-name)' };
const CROSS_ORIGIN: Refusal = { status: 403, code: 'INTEROP_CROSS_ORIGIN_REFUSED', message: 'Requests that change data must come from the console of this server, not from another site' };
export const UNAUTHORIZED: Refusal = { status: 401, code: 'INTEROP_UNAUTHORIZED', message: 'A valid access token is required (Authorization: Bearer <token>)' };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/i;

/** Pure: whether a request may go on before anyone asks who sent it: host first (DNS rebinding), then origin (cross-site writes). */
export function checkRequest(request: GuardRequest, settings: GuardSettings): Refusal | undefined {
  const hostname = hostnameOf(request.host);
  if (hostname === undefined || !isAllowedHostname(hostname, settings.hostNames)) return HOST_NOT_ALLOWED;
  if (!SAFE_METHODS.has(request.method) && isCrossOrigin(request.host as string, request.origin, request.secFetchSite)) return CROSS_ORIGIN;
  return undefined;
}

/** The lower-cased host name of a Host header value (IPv6 in brackets, IPv4 in dotted form), or undefined when it is not one. */
export function hostnameOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : HOST_HEADER.exec(header.trim());
  if (!match) return undefined;
  try {
    return new URL(`http://${match[1]}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The names a server answers for besides loopback names: the address it is bound to (for a wildcard
 * bind, 0.0.0.0 or ::, also the machine's interface addresses) and the configured server names.
 */
export function hostNames(bindHost: string, interfaceAddresses: readonly string[], serverNames: readonly string[]): Set<string> {
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]';
  const names = new Set<string>();
  for (const address of [bindHost, ...(wildcard ? interfaceAddresses : []), ...serverNames]) {
    const name = hostnameOfAddress(address);
    if (name !== undefined) names.add(name);
  }
  return names;
}

/** A host name or IP address (IPv6 with or without brackets, no port) as it appears in Host, or undefined when it is not one. */
export function hostnameOfAddress(address: string): string | undefined {
  const bracketed = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return bracketed.includes(']:') ? undefined : hostnameOf(bracketed);
}

/** Loopback names (localhost, *.localhost, 127.0.0.0/8, ::1) with any port, and the names this server was told it has. */
export function isAllowedHostname(hostname: string, names: ReadonlySet<string>): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || isLoopbackHost(hostname) || names.has(hostname);
}

/** A browser names the page that sent a request in Origin; a page of another origin may not change anything here. */
function isCrossOrigin(host: string, origin: string | undefined, secFetchSite: string | undefined): boolean {
  if (origin === undefined) return secFetchSite === 'cross-site' || secFetchSite === 'same-site';
  try {
    const from = new URL(origin);
    return from.host !== new URL(`${from.protocol}//${host.trim()}`).host;
  } catch {
    return true;
  }
}

/** Whether a request needs credentials where credentials are required: all but public routes and the console's fallback page. */
export function needsCredentials(request: Pick<GuardRequest, 'method' | 'url' | 'access'>): boolean {
  if (request.access === 'public') return false;
  if (request.access !== undefined) return true;
  // No route matched: the console's fallback page is public, but nothing that could be an API path.
  return !((request.method === 'GET' || request.method === 'HEAD') && surfaceOf(request.url) === 'console');
}

/**
 * Which surface a request target belongs to, read the way a lenient router might: percent-decoded
 * (repeatedly), dot segments resolved, slashes collapsed, case folded. A target that does not settle
 * counts as API.
 */
export function surfaceOf(url: string): 'api' | 'fhir' | 'console' {
  const path = canonicalPath(url.split('?')[0] ?? '');
  if (path === undefined || /^\/api(?![a-z0-9_-])/.test(path)) return 'api';
  return /^\/fhir(?![a-z0-9_-])/.test(path) ? 'fhir' : 'console';
}

function canonicalPath(rawPath: string): string | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  let path = rawPath;
  for (let round = 0; round < 5; round++) {
    let next: string;
    try {
      next = decodeURIComponent(new URL(path.replace(/[/\\]+/g, '/'), 'http://h').pathname).replace(/[/\\]+/g, '/').toLowerCase();
    } catch {
      return undefined;
    }
    if (next === path) return path;
    path = next;
  }
  return undefined;
}
