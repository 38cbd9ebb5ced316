import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { Agent } from 'undici';
import type { Clock } from '../core/clock';
import { refusedRule, type FetchPolicy } from '../fetch/fetch-policy';
import { createFhirRestAuth, type FhirRestAuth } from './fhir-rest-auth';
import { fhirRestOutcome, type SendResult } from './fhir-rest-outcome';
import { stringifyFhirJson } from '../fhir/fhir-json-text';

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

type CallOptions = { signal: AbortSignal; headers: Record<string, string>; redirect: 'manual' };
type Exchange = (client: Client, options: CallOptions) => Promise<unknown>;
type HttpError = { response?: { status?: number }; config?: { headers?: Headers } };

/** The resource as an upstream should take it: without the local store's version and timestamp. */
function withoutLocalVersion(resource: Resource): Resource {
  if (!resource.meta) return resource;
  const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta;
  const { meta: _m, ...rest } = resource;
  return (Object.keys(meta).length > 0 ? { ...rest, meta } : rest) as Resource;
}

const methodOf = (write: FhirRestWrite): string => (write.kind === 'transaction' ? 'POST' : write.kind === 'put' ? 'PUT' : 'DELETE');

/**
 * Sends FHIR writes to outbound FHIR servers with fhir-kit-client. The destination's URL is resolved
 * and checked by the engine's fetch policy before every send (never link-local or the engine's own
 * ports); redirects are not followed. Network errors and timeouts are retries; HTTP answers are settled
 * by fhir-rest-outcome.ts; a 401 with an OAuth2 or SMART token drops the token and tries once more with a new one.
 */
export function createFhirRestSender(deps: { fetchPolicy: Pick<FetchPolicy, 'checkConfigured' | 'configuredFetch'>; clock: Clock }) {
  const auth = createFhirRestAuth({ fetch: deps.fetchPolicy.configuredFetch, clock: deps.clock });
  const clients = new Map<string, Client>();
  /**
   * One client per base URL and CA. A private CA goes in an undici Agent that fhir-kit-client hands to
   * fetch with each request (`dispatcher`), so only this destination trusts it.
   */
  const clientFor = (baseUrl: string, caCertificate: string | undefined): Client => {
    const key = `${baseUrl}\n${caCertificate ?? ''}`;
    let client = clients.get(key);
    if (!client) {
      const requestOptions = caCertificate ? { dispatcher: new Agent({ connect: { ca: caCertificate } }) } : {};
      clients.set(key, (client = new Client({ baseUrl: baseUrl.replace(/\/$/, ''), requestOptions: requestOptions as never })));
    }
    return client;
  };

  function call(client: Client, write: FhirRestWrite, options: CallOptions): Promise<unknown> {
    switch (write.kind) {
      case 'transaction':
        // As text: fhir-kit-client sends a string body as it is, so decimals keep their written precision.
        return client.transaction({ body: stringifyFhirJson(write.bundle) as never, options });
      case 'put':
        return client.update({
          resourceType: write.resource.resourceType,
          id: write.resource.id as string,
          body: stringifyFhirJson(withoutLocalVersion(write.resource)) as never,
          options: write.ifMatch ? { ...options, headers: { ...options.headers, 'if-match': write.ifMatch } } : options,
        });
      case 'delete':
        return client.delete({ resourceType: write.resourceType, id: write.id, options });
    }
  }

  async function attempt(destination: FhirRestDestination, method: string, exchange: Exchange, tokenRetried: boolean): Promise<FhirRestAnswer> {
    const authorized = await auth.headersFor(destination, destination.auth);
    if ('failed' in authorized) return authorized.failed;
    const { headers } = authorized;
    const options: CallOptions = { signal: AbortSignal.timeout(destination.timeoutMs ?? 30_000), headers: { accept: 'application/fhir+json', ...headers }, redirect: 'manual' };
    try {
      const answer = await exchange(clientFor(destination.baseUrl, destination.caCertificate), options);
      const response = answer && typeof answer === 'object' ? Client.httpFor(answer as never).response : undefined;
      const etag = response?.headers.get('etag');
      return { outcome: 'delivered', status: response?.status ?? 200, body: answer, ...(etag ? { etag } : {}) };
    } catch (error) {
      const status = (error as HttpError).response?.status;
      if (status === undefined) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        return { outcome: 'retry', error: timedOut ? { code: 'OUTBOUND_FHIR_TIMEOUT', message: 'The FHIR server did not answer in time' } : { code: 'OUTBOUND_FHIR_UNREACHABLE', message: `The FHIR server could not be reached (${error instanceof Error ? error.name : 'error'})` } };
      }
      if (status === 401 && (destination.auth.mode === 'oauth2' || destination.auth.mode === 'smart-backend') && !tokenRetried) {
        auth.invalidate(destination, destination.auth);
        return attempt(destination, method, exchange, true);
      }
      return fhirRestOutcome(status, method, (error as HttpError).config?.headers?.get('retry-after'), deps.clock.now());
    }
  }

  /** Checks the destination's URL with the fetch policy, then makes the call. */
  async function checked(destination: FhirRestDestination, method: string, exchange: Exchange): Promise<FhirRestAnswer> {
    try {
      await deps.fetchPolicy.checkConfigured(destination.baseUrl);
    } catch (error) {
      const rule = refusedRule(error);
      return rule !== undefined
        ? { outcome: 'dead', error: { code: 'OUTBOUND_URL_REFUSED', message: `The destination's URL was refused: ${rule}` } }
        : { outcome: 'retry', error: { code: 'OUTBOUND_FHIR_UNREACHABLE', message: "The destination's host name could not be resolved" } };
    }
    return attempt(destination, method, exchange, false);
  }

  return {
    send(write: FhirRestWrite, destination: FhirRestDestination): Promise<FhirRestAnswer> {
      return checked(destination, methodOf(write), (client, options) => call(client, write, options));
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
      return checked(destination, 'GET', (client, options) => client.request(path, { options }));
    },
  };
}
export type FhirRestSender = ReturnType<typeof createFhirRestSender>;
