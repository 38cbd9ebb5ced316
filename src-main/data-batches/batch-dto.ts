import type { CsvMapping, DataBatchFile, DataExportBatch, DataImportBatch, DataImportFormat, DataBatchStatus, DataExportFormat } from '../../src-shared';
import type { ExportBatchRow, ImportBatchRow } from '../store/data-batches-repo';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const progressOf = (status: string, processed: number, total: number): number => (status === 'completed' ? 1 : total > 0 ? Math.min(1, processed / total) : 0);

export const ERROR_REPORT_FILE = 'errors.csv';

const importBase = (id: string): string => `/api/v1/data-import-batches/${id}/files`;
const exportBase = (id: string): string => `/api/v1/data-export-batches/${id}/files`;

/** An import's files: the upload as it came, and the error report once a record failed. */
export function importFilesOf(row: ImportBatchRow): DataBatchFile[] {
  const files: DataBatchFile[] = [{ name: row.fileName, role: 'upload', contentType: contentTypeOf(row.fileName), records: row.totalRecords, bytes: row.fileBytes, url: `${importBase(row.id)}/${encodeURIComponent(row.fileName)}` }];
  if (row.failedRecords > 0) files.push({ name: ERROR_REPORT_FILE, role: 'error-report', contentType: 'text/csv; charset=utf-8', records: row.failedRecords, bytes: 0, url: `${importBase(row.id)}/${ERROR_REPORT_FILE}` });
  return files;
}

export function exportFilesOf(row: ExportBatchRow): DataBatchFile[] {
  return (row.files ?? []).map((f) => ({ name: f.name, role: 'export', contentType: contentTypeOf(f.name), records: f.records, bytes: f.bytes, url: `${exportBase(row.id)}/${encodeURIComponent(f.name)}` }));
}

export function contentTypeOf(name: string): string {
  if (/\.ndjson$/i.test(name)) return 'application/fhir+ndjson';
  if (/\.csv$/i.test(name)) return 'text/csv; charset=utf-8';
  if (/\.(hl7|txt)$/i.test(name)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

export function importDto(row: ImportBatchRow): DataImportBatch {
  const processed = row.succeededRecords + row.failedRecords;
  return {
    id: row.id,
    format: row.format as DataImportFormat,
    fileName: row.fileName,
    fileHash: row.fileHash,
    fileBytes: row.fileBytes,
    status: row.status as DataBatchStatus,
    total: row.totalRecords,
    processed,
    succeeded: row.succeededRecords,
    failed: row.failedRecords,
    duplicates: row.duplicateRecords,
    progress: progressOf(row.status, processed, row.totalRecords),
    connectorId: row.connectorId,
    mapping: (row.mapping as CsvMapping | null) ?? null,
    error: row.error,
    runId: row.runId,
    createdAt: new Date(row.createdAt).toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export function exportDto(row: ExportBatchRow): DataExportBatch {
  return {
    id: row.id,
    format: row.format as DataExportFormat,
    status: row.status as DataBatchStatus,
    total: row.totalRecords,
    processed: row.succeededRecords,
    succeeded: row.succeededRecords,
    failed: row.failedRecords,
    progress: progressOf(row.status, row.succeededRecords, row.totalRecords),
    options: row.options ?? {},
    files: exportFilesOf(row),
    error: row.error,
    runId: row.runId,
    createdAt: new Date(row.createdAt).toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}
