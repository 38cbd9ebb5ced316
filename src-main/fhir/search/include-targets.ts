import type { IncludeTarget, SearchRequest } from './search-request';

/**
 * What to load after the page query: for `include`, the resources the page's reference rows (of
 * `params`) point at; for `revinclude`, resources of `sourceType` whose reference rows of `params`
 * point at the page. `iterate` ones repeat over what was added until nothing new appears.
 */
export function includeTargets(request: SearchRequest): IncludeTarget[] {
  return [...request.include, ...request.revinclude];
}
