import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Agent } from 'undici';
import type { Clock } from '../core/clock';
import { refusedRule, type FetchPolicy } from '../fetch/fetch-policy';
import { createFhirRestAuth, type FhirRestAuth } from './fhir-rest-auth';
import { fhirRestOutcome, type SendResult } from './fhir-rest-outcome';
import { networkFailureName } from './network-failure';
import { parseFhirAnswer, stringifyFhirJson } from '../fhir/fhir-json-text';

/** An outbound FHIR server: the connector it is (token cache key), its base URL and how it authenticates. */
export interface FhirRestDestination {
  id: string;
  baseUrl: string;
  auth: FhirRestAuth;
  /** No answer within this long is a retry (default 30 s). */
  timeoutMs?: number;
  /** A private CA (PEM) the server's certificate must chain to, instead of the system's CAs. */
  caCertificate?: string | undefined;
}

/**
 * What goes to the server. A transaction Bundle (a route's mapped FHIR: its conditional entries make a
 * replay idempotent), or the replay of a write the gateway queued for an owning server while it was
 * down: the resource as the local store holds it now (a PUT with its id — sending it twice leaves one
 * version of the same content), or the delete of one.
 */
export type FhirRestWrite =
  | { kind: 'transaction'; bundle: Bundle }
  /** `ifMatch`: the ETag the server's current version must have (a sync's last synced version), so a concurrent change answers 412. */
  | { kind: 'put'; resource: Resource; ifMatch?: string }
  | { kind: 'delete'; resourceType: string; id: string };

/** A send's result with what the server answered: its body (a resource, a Bundle) and ETag, when it was delivered. */
export type FhirRestAnswer = SendResult & { body?: unknown; etag?: string };

