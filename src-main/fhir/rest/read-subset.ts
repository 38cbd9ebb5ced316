import type { Resource } from '@medplum/fhirtypes';
import { AppError } from '../../core/errors';
import { elementsParam, summaryParam } from '../search/parse-result-params';
import { applyElements, applySummary } from '../search/summary';
import type { FhirRequest } from './fhir-request';

/**
 * `_summary` and `_elements` on a read or vread: FHIR defines both for every interaction that returns a resource
 * (http.html, general parameters), so a read answers with the same subset, tagged SUBSETTED, that a search would,
 * read by the search's own parameter parsing.
 */
export function subsetOnRead(resource: Resource, query: FhirRequest['query']): Resource {
  const value = (name: string): string | undefined => query.find(([key]) => key === name)?.[1];
  const summaryText = value('_summary');
  const elementsText = value('_elements');
  const summary = summaryText === undefined ? undefined : summaryParam('_summary', summaryText);
  const elements = elementsText === undefined ? undefined : elementsParam('_elements', elementsText);
  if (summary instanceof AppError) throw summary;
  if (elements instanceof AppError) throw elements;
  return applySummary(applyElements(resource, elements), summary);
}
