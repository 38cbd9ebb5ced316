import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { FhirRepo } from '../store/fhir-repo';
import { AppError } from '../core/errors';
import { fhirFailure, outcome } from './outcome';
import { compartmentFilter, MAX_OFFSET, parseSearch, type SearchHandling, type SearchRequest } from './search';
import { applyElements, applySummary } from './search/summary';
import { parseFhirJson } from './fhir-json-text';
import { includedResources, MAX_INCLUDED, MAX_ITERATE_ROUNDS } from './included-resources';

/** A page's link: the query as asked, with the offset of the page and, where `_count` was given, the count used (a larger one is clamped). */
function pageUrl(baseUrl: string, path: string, params: readonly [string, string][], offset: number, count: number): string {
  const query = new URLSearchParams(params.filter(([k]) => k !== '_offset'));
  if (query.has('_count')) query.set('_count', String(count));
  query.set('_offset', String(offset));
  return `${baseUrl}/${path}?${query.toString()}`;
}

const leftOutEntry = (leftOut: number, max: number): BundleEntry => ({
  resource: outcome('warning', 'too-costly', `${leftOut} included resources were left out: a page holds at most ${max} (_include and _revinclude together); ask for fewer matches per page (_count) to get them all`),
  search: { mode: 'outcome' },
});

const iterationCutEntry = (rounds: number): BundleEntry => ({
  resource: outcome('warning', 'too-costly', `_include:iterate and _revinclude:iterate stopped after ${rounds} rounds; the resources the last round added were not followed further`),
  search: { mode: 'outcome' },
});

/** What a lenient search says about the parameters it skipped (search.html#errors); they are left out of its links too. */
const ignoredEntry = (ignored: readonly string[]): BundleEntry => ({
  resource: outcome('warning', 'not-supported', `These search parameters are unknown or not supported here and were ignored: ${ignored.join(', ')}`, [...ignored]),
  search: { mode: 'outcome' },
});

/** The compartment a search is narrowed to: its owner's type and id. */
export interface Compartment {
  type: string;
  id: string;
}

/** FHIR search over the local store: parse (fhir/search) → the repository's search over the index tables → searchset Bundle. */
export function createSearchService(repo: FhirRepo, options: { maxIncluded?: number; maxIterateRounds?: number } = {}) {
  const limits = { maxIncluded: options.maxIncluded ?? MAX_INCLUDED, maxRounds: options.maxIterateRounds ?? MAX_ITERATE_ROUNDS };
  function request(type: string, params: readonly [string, string][], handling?: SearchHandling, baseUrl?: string): SearchRequest {
    const parsed = parseSearch(type, [...params], handling, baseUrl);
    if (parsed instanceof AppError) throw parsed;
    return parsed;
  }

  return {
    /**
     * A searchset Bundle; `handling` is the client's `Prefer: handling=` (strict unless lenient is asked);
     * `compartment` narrows it to a Patient's compartment (`Patient/123/Observation?…`).
     */
    search(tenantId: string, type: string, params: readonly [string, string][], baseUrl: string, handling?: SearchHandling, compartment?: Compartment): Bundle {
      const search = request(type, params, handling, baseUrl);
      if (compartment) search.filters.unshift(compartmentFilter(compartment.type, compartment.id, type));
      const notes = search.ignored.length > 0 ? [ignoredEntry(search.ignored)] : [];
      const { rows: matches, total } = repo.search(tenantId, search);
      if (search.summary === 'count') return { resourceType: 'Bundle', type: 'searchset', total, ...(notes.length > 0 ? { entry: notes } : {}) };
      const toEntry = (row: { content: string }, mode: 'match' | 'include'): BundleEntry => {
        const resource = applySummary(applyElements(parseFhirJson(row.content) as Resource, mode === 'match' ? search.elements : undefined), search.summary);
        return { fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode } };
      };
      const used = params.filter(([name]) => !search.ignored.includes(name));
      const path = compartment ? `${compartment.type}/${compartment.id}/${type}` : type;
      const page = (offset: number): string => pageUrl(baseUrl, path, used, offset, search.count);
      const link: BundleLink[] = [{ relation: 'self', url: page(search.offset) }];
      // _count=0 asks for the total only: there is no next page to point at; nor past the deepest page served.
      const next = search.offset + search.count;
      if (search.count > 0 && next < total && next <= MAX_OFFSET) link.push({ relation: 'next', url: page(next) });
      // Nor a previous page to _count=0: stepping back by 0 would point at this page again, and a client following it would never stop.
      if (search.count > 0 && search.offset > 0) link.push({ relation: 'previous', url: page(Math.max(0, search.offset - search.count)) });
      const extra = includedResources(repo, tenantId, search, matches.map((m) => m.id), limits);
      const entry = [...matches.map((m) => toEntry(m, 'match')), ...extra.rows.map((r) => toEntry(r, 'include')), ...notes];
      if (extra.leftOut > 0) entry.push(leftOutEntry(extra.leftOut, limits.maxIncluded));
      if (extra.iterationCut) entry.push(iterationCutEntry(limits.maxRounds));
      return { resourceType: 'Bundle', type: 'searchset', total, link, entry };
    },

    /** For conditional create (If-None-Exist): the matches of a query string, at most two. */
    matches(tenantId: string, type: string, query: string): Resource[] {
      const params = [...new URLSearchParams(query).entries()];
      if (params.length === 0) throw fhirFailure('validation', 'invalid', 'If-None-Exist needs search parameters');
      const search = { ...request(type, params), count: 2, offset: 0 };
      return repo.searchPage(tenantId, search).map((m) => parseFhirJson(m.content) as Resource);
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
