import { isDeepStrictEqual } from 'node:util';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Clock } from '../../core/clock';
import type { RoutingRuleRow } from '../../store/routing-rules-repo';
import type { Transact } from '../../store/transact';
import type { FhirService, Written } from '../store-service';
import { AppError } from '../../core/errors';
import { relayedFailure } from '../outcome';
import { createRoutedSearch } from './routed-search';
import { fallbackWarning, firstAnswer, settle, unavailable, type Routed } from './routing-answers';
import { idCandidates, isRouted, typeOwner, writeDestination } from './routing-selection';
import type { SearchService } from '../search-service';
import type { UpstreamQueue } from './upstream-queue';
import type { UpstreamRouter } from './upstream-router';

export type { Routed } from './routing-answers';

export interface RoutedDeps {
  service: FhirService;
  search: SearchService;
  upstream: UpstreamRouter;
  transact: Transact;
  /** Writes FhirWriteQueued and the outbound item for the owner, in the local write's transaction. */
  upstreamQueue: UpstreamQueue;
  clock: Clock;
  tenantId: string;
}

const withoutMeta = (resource: Resource): unknown => ({ ...resource, meta: undefined });

/**
 * The gateway's interactions with routing applied (routing-selection picks the server by type and
 * category): owned resources are forwarded; while the owner is down, reads come from the local store
 * with a warning and writes are stored locally and queued for the owner (upstream-queue.ts: FhirWriteQueued
 * and an outbound item on the rule's lane, which outbound delivery replays once it is back).
 */
