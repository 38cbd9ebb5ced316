import type { Resource } from '@medplum/fhirtypes';
import { fhirFailure } from './outcome';
import type { SearchService } from './search-service';

/** The single match of a conditional URL's query (`Type?query`): undefined for none; several → 412. */
export function onlyMatch(search: SearchService, tenantId: string, type: string, query: string): Resource | undefined {
  if (query.trim() === '') throw fhirFailure('validation', 'invalid', `A conditional ${type} interaction needs search criteria`);
  const found = search.matches(tenantId, type, query);
  if (found.length > 1) throw fhirFailure('precondition_failed', 'multiple-matches', `${type}?${query} matches more than one resource`);
  return found[0];
}

/**
 * The search criteria of an If-None-Exist header or a Bundle entry's ifNoneExist. R4 says it holds only
 * the parameters (`identifier=…`); some clients send `Type?identifier=…` or `[base]/Type?identifier=…`
 * (HAPI reads those too), whose path is dropped when it names `type`. Anything else is left as sent.
 */
export function ifNoneExistCriteria(value: string, type: string): string {
  const mark = value.indexOf('?');
  const path = mark < 0 ? '' : value.slice(0, mark);
  if (path === '' || path.includes('=') || path.split('/').pop() !== type) return value;
  return value.slice(mark + 1);
}
