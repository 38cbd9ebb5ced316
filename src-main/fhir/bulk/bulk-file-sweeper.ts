import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { jobsToPrune, type BulkFileOwner } from './bulk-file-expiry';

/** A kind of bulk job with files on disk: $export output, $import error files. */
export interface BulkFileStore {
  unpruned(): BulkFileOwner[];
  prune(id: string, now: number): void;
}

export interface BulkFileSweeperDeps {
  stores: BulkFileStore[];
  clock: Clock;
  logger: Logger;
  /** Default ten minutes. */
  intervalMs?: number;
}

/** Deletes the files of bulk jobs whose links have expired: once at start, then on a timer. */
export function createBulkFileSweeper(deps: BulkFileSweeperDeps) {
  let timer: NodeJS.Timeout | undefined;

  function sweep(): number {
    const now = deps.clock.now();
    let pruned = 0;
    for (const store of deps.stores) {
      for (const id of jobsToPrune(store.unpruned(), now)) {
        store.prune(id, now);
        pruned += 1;
      }
    }
    if (pruned > 0) deps.logger.log('info', 'expired bulk files deleted', { jobs: pruned });
    return pruned;
  }

  const guardedSweep = (): void => {
    try {
      sweep();
    } catch (error) {
      deps.logger.log('error', 'bulk file sweep failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  };

  return {
    sweep,
    start(): void {
      guardedSweep();
      timer = setInterval(guardedSweep, deps.intervalMs ?? 10 * 60 * 1000);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}
