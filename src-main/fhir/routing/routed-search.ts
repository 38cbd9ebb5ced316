import type { Bundle, Resource } from '@medplum/fhirtypes';
import { fhirFailure, outcome, relayedFailure } from '../outcome';
import { fallbackWarning, type Routed } from './routing-answers';
import { destinationKey, isRouted, LOCAL_KEY, searchDestinations, writeDestination } from './routing-selection';
import { localShare, mergeSearchsets, type SourceAnswer } from './search-merge';
import type { Compartment, SearchService } from '../search-service';
import type { SearchHandling } from '../search';
import type { UpstreamRouter } from './upstream-router';

export interface RoutedSearchDeps {
  search: SearchService;
  upstream: UpstreamRouter;
  tenantId: string;
}

const withWarning = (bundle: Bundle, warning: string): Bundle => ({ ...bundle, entry: [...(bundle.entry ?? []), { resource: outcome('warning', 'transient', warning), search: { mode: 'outcome' } }] });

/**
 * Search with routing applied: one owner answers alone (the local store stands in with a warning while
 * it is down); several owners — category owners, or fan-out rules — are asked at once and their first
 * pages merged (search-merge), with the local copies of a down owner standing in for it.
 */
export function createRoutedSearch(deps: RoutedSearchDeps) {
  const { upstream, tenantId } = deps;
  const ownerOf = (resource: Resource): string => destinationKey(writeDestination(upstream.rulesFor(tenantId, resource.resourceType), resource));

  /**
   * `handling` (Prefer: handling=) applies to the local store's search; an upstream owner answers as it does by default.
   * A compartment search is answered by the local store, so only for types no upstream server owns.
   */
  return async function search(type: string, params: readonly [string, string][], baseUrl: string, handling?: SearchHandling, compartment?: Compartment): Promise<Routed<Bundle>> {
    const rules = upstream.rulesFor(tenantId, type);
    const local = () => deps.search.search(tenantId, type, params, baseUrl, handling, compartment);
    if (compartment && isRouted(rules)) {
      throw fhirFailure('validation', 'not-supported', `${type} is routed to an upstream server, where a compartment search is not relayed: search ${type} by its patient or subject parameter instead`);
    }
    const destinations = isRouted(rules) ? searchDestinations(rules, params) : [];
    const [only, ...others] = destinations;
    if (!only || (only.kind === 'local' && others.length === 0)) return { value: local() };
    if (only.kind === 'upstream' && others.length === 0) {
      const answer = await upstream.search(only.rule, type, params);
      if (answer.kind === 'refused') throw relayedFailure(answer.status, answer.outcome);
      if (answer.kind === 'ok') return { value: answer.value };
      const warning = fallbackWarning(only.rule, answer.reason);
      return { value: withWarning(local(), warning), warning };
    }

    const owners = destinations.flatMap((d) => (d.kind === 'upstream' ? [d.rule] : []));
    const answers = await Promise.all(owners.map((rule) => upstream.search(rule, type, params)));
    const down = new Set<string>();
    const sources: SourceAnswer[] = owners.map((rule, i) => {
      const server = rule.serviceUrl as string;
      const answer = answers[i] as (typeof answers)[number];
      if (answer.kind === 'ok') return { server, bundle: answer.value };
      if (answer.kind === 'refused') return { server, problem: { severity: 'error', text: answer.outcome.issue?.[0]?.diagnostics ?? `refused the search (${answer.status})` } };
      down.add(server);
      return { server, problem: { severity: 'warning', text: `unavailable (${answer.reason}); its results come from the local copies` } };
    });
    const localPlanned = destinations.some((d) => d.kind === 'local');
    if (!localPlanned && down.size === 0 && sources.every((s) => !s.bundle)) {
      const refused = answers.find((a) => a.kind === 'refused');
      if (refused?.kind === 'refused') throw relayedFailure(refused.status, refused.outcome);
    }
    if (localPlanned || down.size > 0) {
      sources.push({ server: LOCAL_KEY, bundle: localShare(local(), ownerOf, (owner) => (owner === LOCAL_KEY ? localPlanned : down.has(owner))) });
    }
    const countOnly = params.some(([name, value]) => name === '_summary' && value === 'count');
    const value = mergeSearchsets({ sources, selfUrl: `${baseUrl}/${type}?${new URLSearchParams([...params]).toString()}`, countOnly });
    const warning = [...down].map((server) => `${server} is unavailable; its results come from the local store`).join('; ');
    return warning ? { value, warning } : { value };
  };
}
