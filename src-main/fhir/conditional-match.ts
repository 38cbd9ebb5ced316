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
