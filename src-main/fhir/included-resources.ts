import type { Capped, FhirRepo, IncludedContent } from '../store/fhir-repo';
import { includeTargets, type IncludeTarget, type SearchRequest } from './search';

/** Included resources (_include and _revinclude together, every round) in one page at most, unless told otherwise. */
export const MAX_INCLUDED = 1000;
/**
 * Rounds of `:iterate` after the first pass over the page's matches. Each round follows the `:iterate` parameters
 * from the resources the previous round added; one that still adds resources at this bound ends the following,
 * and the page says so in an OperationOutcome warning rather than failing: what was found is still useful.
 */
export const MAX_ITERATE_ROUNDS = 10;

export interface Included {
  rows: IncludedContent[];
  /** Resources found but not added for the cap (per parameter, so overlaps count twice). */
  leftOut: number;
  /** `:iterate` stopped at MAX_ITERATE_ROUNDS with resources added in the last round not yet followed. */
  iterationCut: boolean;
}

/** Ids by resource type: the resources a round follows references from and to. */
type Frontier = Map<string, string[]>;

/**
 * The resources _include/_revinclude add to a page (FHIR R4 search.html#include): every parameter applies to the
 * matches; the `:iterate` ones then apply to what each round added, until a round adds nothing new. A resource
 * appears once, and never again as an include when it is a match. Every query stays within `tenantId`.
 */
export function includedResources(
  repo: FhirRepo,
  tenantId: string,
  search: SearchRequest,
  matchIds: readonly string[],
  limits: { maxIncluded: number; maxRounds: number },
): Included {
  const seen = new Set(matchIds.map((id) => `${search.resourceType}/${id}`));
  const rows: IncludedContent[] = [];
  let leftOut = 0;
  const iterating = includeTargets(search).filter((t) => t.iterate);

  function round(targets: readonly IncludeTarget[], frontier: Frontier): Frontier {
    const added: Frontier = new Map();
    const take = (capped: Capped): void => {
      for (const row of capped.rows) {
        const key = `${row.resourceType}/${row.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push(row);
        added.set(row.resourceType, [...(added.get(row.resourceType) ?? []), row.id]);
      }
      leftOut += capped.total - capped.rows.length;
    };
    for (const target of targets) {
      if (target.direction === 'include') {
        const ids = frontier.get(target.sourceType);
        if (ids) take(repo.referencedBy(tenantId, target.sourceType, ids, target.params, target.targetType, limits.maxIncluded - rows.length));
      } else {
        // `Observation:subject:Group` follows only references to Groups: other types in the frontier are not its targets.
        for (const [type, ids] of frontier) {
          if (target.targetType === undefined || target.targetType === type) take(repo.referring(tenantId, target.sourceType, target.params, type, ids, limits.maxIncluded - rows.length));
        }
      }
    }
    return added;
  }

  let frontier = round(includeTargets(search), new Map([[search.resourceType, [...matchIds]]]));
  for (let rounds = 0; frontier.size > 0 && iterating.length > 0; rounds += 1) {
    if (rounds === limits.maxRounds) return { rows, leftOut, iterationCut: true };
    frontier = round(iterating, frontier);
  }
  return { rows, leftOut, iterationCut: false };
}