/** One HTTP exchange: a path under the base URL (or a link the server gave), its body as text, extra headers. */
interface Exchange {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** The resource as an upstream should take it: without the local store's version and timestamp. */
function withoutLocalVersion(resource: Resource): Resource {
  if (!resource.meta) return resource;
  const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta;
  const { meta: _m, ...rest } = resource;
  return (Object.keys(meta).length > 0 ? { ...rest, meta } : rest) as Resource;
}

/** A send's exchange: the write's method and path, its body as text so decimals keep their written precision. */
function exchangeOf(write: FhirRestWrite): Exchange {
  switch (write.kind) {
    case 'transaction':
      return { method: 'POST', path: '', body: stringifyFhirJson(write.bundle) };
    case 'put':
      return { method: 'PUT', path: `${write.resource.resourceType}/${write.resource.id as string}`, body: stringifyFhirJson(withoutLocalVersion(write.resource)), ...(write.ifMatch ? { headers: { 'if-match': write.ifMatch } } : {}) };
    case 'delete':
      return { method: 'DELETE', path: `${write.resourceType}/${write.id}` };
  }
}

/**
 * Sends FHIR writes to outbound FHIR servers with fetch (Node's, as fhir-kit-client uses, but read as
 * text: fhir-kit-client parses every answer with JSON.parse, which turns a server's `1.30` into `1.3`
 * before a sync stores or compares it). The destination's URL is resolved and checked by the engine's
 * fetch policy before every send (never link-local or the engine's own ports); redirects are not
 * followed. Network errors and timeouts are retries; HTTP answers are settled by fhir-rest-outcome.ts;
 * a 401 with an OAuth2 or SMART token drops the token and tries once more with a new one.
 */
export function createFhirRestSender(deps: { fetchPolicy: Pick<FetchPolicy, 'checkConfigured' | 'configuredFetch'>; clock: Clock }) {
  const auth = createFhirRestAuth({ fetch: deps.fetchPolicy.configuredFetch, clock: deps.clock });
  /** A private CA goes in an undici Agent handed to fetch with each request (`dispatcher`), so only this destination trusts it. */
  const agents = new Map<string, Agent>();
  const dispatcherFor = (caCertificate: string | undefined): { dispatcher?: Agent } => {
    if (!caCertificate) return {};
    let agent = agents.get(caCertificate);
    if (!agent) agents.set(caCertificate, (agent = new Agent({ connect: { ca: caCertificate } })));
    return { dispatcher: agent };
  };

  async function attempt(destination: FhirRestDestination, exchange: Exchange, tokenRetried: boolean): Promise<FhirRestAnswer> {
    const authorized = await auth.headersFor(destination, destination.auth);
    if ('failed' in authorized) return authorized.failed;
    const base = destination.baseUrl.replace(/\/$/, '');
    // A transaction is POSTed to the base itself (`POST [base]`): some servers answer 404 to `[base]/`.
    const url = /^https?:/i.test(exchange.path) ? exchange.path : exchange.path === '' ? base : `${base}/${exchange.path}`;
    const headers = { accept: 'application/fhir+json', ...authorized.headers, ...(exchange.body === undefined ? {} : { 'content-type': 'application/fhir+json' }), ...exchange.headers };
    let response: Response;
    let text: string;
    try {
      const init = { method: exchange.method, headers, body: exchange.body, signal: AbortSignal.timeout(destination.timeoutMs ?? 30_000), redirect: 'manual', ...dispatcherFor(destination.caCertificate) };
      response = await fetch(url, init as RequestInit);
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { outcome: 'retry', error: timedOut ? { code: 'OUTBOUND_FHIR_TIMEOUT', message: 'The FHIR server did not answer in time' } : { code: 'OUTBOUND_FHIR_UNREACHABLE', message: `The FHIR server could not be reached (${networkFailureName(error)})` } };
    }
    const { status } = response;
    const body = response.ok ? parseFhirAnswer(text) : undefined;
    if (body === undefined) {
      if (status === 401 && (destination.auth.mode === 'oauth2' || destination.auth.mode === 'smart-backend') && !tokenRetried) {
        auth.invalidate(destination, destination.auth);
        return attempt(destination, exchange, true);
      }
      return fhirRestOutcome(status, exchange.method, response.headers.get('retry-after'), deps.clock.now());
    }
    const etag = response.headers.get('etag');
    return { outcome: 'delivered', status, body, ...(etag ? { etag } : {}) };
  }

  /** Checks the destination's URL with the fetch policy, then makes the call. */
  async function checked(destination: FhirRestDestination, exchange: Exchange): Promise<FhirRestAnswer> {
    try {
      await deps.fetchPolicy.checkConfigured(destination.baseUrl);
    } catch (error) {
      const rule = refusedRule(error);
      return rule !== undefined
        ? { outcome: 'dead', error: { code: 'OUTBOUND_URL_REFUSED', message: `The destination's URL was refused: ${rule}` } }
        : { outcome: 'retry', error: { code: 'OUTBOUND_FHIR_UNREACHABLE', message: "The destination's host name could not be resolved" } };
    }
    return attempt(destination, exchange, false);
  }

  return {
    send(write: FhirRestWrite, destination: FhirRestDestination): Promise<FhirRestAnswer> {
      return checked(destination, exchangeOf(write));
    },
    /**
     * A GET of a path under the destination's base URL (`Patient/1`, `Patient?_lastUpdated=gt…`) or of a
     * link the server answered (a Bundle's `next`), which must be under that base URL: a server cannot
     * point the engine's credentials elsewhere.
     */
    read(path: string, destination: FhirRestDestination): Promise<FhirRestAnswer> {
      const base = destination.baseUrl.replace(/\/$/, '');
      if (/^https?:/i.test(path) && !path.startsWith(`${base}/`) && !path.startsWith(`${base}?`)) {
        return Promise.resolve({ outcome: 'dead', error: { code: 'OUTBOUND_URL_REFUSED', message: "The server's link is not under the destination's base URL" } });
      }
      return checked(destination, { method: 'GET', path });
    },
  };
}
export type FhirRestSender = ReturnType<typeof createFhirRestSender>;
