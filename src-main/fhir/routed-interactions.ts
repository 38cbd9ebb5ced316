import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Clock } from '../core/clock';
import type { JournalRepo } from '../store/journal-repo';
import type { RoutingRuleRow } from '../store/routing-rules-repo';
import type { Transact } from '../store/transact';
import type { FhirService, Written } from './fhir-service';
import { FhirError, outcome } from './outcome';
import type { SearchService } from './search-service';
import type { UpstreamAnswer, UpstreamRouter } from './upstream-router';

export interface RoutedDeps {
  service: FhirService;
  search: SearchService;
  upstream: UpstreamRouter;
  journal: JournalRepo;
  transact: Transact;
  clock: Clock;
  tenantId: string;
}

/** A result, and the warning to show when it came from the local store instead of the owning server. */
export interface Routed<T> {
  value: T;
  warning?: string;
}

const unavailable = (rule: RoutingRuleRow, reason: string): FhirError =>
  new FhirError(503, outcome('error', 'transient', `INTEROP_OWNING_SERVICE_UNAVAILABLE: ${rule.serviceUrl} is unavailable (${reason}) and no local copy can answer`));

const fallbackWarning = (rule: RoutingRuleRow, reason: string): string => `${rule.serviceUrl} is unavailable (${reason}); answered from the local store`;

function settled<T>(answer: UpstreamAnswer<T>): T | undefined {
  if (answer.kind === 'refused') throw new FhirError(answer.status, answer.outcome);
  return answer.kind === 'ok' ? answer.value : undefined;
}

/**
 * The gateway's interactions with routing applied: types owned by an upstream server are forwarded;
 * while it is down, reads come from the local store with a warning and writes are stored locally and
 * queued (FhirWriteQueued in the outbox) for outbound delivery to replay.
 */
export function createRoutedInteractions(deps: RoutedDeps) {
  const { service, search, upstream, tenantId } = deps;

  /** Keeps a local copy of what the owner answered, so the store can answer while the owner is down. */
  const mirror = (resource: Resource): void => {
    try {
      if (resource.id) service.update(tenantId, resource.resourceType, resource.id, resource);
    } catch {
      // A copy the local validator refuses is not kept; the upstream answer still stands.
    }
  };

  const queued = (rule: RoutingRuleRow, method: string, write: () => Written): Written =>
    deps.transact(() => {
      const written = write();
      deps.journal.appendEvent(
        { tenantId, type: 'FhirWriteQueued', aggregateType: 'fhir_resource', aggregateId: `${written.resource.resourceType}/${written.resource.id}`, payload: { method, serviceUrl: rule.serviceUrl, ruleId: rule.id } },
        deps.clock.now(),
      );
      return written;
    });

  return {
    async read(type: string, id: string): Promise<Routed<Resource>> {
      const rule = upstream.ownerOf(tenantId, type);
      if (!rule) return { value: service.read(tenantId, type, id) };
      const answer = await upstream.read(rule, type, id);
      const value = settled(answer);
      if (value) {
        mirror(value);
        return { value };
      }
      const reason = answer.kind === 'unavailable' ? answer.reason : '';
      try {
        return { value: service.read(tenantId, type, id), warning: fallbackWarning(rule, reason) };
      } catch (error) {
        if (error instanceof FhirError && error.status === 404) throw unavailable(rule, reason);
        throw error;
      }
    },

    async search(type: string, params: readonly [string, string][], baseUrl: string): Promise<Routed<Bundle>> {
      const rule = upstream.ownerOf(tenantId, type);
      const local = () => search.search(tenantId, type, params, baseUrl);
      if (!rule) return { value: local() };
      const answer = await upstream.search(rule, type, params);
      const value = settled(answer);
      if (value) return { value };
      const warning = fallbackWarning(rule, answer.kind === 'unavailable' ? answer.reason : '');
      const bundle = local();
      return { value: { ...bundle, entry: [...(bundle.entry ?? []), { resource: outcome('warning', 'transient', warning), search: { mode: 'outcome' } }] }, warning };
    },

    async create(type: string, body: Resource, findExisting?: () => Resource | undefined): Promise<Routed<Written>> {
      const rule = upstream.ownerOf(tenantId, type);
      if (!rule) return { value: service.create(tenantId, type, body, findExisting) };
      const answer = await upstream.create(rule, type, body);
      const value = settled(answer);
      if (value) {
        mirror(value);
        return { value: { resource: value, created: true, warnings: [] } };
      }
      const reason = answer.kind === 'unavailable' ? answer.reason : '';
      return { value: queued(rule, 'POST', () => service.create(tenantId, type, body, findExisting)), warning: `${fallbackWarning(rule, reason)}; the write is queued for it` };
    },

    async update(type: string, id: string, body: Resource, ifMatch?: number): Promise<Routed<Written>> {
      const rule = upstream.ownerOf(tenantId, type);
      if (!rule) return { value: service.update(tenantId, type, id, body, ifMatch) };
      const answer = await upstream.update(rule, type, id, body);
      const value = settled(answer);
      if (value) {
        mirror(value);
        return { value: { resource: value, created: false, warnings: [] } };
      }
      const reason = answer.kind === 'unavailable' ? answer.reason : '';
      return { value: queued(rule, 'PUT', () => service.update(tenantId, type, id, body, ifMatch)), warning: `${fallbackWarning(rule, reason)}; the write is queued for it` };
    },
  };
}
export type RoutedInteractions = ReturnType<typeof createRoutedInteractions>;
