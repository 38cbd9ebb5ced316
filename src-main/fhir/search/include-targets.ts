import type { IncludeTarget, SearchRequest } from './search-request';

/**
 * What to load after the page query: for `include`, the resources the page's reference rows (of
 * `params`) point at; for `revinclude`, resources of `sourceType` whose reference rows of `params`
 * point at the page. Each applies to the page's matches; `iterate` ones then repeat over what each round
 * added until nothing new appears, within the bounds of fhir/included-resources.ts.
 */
export function includeTargets(request: SearchRequest): IncludeTarget[] {
  return [...request.include, ...request.revinclude];
}
