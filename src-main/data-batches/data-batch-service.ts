import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorSettings, DATA_IMPORT_MAX_CHARS, type CreateDataExportBatch, type CreateDataImportBatch, type CsvMapping, type CsvPreview, type DataBatchDownload, type DataExportBatch, type DataImportBatch, type DataImportRecord } from '../../src-shared';
import type { Clock } from '../core/clock';
import { AppError, notFound, validationFailed } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import type { RequestContext } from '../core/request-context';
import type { FhirService } from '../fhir/store-service';
import type { Runner } from '../jobs/runner';
import type { TurnResult } from '../jobs/turn-schedule';
import type { Intake, IntakeConnector } from '../messages/intake';
import type { DataBatchesRepo, ExportBatchRow, ImportBatchRow } from '../store/data-batches-repo';
import type { PageRequest } from '../store/paged-list';
import { privateDir, privateTree } from '../store/private-files';
import type { Transact } from '../store/transact';
import { contentTypeOf, exportDto, exportFilesOf, importDto, importFilesOf } from './batch-dto';
import { csvLine } from './csv-text';
import { mapCsvRow, mappingIssues } from './csv-mapping';
import { createExportWorker, exportTotal } from './export-worker';
import { csvRows, readImportItems } from './import-items';
import { createImportWorker } from './import-worker';

export const DATA_BATCHES_KIND = 'data-batches';
const DONE = new Set(['completed', 'failed']);

/** A connector as the batches see it: HL7 files are stored under one that is not outbound-only. */
export interface BatchConnector {
  id: string;
  tenantId: string;
  direction: string;
  messageTypes: readonly string[];
}

export interface DataBatchServiceDeps {
  /** The engine's runner; the service registers its one kind, `data-batches`, on it. */
  runner: Runner;
  repo: DataBatchesRepo;
  fhir: FhirService;
  transact: Transact;
  intake: Pick<Intake, 'acceptFromFile'>;
  findConnector(id: string): BatchConnector | undefined;
  dataDir: string;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** After each chunk and on create: `dataImportBatches` / `dataExportBatches` with the batch id. */
  onChange(topic: 'dataImportBatches' | 'dataExportBatches', id: string): void;
  /** Items per chunk (default 250): one transaction, one checkpoint, one runner turn. */
  chunkSize?: number;
  /** The largest upload in characters (default DATA_IMPORT_MAX_CHARS). */
  maxFileChars?: number;
}

/** File messages are never answered; FULL: a message counts as imported only once it would survive a power cut. */
const FILE_INTAKE_SETTINGS = ConnectorSettings.parse({ ackMode: 'never', durability: 'FULL' });

const fileTooLarge = (limit: number): AppError => new AppError('too_large', 'DATA_IMPORT_FILE_TOO_LARGE', `The file is larger than ${limit} characters; split it into smaller files`, { limit });

function writePrivateFile(path: string, text: string): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Data import and export batches: durable work of their own, worked in chunks by one runner kind. An import's
 * file is kept in the data dir, read into items (lines, rows, messages) and worked a chunk per turn, each
 * chunk committed with its records and the checkpoint; an export appends a chunk per turn to its files. A
 * restarted engine takes up every queued or running batch from its checkpoint.
 */
