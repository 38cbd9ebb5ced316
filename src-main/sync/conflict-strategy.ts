import type { ConflictStrategy } from '../../src-shared/sync';
import { contentOf, differingFields, type ResourceJson } from './sync-content';

/**
 * Both sides of a resource that changed on both since the last sync. `source` is the side the job reads
 * from (the upstream for a pull, the local store for a push), `dest` the side it writes to; `base` is the
 * content both had at the last sync, absent when they were never synced.
 */
export interface ConflictSides {
  base: ResourceJson | undefined;
  source: ResourceJson;
  dest: ResourceJson;
}

/** What settles a conflict: one side's content, a merge of both, or an operator (the differing fields named). */
export type ConflictDecision = { take: 'source' | 'dest' } | { take: 'merged'; content: ResourceJson } | { take: 'manual'; differingFields: string[] };

const lastUpdated = (resource: ResourceJson): number => {
  const at = Date.parse(String(resource.meta?.lastUpdated ?? ''));
  return Number.isNaN(at) ? 0 : at;
};

/**
 * Field-level merge over the top-level elements: each side's changes from the base are kept when no
 * element changed on both sides to different values. Without a base every differing element counts as
 * changed on both sides, so there is nothing to merge.
 */
export function mergeContents(sides: ConflictSides): ResourceJson | undefined {
  if (!sides.base) return undefined;
  const base = contentOf(sides.base);
  const changedSource = new Set(differingFields(base, sides.source));
  const changedDest = new Set(differingFields(base, sides.dest));
  const bothSidesDiffer = new Set(differingFields(sides.source, sides.dest));
  if ([...changedSource].some((field) => changedDest.has(field) && bothSidesDiffer.has(field))) return undefined;
  const merged: Record<string, unknown> = { ...base };
  const source = contentOf(sides.source);
  const dest = contentOf(sides.dest);
  const take = (side: ResourceJson, field: string): void => {
    if (field in side) merged[field] = side[field];
    else delete merged[field];
  };
  for (const field of changedDest) take(dest, field);
  for (const field of changedSource) take(source, field);
  return merged as ResourceJson;
}

/** How a strategy settles a conflict; `newest_wins` keeps the later meta.lastUpdated (the source on a tie), `merge` falls to an operator when changes overlap. */
export function decideConflict(strategy: ConflictStrategy, sides: ConflictSides): ConflictDecision {
  const manual = (): ConflictDecision => ({ take: 'manual', differingFields: differingFields(sides.source, sides.dest) });
  switch (strategy) {
    case 'source_wins':
      return { take: 'source' };
    case 'dest_wins':
      return { take: 'dest' };
    case 'newest_wins':
      return { take: lastUpdated(sides.dest) > lastUpdated(sides.source) ? 'dest' : 'source' };
    case 'merge': {
      const content = mergeContents(sides);
      return content ? { take: 'merged', content } : manual();
    }
    case 'manual':
      return manual();
    default:
      return strategy satisfies never;
  }
}
