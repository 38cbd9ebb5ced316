import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { Capped, FhirRepo, ResourceContent } from '../store/fhir-repo';
import { AppError } from '../core/errors';
import { fhirFailure, outcome } from './outcome';
import { MAX_OFFSET, parseSearch, type SearchHandling, type SearchRequest } from './search';
import { applyElements, applySummary } from './search/summary';
import { parseFhirJson } from './fhir-json-text';

/** A page's link: the query as asked, with the offset of the page and, where `_count` was given, the count used (a larger one is clamped). */
function pageUrl(baseUrl: string, type: string, params: readonly [string, string][], offset: number, count: number): string {
  const query = new URLSearchParams(params.filter(([k]) => k !== '_offset'));
  if (query.has('_count')) query.set('_count', String(count));
  query.set('_offset', String(offset));
  return `${baseUrl}/${type}?${query.toString()}`;
}

/** Included resources (_include and _revinclude together) in one page at most, unless told otherwise. */
export const MAX_INCLUDED = 1000;

const leftOutEntry = (leftOut: number, max: number): BundleEntry => ({
  resource: outcome('warning', 'too-costly', `${leftOut} included resources were left out: a page holds at most ${max} (_include and _revinclude together); ask for fewer matches per page (_count) to get them all`),
  search: { mode: 'outcome' },
});

/** What a lenient search says about the parameters it skipped (search.html#errors); they are left out of its links too. */
const ignoredEntry = (ignored: readonly string[]): BundleEntry => ({
  resource: outcome('warning', 'not-supported', `These search parameters are unknown or not supported here and were ignored: ${ignored.join(', ')}`, [...ignored]),
  search: { mode: 'outcome' },
});

/** FHIR search over the local store: parse (fhir/search) → the repository's search over the index tables → searchset Bundle. */
export function createSearchService(repo: FhirRepo, options: { maxIncluded?: number } = {}) {
  const maxIncluded = options.maxIncluded ?? MAX_INCLUDED;
  function request(type: string, params: readonly [string, string][], handling?: SearchHandling): SearchRequest {
    const parsed = parseSearch(type, [...params], handling);
    if (parsed instanceof AppError) throw parsed;
    return parsed;
  }

  /** The resources _include/_revinclude add to a page, at most `maxIncluded`; `leftOut` counts the rest (per parameter, so overlaps count twice). */
  function included(tenantId: string, search: SearchRequest, ids: string[]): { rows: ResourceContent[]; leftOut: number } {
    const found = new Map<string, ResourceContent>();
    let leftOut = 0;
    const take = ({ rows, total }: Capped): void => {
      for (const row of rows) found.set(row.content, row);
      leftOut += total - rows.length;
    };
    for (const target of search.include) take(repo.referencedBy(tenantId, target.sourceType, ids, target.params, target.targetType, maxIncluded - found.size));
    for (const target of search.revinclude) take(repo.referring(tenantId, target.sourceType, target.params, search.resourceType, ids, maxIncluded - found.size));
    return { rows: [...found.values()], leftOut };
  }

  return {
    /** A searchset Bundle; `handling` is the client's `Prefer: handling=` (strict unless lenient is asked). */
    search(tenantId: string, type: string, params: readonly [string, string][], baseUrl: string, handling?: SearchHandling): Bundle {
      const search = request(type, params, handling);
      const notes = search.ignored.length > 0 ? [ignoredEntry(search.ignored)] : [];
      const { rows: matches, total } = repo.search(tenantId, search);
      if (search.summary === 'count') return { resourceType: 'Bundle', type: 'searchset', total, ...(notes.length > 0 ? { entry: notes } : {}) };
      const toEntry = (row: { content: string }, mode: 'match' | 'include'): BundleEntry => {
        const resource = applySummary(applyElements(parseFhirJson(row.content) as Resource, mode === 'match' ? search.elements : undefined), search.summary);
        return { fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode } };
      };
      const used = params.filter(([name]) => !search.ignored.includes(name));
      const page = (offset: number): string => pageUrl(baseUrl, type, used, offset, search.count);
      const link: BundleLink[] = [{ relation: 'self', url: page(search.offset) }];
      // _count=0 asks for the total only: there is no next page to point at; nor past the deepest page served.
      const next = search.offset + search.count;
      if (search.count > 0 && next < total && next <= MAX_OFFSET) link.push({ relation: 'next', url: page(next) });
      if (search.offset > 0) link.push({ relation: 'previous', url: page(Math.max(0, search.offset - search.count)) });
      const extra = included(tenantId, search, matches.map((m) => m.id));
      const entry = [...matches.map((m) => toEntry(m, 'match')), ...extra.rows.map((r) => toEntry(r, 'include')), ...notes];
      return { resourceType: 'Bundle', type: 'searchset', total, link, entry: extra.leftOut > 0 ? [...entry, leftOutEntry(extra.leftOut, maxIncluded)] : entry };
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
