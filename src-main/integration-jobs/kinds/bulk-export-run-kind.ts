import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { BulkExportService } from '../../fhir/bulk/bulk-export-service';
import type { IntegrationRunKind } from '../../jobs/run-kind';

const DAY_MS = 24 * 60 * 60 * 1000;

export const BulkExportRunConfig = z
  .object({
    /** The types to export; all types with resources when absent. */
    resourceTypes: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/, 'must be a FHIR resource type such as Patient')).min(1).optional(),
    /** How long each run's NDJSON output is kept; older output is removed. */
    keepDays: z.number().int('must be a whole number of days').min(1).max(3650),
  })
  .strict();
export type BulkExportRunConfig = z.infer<typeof BulkExportRunConfig>;

/** The exports earlier runs made and keep: removed once older than keepDays. */
const KeptExports = z.object({ exports: z.array(z.object({ id: z.string(), completedAt: z.number() })) });
const Checkpoint = z.object({ exportId: z.string() });

export interface BulkExportRunDeps {
  exports: BulkExportService;
  clock: Clock;
  /** How often a run looks at its export while it is going (default 250 ms). */
  pollMs?: number;
}

/**
 * `bulk-export`: the gateway's system-level $export on a schedule. The export itself runs as the bulk export
 * service's durable job; a run starts one (its id is the checkpoint, so a resumed run waits for the same export),
 * waits for it, keeps its files keepDays rather than the default hour, and removes the output of earlier runs
 * that is older than that.
 */
export function bulkExportRunKind(deps: BulkExportRunDeps): IntegrationRunKind<BulkExportRunConfig> {
  const { exports, clock } = deps;
  const pollMs = deps.pollMs ?? 250;
  return {
    kind: 'bulk-export',
    config: BulkExportRunConfig,
    async run(ctx) {
      const keepMs = ctx.config.keepDays * DAY_MS;
      const kept = KeptExports.safeParse(ctx.jobState).data?.exports ?? [];
      const fresh = kept.filter((e) => clock.now() - e.completedAt < keepMs);
      for (const old of kept.filter((e) => !fresh.includes(e))) {
        try {
          exports.cancel(ctx.tenantId, old.id);
        } catch (error) {
          if (!(error instanceof AppError && error.kind === 'not_found')) throw error;
        }
        ctx.log('info', `Removed the output of export ${old.id}, older than ${ctx.config.keepDays} days`);
      }
      ctx.setJobState({ exports: fresh });

      let exportId = Checkpoint.safeParse(ctx.checkpoint).data?.exportId;
      if (exportId === undefined) {
        exportId = exports.start(ctx.tenantId, { level: 'system', types: ctx.config.resourceTypes, requestUrl: `$export (integration job ${ctx.jobId})` }).id;
        ctx.saveCheckpoint({ exportId });
        ctx.log('info', `Started export ${exportId} of ${ctx.config.resourceTypes?.join(', ') ?? 'every resource type'}`);
      }
      for (;;) {
        const job = exports.status(ctx.tenantId, exportId);
        ctx.progress(job.progress, job.status === 'accepted' ? null : job.total);
        if (job.status === 'failed') throw new AppError('unavailable', 'INTEGRATION_BULK_EXPORT_FAILED', `Export ${exportId} failed: ${job.error ?? 'no reason given'}`, { exportId });
        if (job.status === 'complete') {
          const completedAt = job.completedAt ?? clock.now();
          ctx.count({ read: job.progress, written: job.progress });
          for (const part of job.parts.filter((p) => p.count > 0)) ctx.log('info', `${part.type}: ${part.count} resources written to NDJSON`);
          exports.keepUntil(ctx.tenantId, exportId, completedAt + keepMs);
          ctx.log('info', `Export ${exportId} complete; its files are kept until ${new Date(completedAt + keepMs).toISOString()}`);
          ctx.setJobState({ exports: [...fresh, { id: exportId, completedAt }] });
          return;
        }
        try {
          await sleep(pollMs, undefined, { signal: ctx.signal });
        } catch {
          return;
        }
      }
    },
  };
}
