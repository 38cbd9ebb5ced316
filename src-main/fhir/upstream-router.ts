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
 * Forwards FHIR interactions for resource types whose active primary routing rule names an upstream
 * server (fhir-kit-client). 4xx answers are the upstream's verdict and pass through; network errors,
 * timeouts and 5xx mean "unavailable", and the caller falls back to the local store.
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

  return {
    /** The active primary rule that sends this type upstream, if any (category-specific rules need the resource and are not used for reads). */
    ownerOf(tenantId: string, resourceType: string): RoutingRuleRow | undefined {
      return deps.rules.activeFor(tenantId, resourceType).find((r) => r.isPrimary && r.target === 'upstream' && r.serviceUrl && !r.category);
    },
    read: (rule: RoutingRuleRow, type: string, id: string) => call<Resource>(rule, (c, options) => c.read({ resourceType: type, id, options })),
    search: (rule: RoutingRuleRow, type: string, params: readonly [string, string][]) =>
      call<Bundle>(rule, (c, options) => c.request(`${type}?${new URLSearchParams([...params]).toString()}`, { options })),
    create: (rule: RoutingRuleRow, type: string, body: Resource) => call<Resource>(rule, (c, options) => c.create({ resourceType: type, body: body as never, options })),
    update: (rule: RoutingRuleRow, type: string, id: string, body: Resource) => call<Resource>(rule, (c, options) => c.update({ resourceType: type, id, body: body as never, options })),
  };
}
export type UpstreamRouter = ReturnType<typeof createUpstreamRouter>;
