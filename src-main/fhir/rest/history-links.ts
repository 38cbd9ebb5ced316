import type { Bundle, BundleLink } from '@medplum/fhirtypes';

/**
 * A history page's self, next and previous links (FHIR R4 http.html#history: the history Bundle is
 * paged like a search, so a client follows `next` to the older versions). `path` is the history URL
 * without its query; the query keeps what was asked, with the page's `_offset`.
 */
export function withHistoryLinks(page: Bundle, path: string, params: readonly [string, string][], offset: number, count: number): Bundle {
  const url = (at: number): string => {
    const query = new URLSearchParams(params.filter(([name]) => name !== '_offset'));
    if (query.has('_count')) query.set('_count', String(count));
    query.set('_offset', String(at));
    return `${path}?${query.toString()}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: url(offset) }];
  if (count > 0 && offset + count < (page.total ?? 0)) link.push({ relation: 'next', url: url(offset + count) });
  // `_count=0` has no previous page: stepping back by 0 would link to this page again.
  if (count > 0 && offset > 0) link.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
  return { ...page, link };
}
