import type { SearchCondition, SearchFilter } from '../../fhir/search';

/** How narrow a condition usually is: lower ranks match fewer resources. */
function conditionRank(condition: SearchCondition): number {
  switch (condition.kind) {
    case 'reference':
      return 0;
    case 'token':
      return condition.code === undefined ? 6 : 1;
    case 'uri':
      return condition.match === 'above' ? 7 : condition.match === 'below' ? 3 : 2;
    case 'string':
      return condition.match === 'exact' ? 2 : condition.match === 'startsWith' ? 3 : 7;
    case 'tokenText':
      return 7;
    case 'number':
      return condition.prefix === 'eq' ? 3 : 5;
    case 'date':
      return condition.prefix === 'eq' ? 4 : 5;
    default:
      return condition satisfies never;
  }
}

/**
 * The filter a search should start from: the positive match whose conditions are narrowest (an _id,
 * a reference, a coded token before a date range). Only it runs as an uncorrelated id list; the others
 * are checked per candidate through the per-resource index, so a wide date range no longer makes
 * SQLite materialise most of the table. Undefined when no positive match filter exists.
 */
export function driverFilterIndex(filters: readonly SearchFilter[]): number | undefined {
  let best: { index: number; rank: number } | undefined;
  filters.forEach((filter, index) => {
    if (filter.kind !== 'match' || filter.not) return;
    const rank = filter.param === '_id' ? -1 : Math.max(...filter.anyOf.map(conditionRank));
    if (!best || rank < best.rank) best = { index, rank };
  });
  return best?.index;
}
