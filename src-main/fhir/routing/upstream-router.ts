import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { refusedRule } from '../../fetch/fetch-policy';
import type { RoutingRuleRow, RoutingRulesRepo } from '../../store/routing-rules-repo';
import { assertFhirId } from '../fhir-id';
import { stringifyFhirJson } from '../fhir-json-text';

/** What an upstream answered: the resource, its own refusal (passed through), or nothing (it is unreachable). */
export type UpstreamAnswer<T> = { kind: 'ok'; value: T } | { kind: 'refused'; status: number; outcome: OperationOutcome } | { kind: 'unavailable'; reason: string };

export interface UpstreamRouterDeps {
  rules: RoutingRulesRepo;
  /** Resolves a rule's service URL and throws a FETCH_URL_REFUSED AppError where it must not point (FetchPolicy.checkConfigured). */
  checkUrl: (url: string) => Promise<void>;
  timeoutMs?: number;
}

type Expect = (value: unknown) => boolean;
const resourceOf =
  (type: string): Expect =>
  (value) =>
    typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type;
const anyAnswer: Expect = () => true;

/**
 * Forwards FHIR interactions to the upstream server a routing rule names (fhir-kit-client). 4xx
 * answers are the upstream's verdict and pass through; network errors, timeouts, redirects and 5xx mean
 * "unavailable", and the caller falls back to the local store. The service URL is resolved and checked
 * before every call (never a link-local address, never the engine's own ports), and an answer that is
 * not the FHIR resource asked for is never relayed: it too means "unavailable".
 */
export function createUpstreamRouter(deps: UpstreamRouterDeps) {
  const timeoutMs = deps.timeoutMs ?? 5000;
  const clients = new Map<string, Client>();
  const clientFor = (url: string): Client => {
    let client = clients.get(url);
    if (!client) clients.set(url, (client = new Client({ baseUrl: url.replace(/\/$/, '') })));
    return client;
  };

  async function call<T>(rule: RoutingRuleRow, expect: Expect, work: (client: Client, options: { signal: AbortSignal; headers: Record<string, string> }) => Promise<unknown>): Promise<UpstreamAnswer<T>> {
    const url = rule.serviceUrl as string;
    try {
      await deps.checkUrl(url);
    } catch (error) {
      const refused = refusedRule(error);
      return { kind: 'unavailable', reason: refused !== undefined ? `its URL was refused: ${refused}` : 'its host name could not be resolved' };
    }
    try {
      // fhir-kit-client passes unknown options on to fetch: a redirect is answered as the 3xx it is, not followed.
      const options = { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'application/fhir+json' }, redirect: 'manual' };
      const value = await work(clientFor(url), options);
      if (!expect(value)) return { kind: 'unavailable', reason: 'it answered with something that is not the FHIR resource asked for' };
      return { kind: 'ok', value: value as T };
    } catch (error) {
      const response = (error as { response?: { status?: number; data?: unknown } }).response;
      const status = response?.status;
      if (status !== undefined && status >= 400 && status < 500) {
        const data = response?.data as OperationOutcome | undefined;
        const outcome: OperationOutcome = data?.resourceType === 'OperationOutcome' ? data : { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: `The owning server answered ${status}` }] };
        return { kind: 'refused', status, outcome };
      }
      return { kind: 'unavailable', reason: status !== undefined ? `the owning server answered ${status}` : error instanceof Error ? error.name : 'unreachable' };
    }
  }

  /** An id goes into the upstream URL's path only when it is a FHIR id (so never `..`). */
  const withId = <T>(id: string | undefined, work: () => Promise<T>): Promise<T> => {
    if (id !== undefined) assertFhirId(id);
    return work();
  };

  const query = (params: readonly [string, string][]): string => (params.length > 0 ? `?${new URLSearchParams([...params]).toString()}` : '');

  return {
    /** The active routing rules of a type, best first (routing-selection decides which applies). */
    rulesFor: (tenantId: string, resourceType: string): RoutingRuleRow[] => deps.rules.activeFor(tenantId, resourceType),
    read: (rule: RoutingRuleRow, type: string, id: string) => withId(id, () => call<Resource>(rule, resourceOf(type), (c, options) => c.read({ resourceType: type, id, options }))),
    vread: (rule: RoutingRuleRow, type: string, id: string, version: string) => withId(id, () => call<Resource>(rule, resourceOf(type), (c, options) => c.vread({ resourceType: type, id, version, options }))),
    /** `path` is `Type` or `Type/id`. */
    history: (rule: RoutingRuleRow, path: string, params: readonly [string, string][]) =>
      withId(path.split('/')[1], () => call<Bundle>(rule, resourceOf('Bundle'), (c, options) => c.request(`${path}/_history${query(params)}`, { options }))),
    search: (rule: RoutingRuleRow, type: string, params: readonly [string, string][]) => call<Bundle>(rule, resourceOf('Bundle'), (c, options) => c.request(`${type}${query(params)}`, { options })),
    create: (rule: RoutingRuleRow, type: string, body: Resource) => call<Resource>(rule, resourceOf(type), (c, options) => c.create({ resourceType: type, body: stringifyFhirJson(body) as never, options })),
    update: (rule: RoutingRuleRow, type: string, id: string, body: Resource) => withId(id, () => call<Resource>(rule, resourceOf(type), (c, options) => c.update({ resourceType: type, id, body: stringifyFhirJson(body) as never, options }))),
    remove: (rule: RoutingRuleRow, type: string, id: string) => withId(id, () => call<unknown>(rule, anyAnswer, (c, options) => c.delete({ resourceType: type, id, options }))),
    transaction: (rule: RoutingRuleRow, body: Bundle) => call<Bundle>(rule, resourceOf('Bundle'), (c, options) => c.transaction({ body: stringifyFhirJson(body) as never, options })),
    /** Whether the server answers at all (its CapabilityStatement), for decisions made before any write. */
    reachable: async (rule: RoutingRuleRow): Promise<boolean> => (await call<unknown>(rule, anyAnswer, (c, options) => c.capabilityStatement(options))).kind !== 'unavailable',
  };
}
export type UpstreamRouter = ReturnType<typeof createUpstreamRouter>;
