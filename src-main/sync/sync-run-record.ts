import { AppError } from '../core/errors';
import type { RunContext } from '../jobs/run-kind';
import type { Reconciled } from './sync-reconcile';

/** Counts what became of one resource: written or skipped, a conflict (settled or left open). */
export function countReconciled(ctx: Pick<RunContext, 'count'>, result: Reconciled): void {
  ctx.count({ [result.outcome === 'written' ? 'written' : 'skipped']: 1, ...(result.conflict ? { conflicts: 1 } : {}) });
}

/**
 * One resource that could not be synced is a record error and the run goes on — unless the upstream
 * cannot be reached at all, which fails the run (the next one catches up from the same high-water mark).
 */
export function recordFailure(ctx: Pick<RunContext, 'count' | 'recordError'>, record: string, error: unknown): void {
  if (!(error instanceof AppError) || error.code === 'SYNC_UPSTREAM_UNREACHABLE') throw error;
  ctx.count({ failed: 1 });
  ctx.recordError({ record, code: error.code, message: error.message });
}