export function createRoutedInteractions(deps: RoutedDeps) {
  const { service, upstream, tenantId } = deps;
  const rulesFor = (type: string): RoutingRuleRow[] => upstream.rulesFor(tenantId, type);

  const localCopy = (type: string, id: string): Resource | undefined => {
    try {
      return service.read(tenantId, type, id);
    } catch (error) {
      if (error instanceof AppError && (error.kind === 'not_found' || error.kind === 'gone')) return undefined;
      throw error;
    }
  };

  /** Keeps a local copy of what the owner answered, so the store can answer while the owner is down. */
  const mirror = (resource: Resource): void => {
    if (!resource.id) return;
    const current = localCopy(resource.resourceType, resource.id);
    // An unchanged answer is not written again, so reads do not grow the local history.
    if (current && isDeepStrictEqual(withoutMeta(current), withoutMeta(resource))) return;
    try {
      service.update(tenantId, resource.resourceType, resource.id, resource);
    } catch {
      // A copy the local validator refuses is not kept; the upstream answer still stands.
    }
  };

  const queued = <T>(rule: RoutingRuleRow, method: string, aggregateId: (value: T) => string, write: () => T): T =>
    deps.transact(() => {
      const value = write();
      deps.upstreamQueue.queue(tenantId, rule, method, aggregateId(value), deps.clock.now());
      return value;
    });
  const writtenId = (w: Written): string => `${w.resource.resourceType}/${w.resource.id}`;

  /**
   * The upstream servers to ask about a resource known by id: the owner of its category when the local
   * mirror knows it (none when that is the local store), else every owner of the type in turn.
   */
  const ownersById = (rules: RoutingRuleRow[], type: string, id: string): RoutingRuleRow[] => {
    const copy = localCopy(type, id);
    if (!copy) return idCandidates(rules);
    const destination = writeDestination(rules, copy);
    return destination.kind === 'upstream' ? [destination.rule] : [];
  };

  async function write(rule: RoutingRuleRow, method: string, forward: () => ReturnType<UpstreamRouter['create']>, local: () => Written): Promise<Routed<Written>> {
    const answer = await forward();
    if (answer.kind === 'refused') throw relayedFailure(answer.status, answer.outcome);
    if (answer.kind === 'ok') {
      mirror(answer.value);
      return { value: { resource: answer.value, created: method === 'POST', changed: true, warnings: [] } };
    }
    return { value: queued(rule, method, writtenId, local), warning: `${fallbackWarning(rule, answer.reason)}; the write is queued for it` };
  }

  return {
    keepCopy: mirror,
    search: createRoutedSearch({ search: deps.search, upstream, tenantId }),

    async read(type: string, id: string): Promise<Routed<Resource>> {
      const rules = rulesFor(type);
      const local = () => service.read(tenantId, type, id);
      if (!isRouted(rules)) return { value: local() };
      const attempt = await firstAnswer(ownersById(rules, type, id), (rule) => upstream.read(rule, type, id));
      if (attempt.found) mirror(attempt.found.value);
      return settle(attempt, local);
    },

    async vread(type: string, id: string, version: number): Promise<Routed<Resource>> {
      const rules = rulesFor(type);
      const local = () => service.vread(tenantId, type, id, version);
      if (!isRouted(rules)) return { value: local() };
      return settle(await firstAnswer(ownersById(rules, type, id), (rule) => upstream.vread(rule, type, id, String(version))), local);
    },

    /** Instance history (with id) or type history; `local` is the local store's answer to the same request. */
    async history(type: string, id: string | undefined, params: readonly [string, string][], local: () => Bundle): Promise<Routed<Bundle>> {
      const rules = rulesFor(type);
      if (!isRouted(rules)) return { value: local() };
      const owners = id === undefined ? [typeOwner(rules)].filter((r) => r !== undefined) : ownersById(rules, type, id);
      return settle(await firstAnswer(owners, (rule) => upstream.history(rule, id === undefined ? type : `${type}/${id}`, params)), local);
    },

    async create(type: string, body: Resource, findExisting?: () => Resource | undefined): Promise<Routed<Written>> {
      const destination = writeDestination(rulesFor(type), body);
      const local = () => service.create(tenantId, type, body, findExisting);
      if (destination.kind === 'local') return { value: local() };
      return write(destination.rule, 'POST', () => upstream.create(destination.rule, type, body), local);
    },

    async update(type: string, id: string, body: Resource, ifMatch?: number): Promise<Routed<Written>> {
      const destination = writeDestination(rulesFor(type), body);
      const local = () => service.update(tenantId, type, id, body, ifMatch);
      if (destination.kind === 'local') return { value: local() };
      return write(destination.rule, 'PUT', () => upstream.update(destination.rule, type, id, body), local);
    },

    /** `ifMatch` (If-Match) is checked where the local store owns the resource. */
    async remove(type: string, id: string, ifMatch?: number): Promise<Routed<null>> {
      const rules = rulesFor(type);
      const local = (versionAsked?: number): null => {
        service.remove(tenantId, type, id, versionAsked);
        return null;
      };
      if (!isRouted(rules)) return { value: local(ifMatch) };
      const known = localCopy(type, id) !== undefined;
      let owners = ownersById(rules, type, id);
      if (owners.length === 0) return { value: local(ifMatch) };
      if (!known) {
        // Known only by id: find which owner holds it, and delete it there.
        const attempt = await firstAnswer(owners, (rule) => upstream.read(rule, type, id));
        if (!attempt.found) {
          if (attempt.down.length > 0) throw unavailable(attempt.down);
          return { value: null };
        }
        owners = [attempt.found.rule];
      }
      const rule = owners[0] as RoutingRuleRow;
      const answer = await upstream.remove(rule, type, id);
      if (answer.kind === 'refused') throw relayedFailure(answer.status, answer.outcome);
      if (answer.kind === 'ok') return { value: local() };
      if (!known) throw unavailable([{ rule, reason: answer.reason }]);
      return { value: queued(rule, 'DELETE', () => `${type}/${id}`, () => local()), warning: `${fallbackWarning(rule, answer.reason)}; the delete is queued for it` };
    },
  };
}
export type RoutedInteractions = ReturnType<typeof createRoutedInteractions>;
