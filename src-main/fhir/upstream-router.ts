import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import type { RoutingRuleRow, RoutingRulesRepo } from '../store/routing-rules-repo';

/** What an upstream answered: the resource, its own refusal (passed through), or nothing (it is unreachable). */
export type UpstreamAnswer<T> = { kind: 'ok'; value: T } | { kind: 'refused'; status: number; outcome: OperationOutcome } | { kind: 'unavailable'; reason: string };

export interface UpstreamRouterDeps {
  rules: RoutingRulesRepo;
  timeoutMs?: number;
}

/**
 * Forwards FHIR interactions to the upstream server a routing rule names (fhir-kit-client). 4xx
 * answers are the upstream's verdict and pass through; network errors, timeouts and 5xx mean
 * "unavailable", and the caller falls back to the local store.
 */
export function createUpstreamRouter(deps: UpstreamRouterDeps) {
  const timeoutMs = deps.timeoutMs ?? 5000;
  const clients = new Map<string, Client>();
  const clientFor = (url: string): Client => {
    let client = clients.get(url);
    if (!client) clients.set(url, (client = new Client({ baseUrl: url.replace(/\/$/, '') })));
    return client;
  };

  async function call<T>(rule: RoutingRuleRow, work: (client: Client, options: { signal: AbortSignal; headers: Record<string, string> }) => Promise<unknown>): Promise<UpstreamAnswer<T>> {
    try {
      const value = (await work(clientFor(rule.serviceUrl as string), { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'application/fhir+json' } })) as T;
      return { kind: 'ok', value };
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

  const query = (params: readonly [string, string][]): string => (params.length > 0 ? `?${new URLSearchParams([...params]).toString()}` : '');

  return {
    /** The active routing rules of a type, best first (routing-selection decides which applies). */
    rulesFor: (tenantId: string, resourceType: string): RoutingRuleRow[] => deps.rules.activeFor(tenantId, resourceType),
    read: (rule: RoutingRuleRow, type: string, id: string) => call<Resource>(rule, (c, options) => c.read({ resourceType: type, id, options })),
    vread: (rule: RoutingRuleRow, type: string, id: string, version: string) => call<Resource>(rule, (c, options) => c.vread({ resourceType: type, id, version, options })),
    history: (rule: RoutingRuleRow, path: string, params: readonly [string, string][]) => call<Bundle>(rule, (c, options) => c.request(`${path}/_history${query(params)}`, { options })),
    search: (rule: RoutingRuleRow, type: string, params: readonly [string, string][]) => call<Bundle>(rule, (c, options) => c.request(`${type}${query(params)}`, { options })),
    create: (rule: RoutingRuleRow, type: string, body: Resource) => call<Resource>(rule, (c, options) => c.create({ resourceType: type, body: body as never, options })),
    update: (rule: RoutingRuleRow, type: string, id: string, body: Resource) => call<Resource>(rule, (c, options) => c.update({ resourceType: type, id, body: body as never, options })),
    remove: (rule: RoutingRuleRow, type: string, id: string) => call<unknown>(rule, (c, options) => c.delete({ resourceType: type, id, options })),
    transaction: (rule: RoutingRuleRow, body: Bundle) => call<Bundle>(rule, (c, options) => c.transaction({ body: body as never, options })),
    /** Whether the server answers at all (its CapabilityStatement), for decisions made before any write. */
    reachable: async (rule: RoutingRuleRow): Promise<boolean> => (await call<unknown>(rule, (c, options) => c.capabilityStatement(options))).kind !== 'unavailable',
  };
}
export type UpstreamRouter = ReturnType<typeof createUpstreamRouter>;