export function createDataBatchService(deps: DataBatchServiceDeps) {
  const { repo, clock } = deps;
  const chunkSize = deps.chunkSize ?? 250;
  const maxFileChars = deps.maxFileChars ?? DATA_IMPORT_MAX_CHARS;
  const root = join(deps.dataDir, 'data-batches');
  const importDir = (id: string): string => join(root, 'imports', id);
  const exportDir = (id: string): string => join(root, 'exports', id);

  const intakeConnector = (tenantId: string, connectorId: string): IntakeConnector | undefined => {
    const c = deps.findConnector(connectorId);
    if (!c || c.tenantId !== tenantId) return undefined;
    return { connectorId: c.id, tenantId, policy: c.messageTypes.length > 0 ? { messageTypes: c.messageTypes } : {}, settings: FILE_INTAKE_SETTINGS };
  };
  const importWorker = createImportWorker({ repo, fhir: deps.fhir, transact: deps.transact, intake: deps.intake, intakeConnector, clock, chunkSize });
  const exportWorker = createExportWorker({ repo, clock, dirOf: exportDir, chunkSize });

  type Next = { kind: 'import'; row: ImportBatchRow } | { kind: 'export'; row: ExportBatchRow };
  const nextBatch = (): Next | undefined => {
    const imports = repo.activeImports();
    const exports = repo.activeExports();
    const first = imports[0];
    const firstExport = exports[0];
    if (first && (!firstExport || first.createdAt <= firstExport.createdAt)) return { kind: 'import', row: first };
    return firstExport ? { kind: 'export', row: firstExport } : undefined;
  };

  /** A batch that cannot go on (its connector was deleted, its file is gone): failed with why, never retried. */
  function failBatch(next: Next, error: AppError): void {
    const now = clock.now();
    if (next.kind === 'import') {
      const r = next.row;
      deps.transact(() => repo.saveImportChunk(r.tenantId, r.id, [], { status: 'failed', checkpoint: r.checkpoint, total: r.totalRecords, succeeded: r.succeededRecords, failed: r.failedRecords, duplicates: r.duplicateRecords, error: error.message }, now));
    } else {
      const r = next.row;
      repo.saveExportProgress(r.id, { status: 'failed', checkpoint: r.checkpoint ?? {}, files: r.files ?? [], total: r.totalRecords, succeeded: r.succeededRecords, error: error.message }, now);
    }
    deps.logger.log('warn', 'data batch failed', { batch: next.row.id, code: error.code });
  }

  deps.runner.register({
    kind: DATA_BATCHES_KIND,
    // Batches arrive by wake; the interval only finds one a failed turn left behind.
    intervalMs: 5_000,
    async tick(_now, signal): Promise<TurnResult> {
      if (signal.aborted) return 'idle';
      const next = nextBatch();
      if (!next) return 'idle';
      try {
        const finished = next.kind === 'import' ? await importWorker.step(next.row) : exportWorker.step(next.row);
        if (finished) deps.logger.log('info', 'data batch finished', { batch: next.row.id });
      } catch (error) {
        // Unavailable (a failed fsync, a closed store) is retried by the runner; anything else ends the batch.
        if (!(error instanceof AppError) || error.kind === 'unavailable') throw error;
        failBatch(next, error);
      }
      deps.onChange(next.kind === 'import' ? 'dataImportBatches' : 'dataExportBatches', next.row.id);
      return 'more';
    },
    resume() {
      // Uploads and exports hold PHI: 0700 folders, 0600 files.
      if (existsSync(root)) privateTree(root);
    },
    stopped() {
      importWorker.forget();
    },
  });

  const ownedImport = (ctx: RequestContext, id: string): ImportBatchRow => {
    const row = repo.getImport(id);
    if (!row || row.tenantId !== ctx.tenantId) throw notFound('data_import_batch', id);
    return row;
  };
  const ownedExport = (ctx: RequestContext, id: string): ExportBatchRow => {
    const row = repo.getExport(id);
    if (!row || row.tenantId !== ctx.tenantId) throw notFound('data_export_batch', id);
    return row;
  };

  function checkMapping(mapping: CsvMapping, columns: readonly string[]): void {
    const issues = mappingIssues(mapping, columns);
    if (issues.length > 0) throw new AppError('unprocessable', 'DATA_IMPORT_MAPPING_INVALID', `The column mapping has ${issues.length} problem(s): ${issues.map((i) => i.message).join('; ')}`.slice(0, 1000), { issues });
  }

  function checkConnector(ctx: RequestContext, connectorId: string): void {
    const c = deps.findConnector(connectorId);
    if (!c || c.tenantId !== ctx.tenantId) throw validationFailed([{ path: 'connectorId', message: 'no connector has that id' }]);
    if (c.direction === 'outbound') throw validationFailed([{ path: 'connectorId', message: 'must be an inbound or bidirectional connector' }]);
  }

  const page = <T>(rows: T[], total: number, p: PageRequest) => ({ data: rows, total, page: p.page, pageSize: p.pageSize });
  const recordDto = (r: { line: number; status: DataImportRecord['status']; reference: string | null; errorCode: string | null; errorMessage: string | null }): DataImportRecord => ({
    line: r.line,
    status: r.status,
    reference: r.reference,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
  });

  function errorReport(row: ImportBatchRow): string {
    return csvLine(['line', 'code', 'message']) + repo.failedRecords(row.id).map((r) => csvLine([r.line, r.errorCode, r.errorMessage])).join('');
  }

  return {
    /** Stores the file and queues the batch; the file is read once here, so a file that cannot be read is refused at once (422). */
    createImport(ctx: RequestContext, input: CreateDataImportBatch): DataImportBatch {
      if (input.content.length > maxFileChars) throw fileTooLarge(maxFileChars);
      if (input.format === 'csv' && input.mapping === undefined) throw validationFailed([{ path: 'mapping', message: 'is required for a CSV import' }]);
      if (input.format === 'hl7-batch' && input.connectorId === undefined) throw validationFailed([{ path: 'connectorId', message: 'is required for an HL7 batch file' }]);
      if (input.connectorId !== undefined) checkConnector(ctx, input.connectorId);
      const file = readImportItems(input.format, input.content, input.mapping?.delimiter);
      if (input.mapping) checkMapping(input.mapping, file.columns);
      const id = deps.ids('IMP');
      mkdirSync(importDir(id), { recursive: true, mode: 0o700 });
      privateDir(importDir(id));
      const location = join(importDir(id), 'upload');
      writePrivateFile(location, input.content);
      const now = clock.now();
      repo.insertImport({
        id,
        tenantId: ctx.tenantId,
        runId: null,
        format: input.format,
        location,
        status: 'queued',
        fileName: input.fileName,
        fileHash: createHash('sha256').update(input.content, 'utf8').digest('hex'),
        fileBytes: Buffer.byteLength(input.content),
        connectorId: input.connectorId ?? null,
        mapping: input.mapping ?? null,
        options: {},
        totalRecords: file.items.length,
        createdAt: now,
        updatedAt: now,
      });
      deps.logger.log('info', 'data import batch created', { batch: id, format: input.format, items: file.items.length });
      deps.runner.wake(DATA_BATCHES_KIND);
      deps.onChange('dataImportBatches', id);
      return importDto(ownedImport(ctx, id));
    },
    listImports: (ctx: RequestContext, status: string | undefined, p: PageRequest) => {
      const { rows, total } = repo.listImports(ctx.tenantId, status, p);
      return page(rows.map(importDto), total, p);
    },
    getImport: (ctx: RequestContext, id: string): DataImportBatch => importDto(ownedImport(ctx, id)),
    records(ctx: RequestContext, id: string, status: string | undefined, p: PageRequest) {
      ownedImport(ctx, id);
      const { rows, total } = repo.importRecords(id, status, p);
      return page(rows.map(recordDto), total, p);
    },
    importFiles: (ctx: RequestContext, id: string) => importFilesOf(ownedImport(ctx, id)),
    downloadImport(ctx: RequestContext, id: string, name: string): DataBatchDownload {
      const row = ownedImport(ctx, id);
      const file = importFilesOf(row).find((f) => f.name === name);
      if (!file) throw new AppError('not_found', 'DATA_BATCH_FILE_NOT_FOUND', `Import ${id} has no file ${name.slice(0, 100)}`);
      return { name, contentType: file.contentType, content: file.role === 'error-report' ? errorReport(row) : readFileSync(row.location, 'utf8') };
    },
    /** The first rows of a CSV and what the mapping makes of them (before validation); nothing is stored. */
    preview(input: { content: string; mapping?: CsvMapping | undefined; delimiter?: string | undefined; rows: number }): CsvPreview {
      if (input.content.length > maxFileChars) throw fileTooLarge(maxFileChars);
      const [header, ...rows] = csvRows(input.content, input.delimiter ?? input.mapping?.delimiter ?? ',');
      const columns = header?.values.map((c) => c.trim()) ?? [];
      if (input.mapping) checkMapping(input.mapping, columns);
      const first = rows.slice(0, input.rows);
      const mapping = input.mapping;
      return {
        columns,
        rows: first.map((r) => r.values),
        total: rows.length,
        mapped: mapping
          ? first.map((r) => {
              const mapped = mapCsvRow(mapping, columns, r.values);
              return { line: r.line, resource: mapped.ok ? mapped.resource : null, errors: mapped.ok ? [] : mapped.errors };
            })
          : [],
      };
    },

    createExport(ctx: RequestContext, options: CreateDataExportBatch): DataExportBatch {
      const id = deps.ids('EXP');
      const now = clock.now();
      mkdirSync(exportDir(id), { recursive: true, mode: 0o700 });
      repo.insertExport({ id, tenantId: ctx.tenantId, runId: null, format: options.format, location: exportDir(id), status: 'queued', options, checkpoint: null, files: [], totalRecords: exportTotal(repo, ctx.tenantId, options), createdAt: now, updatedAt: now });
      deps.logger.log('info', 'data export batch created', { batch: id, format: options.format });
      deps.runner.wake(DATA_BATCHES_KIND);
      deps.onChange('dataExportBatches', id);
      return exportDto(ownedExport(ctx, id));
    },
    listExports: (ctx: RequestContext, status: string | undefined, p: PageRequest) => {
      const { rows, total } = repo.listExports(ctx.tenantId, status, p);
      return page(rows.map(exportDto), total, p);
    },
    getExport: (ctx: RequestContext, id: string): DataExportBatch => exportDto(ownedExport(ctx, id)),
    exportFiles: (ctx: RequestContext, id: string) => exportFilesOf(ownedExport(ctx, id)),
    downloadExport(ctx: RequestContext, id: string, name: string): DataBatchDownload {
      const row = ownedExport(ctx, id);
      const file = (row.files ?? []).find((f) => f.name === name);
      if (!file) throw new AppError('not_found', 'DATA_BATCH_FILE_NOT_FOUND', `Export ${id} has no file ${name.slice(0, 100)}`);
      if (!DONE.has(row.status)) throw new AppError('conflict', 'DATA_BATCH_NOT_FINISHED', `Export ${id} is still running; its files are complete once it has finished`);
      // Only what the saved length covers: bytes past it belong to a chunk a crash cut short.
      const content = readFileSync(join(exportDir(id), file.name)).subarray(0, file.bytes).toString('utf8');
      return { name, contentType: contentTypeOf(name), content };
    },

    /** Resolves once the batch has finished (or the signal aborts), reporting progress on the way. */
    async waitFor(kind: 'import' | 'export', tenantId: string, id: string, signal: AbortSignal, onProgress: (batch: DataImportBatch | DataExportBatch) => void, pollMs = 250): Promise<DataImportBatch | DataExportBatch> {
      const ctx = { tenantId, actor: 'system' };
      for (;;) {
        const batch = kind === 'import' ? importDto(ownedImport(ctx, id)) : exportDto(ownedExport(ctx, id));
        onProgress(batch);
        if (DONE.has(batch.status) || signal.aborted) return batch;
        await new Promise<void>((done) => {
          const timer = setTimeout(done, pollMs);
          signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
        });
      }
    },
  };
}
export type DataBatchService = ReturnType<typeof createDataBatchService>;
