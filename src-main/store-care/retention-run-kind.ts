import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { RetentionRule } from '../../src-shared';
import type { Clock } from '../core/clock';
import type { IntegrationRunKind, RunContext } from '../jobs/run-kind';
import type { RetentionCandidate, RetentionRepo, RetentionWalk } from '../store/retention-repo';
import type { StoreSettingsRepo } from '../store/store-settings-repo';
import { firstBatchLimit, nextBatchLimit } from './retention-pace';
import { AUDIT_RETENTION_DAYS } from '../audit/audit-log';

const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_KIND = 'retention';

export const RetentionRunConfig = z
  .object({
    /** At most this many messages deleted per write transaction. */
    batchSize: z.number().int().min(1).max(5_000).default(500),
    /** Each write transaction is sized to last about this long (retention-pace.ts): it holds the engine thread and the write lock. */
    batchBudgetMs: z.number().int().min(1).max(1_000).default(5),
    /** Pause between batches and vacuum steps, so intake, filing and the API get the engine in between. */
    pauseMs: z.number().int().min(0).max(10_000).default(10),
    /** Free pages given back to the disk per incremental-vacuum step (4 KiB each). */
    vacuumPagesPerStep: z.number().int().min(1).max(100_000).default(256),
  })
  .strict();
export type RetentionRunConfig = z.infer<typeof RetentionRunConfig>;

export interface RetentionRunDeps {
  repo: RetentionRepo;
  settings: StoreSettingsRepo;
  clock: Clock;
  /** The audit log's own retention (400 days), pruned at the start of each run. */
  audit?: { prune(): number };
}

type Walk = Omit<RetentionWalk, 'from' | 'limit'>;

/**
 * `retention`: deletes messages past each connector's rule (`settings.retention`: age, count) and then the
 * oldest eligible ones store-wide until the database is under `maxStoreBytes`, in transactions sized to a
 * time budget (retention-pace.ts) with a pause between them, and gives the freed pages back to the disk
 * with incremental vacuum in small steps.
 * What may go is the repository's `oldestEligible`; the store-wide rule always keeps unresolved failures.
 * Every deletion is idempotent, so an interrupted run simply runs again.
 */
