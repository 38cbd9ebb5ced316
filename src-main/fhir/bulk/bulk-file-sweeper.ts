import type { Logger } from '../../core/logger';
import type { JobKind } from '../../jobs/runner';
import { jobsToPrune, type BulkFileOwner } from './bulk-file-expiry';

/** A kind of bulk job with files on disk: $export output, $import error files. */
export interface BulkFileStore {
  unpruned(): BulkFileOwner[];
  prune(id: string, now: number): void;
}

export const BULK_FILES_KIND = 'bulk-file-sweep';

/**
 * The runner's `bulk-file-sweep` kind: deletes the files of bulk jobs whose links have expired — at once when
 * the runner starts (links that expired while the engine was down are dead before the first request), then every
 * `intervalMs` (default ten minutes). Nothing is claimed: pruning is one guarded update per job, so a sweep a
 * crash cut short is simply done again.
 */
export function bulkFileSweepKind(stores: BulkFileStore[], logger: Logger, intervalMs = 10 * 60 * 1000): JobKind {
  function sweep(now: number): void {
    let pruned = 0;
    for (const store of stores) {
      for (const id of jobsToPrune(store.unpruned(), now)) {
        store.prune(id, now);
        pruned += 1;
      }
    }
    if (pruned > 0) logger.log('info', 'expired bulk files deleted', { jobs: pruned });
  }
  return {
    kind: BULK_FILES_KIND,
    intervalMs,
    resume(now) {
      // A failed sweep must not stop the engine from starting; the next turn tries again.
      try {
        sweep(now);
      } catch (error) {
        logger.log('error', 'bulk file sweep failed', { error: error instanceof Error ? error.name : 'unknown' });
      }
    },
    tick(now) {
      sweep(now);
      return 'idle';
    },
  };
}
