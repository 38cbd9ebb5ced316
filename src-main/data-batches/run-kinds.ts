import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { z } from 'zod';
import { CreateDataExportBatch, CsvMapping, DataImportFormat, idInput, type DataExportBatch, type DataImportBatch } from '../../src-shared';
import { AppError } from '../core/errors';
import type { IntegrationRunKind, RunContext } from '../jobs/run-kind';
import type { DataBatchService } from './data-batch-service';

/** A scheduled import reads a file from `<data dir>/imports` (where bulk $import reads its files too). */
export const DataImportJobConfig = z.object({
  file: z.string().min(1).max(255).regex(/^[^/\\]+$/, 'must be a file name in the imports folder of the data dir'),
  format: DataImportFormat,
  mapping: CsvMapping.optional(),
  connectorId: idInput('CONN').optional(),
});
export type DataImportJobConfig = z.infer<typeof DataImportJobConfig>;

interface BatchCheckpoint {
  batchId: string;
}

const batchOf = (checkpoint: unknown): string | undefined => (typeof (checkpoint as BatchCheckpoint | null)?.batchId === 'string' ? (checkpoint as BatchCheckpoint).batchId : undefined);

/** Waits for the batch, reporting its progress, then its counts and errors to the run; a failed batch fails the run. */
async function follow(service: DataBatchService, ctx: RunContext, kind: 'import' | 'export', batchId: string): Promise<void> {
  const batch = await service.waitFor(kind, ctx.tenantId, batchId, ctx.signal, (b) => ctx.progress(b.processed, b.total));
  if (ctx.signal.aborted && batch.status !== 'completed' && batch.status !== 'failed') return;
  if (kind === 'import') {
    const imported = batch as DataImportBatch;
    ctx.count({ read: imported.total, written: imported.succeeded - imported.duplicates, skipped: imported.duplicates, failed: imported.failed });
    for (let page = 1; ; page++) {
      const errors = service.records({ tenantId: ctx.tenantId, actor: 'system' }, batchId, 'failed', { page, pageSize: 500 });
      for (const e of errors.data) ctx.recordError({ record: `line ${e.line}`, code: e.errorCode ?? 'DATA_IMPORT_RECORD_FAILED', message: e.errorMessage ?? '', recordedElsewhere: true });
      if (page * 500 >= errors.total) break;
    }
  } else {
    ctx.count({ read: batch.succeeded, written: batch.succeeded });
  }
  ctx.log(batch.status === 'completed' ? 'info' : 'error', `${kind} batch ${batchId} ${batch.status}: ${batch.succeeded} succeeded, ${batch.failed} failed of ${batch.total}`);
  if (batch.status === 'failed') throw new AppError('unprocessable', 'DATA_BATCH_FAILED', `The ${kind} batch ${batchId} failed: ${(batch as DataExportBatch).error ?? 'see the batch'}`, { batchId });
}

/**
 * `data-import`: creates an import batch from a file in `<data dir>/imports` and waits for it. The batch id is
 * the run's checkpoint, so a run interrupted by a crash follows the same batch (which resumed on its own)
 * instead of importing the file again. Needs the engine's DataBatchService and data dir.
 */
export function dataImportRunKind(deps: { service: DataBatchService; dataDir: string }): IntegrationRunKind<DataImportJobConfig> {
  const importsDir = resolve(deps.dataDir, 'imports');
  return {
    kind: 'data-import',
    config: DataImportJobConfig,
    async run(ctx) {
      let batchId = batchOf(ctx.checkpoint);
      if (batchId === undefined) {
        const path = resolve(importsDir, ctx.config.file);
        if (!path.startsWith(importsDir + sep)) throw new AppError('not_found', 'DATA_IMPORT_FILE_NOT_FOUND', 'The file must be in the imports folder of the data dir');
        let content: string;
        try {
          content = readFileSync(path, 'utf8');
        } catch {
          throw new AppError('not_found', 'DATA_IMPORT_FILE_NOT_FOUND', `There is no file ${ctx.config.file} in the imports folder of the data dir`);
        }
        const { file, ...rest } = ctx.config;
        batchId = deps.service.createImport({ tenantId: ctx.tenantId, actor: `run:${ctx.runId}` }, { fileName: file, content, ...rest }).id;
        ctx.saveCheckpoint({ batchId } satisfies BatchCheckpoint);
        ctx.log('info', `import batch ${batchId} created`);
      }
      await follow(deps.service, ctx, 'import', batchId);
    },
  };
}

/** `data-export`: creates an export batch (the config is its create input) and waits for it. Needs the DataBatchService. */
export function dataExportRunKind(deps: { service: DataBatchService }): IntegrationRunKind<CreateDataExportBatch> {
  return {
    kind: 'data-export',
    config: CreateDataExportBatch,
    async run(ctx) {
      let batchId = batchOf(ctx.checkpoint);
      if (batchId === undefined) {
        batchId = deps.service.createExport({ tenantId: ctx.tenantId, actor: `run:${ctx.runId}` }, ctx.config).id;
        ctx.saveCheckpoint({ batchId } satisfies BatchCheckpoint);
        ctx.log('info', `export batch ${batchId} created`);
      }
      await follow(deps.service, ctx, 'export', batchId);
    },
  };
}
