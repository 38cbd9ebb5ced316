import type { Resource } from '@medplum/fhirtypes';
import { fhirFailure } from '../outcome';
import { ELEMENT } from '../search/parse-result-params';
import { SummaryMode } from '../search/search-request';
import { applyElements, applySummary } from '../search/summary';
import type { FhirRequest } from './fhir-request';

/**
 * `_summary` and `_elements` on a read or vread: FHIR defines both for every interaction that returns a resource
 * (http.html, general parameters), so a read answers with the same subset, tagged SUBSETTED, that a search would.
 */
export function subsetOnRead(resource: Resource, query: FhirRequest['query']): Resource {
  const summary = query.find(([name]) => name === '_summary')?.[1];
  const elements = query.find(([name]) => name === '_elements')?.[1];
  if (summary !== undefined && !(SummaryMode as readonly string[]).includes(summary)) {
    throw fhirFailure('validation', 'invalid', `_summary: "${summary}" is not one of ${SummaryMode.join(', ')}`, ['_summary']);
  }
  const names = elements?.split(',').map((e) => e.trim());
  const bad = names?.find((e) => !ELEMENT.test(e));
  if (bad !== undefined) throw fhirFailure('validation', 'invalid', `_elements: "${bad}" is not an element name`, ['_elements']);
  return applySummary(applyElements(resource, names), summary);
}
