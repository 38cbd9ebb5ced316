import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { Clock } from '../../core/clock';
import type { RoutingRuleRow } from '../../store/routing-rules-repo';
import { bundleOf, failedEntry, responseEntry, withPlainRequests, type BundleService, type EntryAction } from '../bundle/bundle-service';
import { versionFromEtag } from '../store-service';
import { assertFhirId } from '../fhir-id';
import { fhirFailure, outcome, relayedFailure } from '../outcome';
import type { RoutedInteractions } from './routed-interactions';
import type { Routed } from './routing-answers';
import { entryDestinations, isRouted, transactionRoute, type Destination } from './routing-selection';
import type { SearchService } from '../search-service';
import type { UpstreamQueue } from './upstream-queue';
import type { UpstreamRouter } from './upstream-router';

export interface RoutedBundlesDeps {
  bundles: BundleService;
  routed: RoutedInteractions;
  upstream: UpstreamRouter;
  search: SearchService;
  upstreamQueue: UpstreamQueue;
  clock: Clock;
  tenantId: string;
  /** The most entries a posted batch or transaction may have (default DEFAULT_BUNDLE_MAX_ENTRIES). */
  maxEntries?: number | undefined;
}

interface EntryRequest {
  method: string;
  type: string;
  id: string | undefined;
  query: string | undefined;
}

/** A transaction committed locally: the response Bundle, what each entry did, and which entries were queued for which server. */
export interface LocalCommit {
  bundle: Bundle;
  actions: (EntryAction | undefined)[];
  queuedFor: Map<number, string>;
}

const requestOf = (entry: BundleEntry): EntryRequest => {
  const [path = '', query] = (entry.request?.url ?? '').split('?');
  const [type = '', id] = path.split('/');
  return { method: entry.request?.method ?? '', type, id, query };
};
const paramsOf = (query: string | undefined): [string, string][] => [...new URLSearchParams(query ?? '').entries()];

/** Gives a routed answer's warning to its entry (response.outcome), as the Warning header does for REST. */
const warned = (entry: BundleEntry, warning: string | undefined): BundleEntry =>
  warning && entry.response ? { ...entry, response: { ...entry.response, outcome: outcome('warning', 'transient', warning) } } : entry;

/**
 * batch and transaction Bundles with routing applied. A batch entry of an upstream-owned type is routed
 * like its REST interaction. A transaction goes whole to one server: the local store, or the single
 * upstream owning all its entries; mixed owners get 422, since atomicity across servers cannot be
 * promised — unless every owner involved is down, when it runs locally and each upstream write is queued.
 */