export function retentionRunKind(deps: RetentionRunDeps): IntegrationRunKind<RetentionRunConfig> {
  const { repo } = deps;
  return {
    kind: RETENTION_KIND,
    config: RetentionRunConfig,
    async run(ctx) {
      const { batchSize, batchBudgetMs, pauseMs, vacuumPagesPerStep } = ctx.config;
      const pruned = deps.audit?.prune() ?? 0;
      if (pruned > 0) ctx.log('info', `Audit log: ${pruned} entries older than ${AUDIT_RETENTION_DAYS} days deleted`);
      let limit = firstBatchLimit(batchSize);
      const pause = async (): Promise<boolean> => {
        if (ctx.signal.aborted) return false;
        await sleep(pauseMs).catch(() => undefined);
        return !ctx.signal.aborted;
      };
      /** Deletes oldest-first along one walk, at most `max`; false when the run was stopped. */
      const prune = async (next: (from: RetentionWalk['from'], limit: number) => RetentionCandidate[], keep: boolean, max: number, more: () => boolean = () => true): Promise<{ deleted: number; stopped: boolean }> => {
        let deleted = 0;
        let from: RetentionWalk['from'];
        while (deleted < max && more()) {
          const started = performance.now();
          const batch = next(from, Math.min(limit, max - deleted));
          if (batch.length === 0) break;
          const n = repo.delete(batch.map((c) => c.id), keep);
          limit = nextBatchLimit(batch.length, performance.now() - started, batchBudgetMs, batchSize);
          deleted += n;
          ctx.count({ read: batch.length, written: n, skipped: batch.length - n });
          from = { receivedAt: batch.at(-1)!.receivedAt, strict: n === 0 };
          if (!(await pause())) return { deleted, stopped: true };
        }
        return { deleted, stopped: false };
      };
      const along = (walk: Walk) => (from: RetentionWalk['from'], limit: number) => repo.oldestEligible({ ...walk, from, limit });

      for (const { connectorId, tenantId, name, rule: raw } of repo.connectorRules()) {
        const parsed = RetentionRule.safeParse(raw);
        if (!parsed.success) {
          ctx.log('warn', `Connector ${connectorId}: its retention rule is not valid and was skipped`);
          continue;
        }
        const rule = parsed.data;
        const keep = rule.keepUnresolvedFailures;
        if (rule.maxAgeDays !== undefined) {
          const before = deps.clock.now() - rule.maxAgeDays * DAY_MS;
          const { deleted, stopped } = await prune(along({ tenantId, connectorId, before, keepUnresolvedFailures: keep }), keep, Number.POSITIVE_INFINITY);
          if (deleted > 0) ctx.log('info', `Connector ${connectorId} (${name}): ${deleted} messages older than ${rule.maxAgeDays} days deleted`);
          if (stopped) return;
        }
        if (rule.maxMessages !== undefined) {
          const excess = repo.countOf(tenantId, connectorId) - rule.maxMessages;
          if (excess > 0) {
            const { deleted, stopped } = await prune(along({ tenantId, connectorId, keepUnresolvedFailures: keep }), keep, excess);
            ctx.log('info', `Connector ${connectorId} (${name}): ${deleted} messages beyond the newest ${rule.maxMessages} deleted`);
            if (stopped) return;
          }
        }
      }

      const { maxStoreBytes } = deps.settings.get();
      if (maxStoreBytes !== null && !(await pruneToSize(ctx, maxStoreBytes, prune))) return;
      await reclaim(ctx, vacuumPagesPerStep, pause);
    },
  };

  function usedBytes(): number {
    const s = repo.size();
    return (s.pageCount - s.freePages) * s.pageSize;
  }

  /** The oldest eligible messages of every tenant, merged: the store-wide rule is about the one file. */
  function oldestOfAll(from: RetentionWalk['from'], limit: number): RetentionCandidate[] {
    return repo
      .tenants()
      .flatMap((tenantId) => repo.oldestEligible({ tenantId, from, limit, keepUnresolvedFailures: true }))
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .slice(0, limit);
  }

  async function pruneToSize(ctx: RunContext, maxStoreBytes: number, prune: (next: typeof oldestOfAll, keep: boolean, max: number, more: () => boolean) => Promise<{ deleted: number; stopped: boolean }>): Promise<boolean> {
    const before = usedBytes();
    if (before <= maxStoreBytes) return true;
    // Each batch stops once its payloads cover what is over the limit, so the store ends just under it, not a batch under.
    const enough = (from: RetentionWalk['from'], limit: number): RetentionCandidate[] => {
      let excess = usedBytes() - maxStoreBytes;
      return oldestOfAll(from, limit).filter((c) => (excess -= c.rawSize) + c.rawSize > 0);
    };
    const { deleted, stopped } = await prune(enough, true, Number.POSITIVE_INFINITY, () => usedBytes() > maxStoreBytes);
    const after = usedBytes();
    ctx.log(after > maxStoreBytes ? 'warn' : 'info', `Store size: ${deleted} oldest messages deleted, ${mb(before)} → ${mb(after)} in use (limit ${mb(maxStoreBytes)})${after > maxStoreBytes ? '; what is left may not be deleted (unresolved failures, messages in flight)' : ''}`);
    return !stopped;
  }

  async function reclaim(ctx: RunContext, pagesPerStep: number, pause: () => Promise<boolean>): Promise<void> {
    const start = repo.size();
    if (start.freePages === 0) return;
    if (start.autoVacuum !== 'incremental') {
      ctx.log('info', `${mb(start.freePages * start.pageSize)} of free pages are reused by new messages; the file does not shrink (auto_vacuum is ${start.autoVacuum}: see the README's Retention section)`);
      return;
    }
    let freed = 0;
    for (let step = repo.vacuumStep(pagesPerStep); step > 0; step = repo.vacuumStep(pagesPerStep)) {
      freed += step;
      if (!(await pause())) break;
    }
    ctx.log('info', `Incremental vacuum gave ${mb(freed * start.pageSize)} back to the disk`);
  }
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