export function createRoutedBundles(deps: RoutedBundlesDeps) {
  const { bundles, routed, upstream, tenantId } = deps;
  const rulesFor = (type: string): RoutingRuleRow[] => upstream.rulesFor(tenantId, type);

  async function routedEntry(entry: BundleEntry, request: EntryRequest, baseUrl: string): Promise<BundleEntry> {
    const { method, type, id, query } = request;
    const resource = entry.resource as Resource;
    if (query !== undefined && method !== 'GET') throw fhirFailure('validation', 'not-supported', `Conditional ${method} of ${type}, a type owned by an upstream server, is not supported in a batch`);
    const needId = (): string => {
      if (!id) throw fhirFailure('validation', 'invalid', `${method} ${entry.request?.url} needs a Type/id url`);
      assertFhirId(id);
      return id;
    };
    const written = (r: Routed<{ resource: Resource; created: boolean }>) => warned(responseEntry(r.value.created ? '201 Created' : '200 OK', r.value.resource), r.warning);
    switch (method) {
      case 'POST': {
        const ifNoneExist = entry.request?.ifNoneExist;
        const findExisting = (query: string) => () => {
          const found = deps.search.matches(tenantId, type, query);
          if (found.length > 1) throw fhirFailure('precondition_failed', 'multiple-matches', `${type}?${query} matches more than one resource`);
          return found[0];
        };
        return written(await routed.create(type, resource, ifNoneExist ? findExisting(ifNoneExist) : undefined));
      }
      case 'PUT':
        return written(await routed.update(type, needId(), resource, versionFromEtag(entry.request?.ifMatch)));
      case 'DELETE': {
        const removed = await routed.remove(type, needId(), versionFromEtag(entry.request?.ifMatch));
        return warned({ response: { status: '204 No Content' } }, removed.warning);
      }
      case 'GET': {
        if (id === undefined) {
          const found = await routed.search(type, paramsOf(query), baseUrl);
          return warned({ resource: found.value, response: { status: '200 OK' } }, found.warning);
        }
        const read = await routed.read(type, id);
        return warned(responseEntry('200 OK', read.value), read.warning);
      }
      default:
        throw fhirFailure('validation', 'not-supported', `${method} is not supported in a Bundle entry`);
    }
  }

  async function batch(entries: BundleEntry[], baseUrl: string): Promise<Bundle> {
    const entry: BundleEntry[] = [];
    for (const e of entries) {
      const request = requestOf(e);
      if (!isRouted(rulesFor(request.type))) entry.push(bundles.batchEntry(tenantId, e, baseUrl));
      else entry.push(await routedEntry(e, request, baseUrl).catch(failedEntry));
    }
    return { resourceType: 'Bundle', type: 'batch-response', entry };
  }

  /**
   * The transaction on the local store, each write for an upstream owner queued (upstream-queue.ts:
   * FhirWriteQueued and an outbound item for delivery to replay) in the same commit. `actions` says what each write did.
   */
  function queuedLocally(entries: BundleEntry[], perEntry: Destination<RoutingRuleRow>[][]): LocalCommit {
    const queuedFor = new Map<number, string>();
    const actions: (EntryAction | undefined)[] = new Array(entries.length);
    const result = bundles.transaction(tenantId, entries, (i, response, action) => {
      actions[i] = action;
      const request = requestOf(entries[i] as BundleEntry);
      const owner = (perEntry[i] ?? []).find((d) => d.kind === 'upstream');
      if (owner?.kind !== 'upstream' || request.method === 'GET' || action === 'unchanged') return;
      const serviceUrl = owner.rule.serviceUrl as string;
      const aggregateId = response.response?.location?.split('/_history')[0] ?? entries[i]?.request?.url ?? request.type;
      deps.upstreamQueue.queue(tenantId, owner.rule, request.method, aggregateId, deps.clock.now());
      queuedFor.set(i, serviceUrl);
    });
    return { bundle: result, actions, queuedFor };
  }

  /** Each entry's servers, reading each type's rules once (a 20-OBX result has 20 Observation entries). */
  const destinationsOf = (entries: BundleEntry[]): Destination<RoutingRuleRow>[][] => {
    const rules = new Map<string, RoutingRuleRow[]>();
    return entries.map((e) => {
      const request = requestOf(e);
      const typeRules = rules.get(request.type) ?? rulesFor(request.type);
      rules.set(request.type, typeRules);
      return entryDestinations(typeRules, request.method, e.resource, paramsOf(request.query));
    });
  };

  /** A routed transaction that runs locally because every owner it touches is down: entries say which writes were queued. */
  function locallyQueued(entries: BundleEntry[], perEntry: Destination<RoutingRuleRow>[][]): Routed<Bundle> {
    const { bundle: result, queuedFor } = queuedLocally(entries, perEntry);
    if (queuedFor.size === 0) return { value: result };
    const entry = (result.entry ?? []).map((e, i) => {
      const serviceUrl = queuedFor.get(i);
      return serviceUrl ? warned(e, `${serviceUrl} is unavailable; written to the local store and queued for it`) : e;
    });
    return { value: { ...result, entry }, warning: `${[...new Set(queuedFor.values())].join(', ')} unavailable; the transaction ran on the local store and its writes are queued` };
  }

  async function transaction(bundle: Bundle, entries: BundleEntry[]): Promise<Routed<Bundle>> {
    const perEntry = destinationsOf(entries);
    const route = transactionRoute(perEntry);
    if (route.kind === 'local') return { value: bundles.transaction(tenantId, entries) };
    if (route.kind === 'upstream') {
      const answer = await upstream.transaction(route.rule, bundle);
      if (answer.kind === 'refused') throw relayedFailure(answer.status, answer.outcome);
      if (answer.kind === 'ok') {
        for (const e of answer.value.entry ?? []) if (e.resource) routed.keepCopy(e.resource);
        return { value: answer.value };
      }
      return locallyQueued(entries, perEntry);
    }
    const reachable = await Promise.all(route.owners.map((rule) => upstream.reachable(rule)));
    if (reachable.some(Boolean)) {
      const local = perEntry.flat().some((d) => d.kind === 'local') ? ['the local store'] : [];
      const servers = [...local, ...route.owners.map((r) => r.serviceUrl)];
      throw fhirFailure('unprocessable', 'not-supported', `This transaction touches resources owned by ${servers.join(' and ')}; a transaction cannot be kept atomic across servers, so send one per owner or use a batch`);
    }
    return locallyQueued(entries, perEntry);
  }

  return {
    /**
     * A transaction committed to the local store whoever owns its types, synchronously, inside the
     * caller's SQLite transaction when there is one (a savepoint): the processing pipeline's commit.
     * Each create or update of a type an active routing rule gives to an upstream server is queued for it
     * (FhirWriteQueued) in the same commit; an unchanged resource is not.
     */
    commitLocally(entries: BundleEntry[]): LocalCommit {
      return queuedLocally(entries, destinationsOf(entries));
    },

    async process(body: unknown, baseUrl: string): Promise<Routed<Bundle>> {
      const bundle = bundleOf(body, deps.maxEntries);
      const entries = withPlainRequests(bundle.entry ?? [], baseUrl);
      if (bundle.type === 'transaction') return transaction({ ...bundle, entry: entries }, entries);
      return { value: await batch(entries, baseUrl) };
    },
  };
}
export type RoutedBundles = ReturnType<typeof createRoutedBundles>;
