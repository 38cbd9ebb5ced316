import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateDataExportBatch } from '../../src-shared';
import type { Clock } from '../core/clock';
import { maskPhi, PHI_MASK } from '../hl7';
import type { DataBatchesRepo, ExportBatchRow, MessageLogExportFilter, MessageLogExportRow } from '../store/data-batches-repo';
import { csvLine } from './csv-text';
import { appendDurably } from './durable-append';

export interface ExportWorkerDeps {
  repo: DataBatchesRepo;
  clock: Clock;
  /** The folder holding an export batch's files. */
  dirOf(id: string): string;
  /** Resources or messages per chunk. */
  chunkSize: number;
}

type ExportFile = { name: string; records: number; bytes: number };
interface FhirCheckpoint {
  typeIndex: number;
  afterId: string;
}
interface LogCheckpoint {
  afterRowid: number;
}

export const MESSAGE_LOG_FILE = 'message-log.csv';
const LOG_COLUMNS = ['id', 'receivedAt', 'connectorId', 'messageType', 'messageControlId', 'sendingApplication', 'sendingFacility', 'status', 'errorCode', 'patientId', 'patientName', 'message'];

const timeOf = (iso: string | undefined): number | null => (iso === undefined ? null : Date.parse(iso));

export function messageLogFilterOf(options: Extract<CreateDataExportBatch, { format: 'message-log-csv' }>): MessageLogExportFilter {
  const f = options.filters;
  return { connectorId: f.connectorId, messageType: f.messageType, status: f.status, from: timeOf(f.from) ?? undefined, to: timeOf(f.to) ?? undefined };
}

/** The total an export will hold, counted when it is created. */
export function exportTotal(repo: DataBatchesRepo, tenantId: string, options: CreateDataExportBatch): number {
  return options.format === 'fhir-ndjson' ? repo.fhirCount(tenantId, options.resourceTypes, timeOf(options.since), timeOf(options.until)) : repo.messageLogCount(tenantId, messageLogFilterOf(options));
}

function logLine(row: MessageLogExportRow, mask: boolean): string {
  let message = row.raw.toString('utf8');
  if (mask) {
    try {
      message = maskPhi(message);
    } catch {
      // A message that does not parse cannot be masked field by field: none of it is written.
      message = PHI_MASK;
    }
  }
  const phi = (value: string | null): string | null => (mask && value !== null && value !== '' ? PHI_MASK : value);
  return csvLine([row.id, new Date(row.receivedAt).toISOString(), row.connectorId, row.messageType, row.messageControlId, row.sendingApplication, row.sendingFacility, row.status, row.errorCode, phi(row.patientId), phi(row.patientName), message]);
}

/**
 * Works one chunk of an export batch at a time: rows are appended to the batch's file and fsynced, then the
 * cursor and the file's length are saved; a restart truncates the file to the saved length and goes on.
 */
export function createExportWorker(deps: ExportWorkerDeps) {
  function fhirStep(batch: ExportBatchRow, options: Extract<CreateDataExportBatch, { format: 'fhir-ndjson' }>, files: ExportFile[]): { checkpoint: FhirCheckpoint; done: boolean; written: number } {
    const at = (batch.checkpoint as FhirCheckpoint | null) ?? { typeIndex: 0, afterId: '' };
    const type = options.resourceTypes[at.typeIndex];
    if (type === undefined) return { checkpoint: at, done: true, written: 0 };
    const rows = deps.repo.fhirPage(batch.tenantId, type, timeOf(options.since), timeOf(options.until), at.afterId, deps.chunkSize);
    const name = `${type}.ndjson`;
    let file = files.find((f) => f.name === name);
    if (rows.length > 0) {
      if (!file) files.push((file = { name, records: 0, bytes: 0 }));
      file.bytes = appendDurably(join(deps.dirOf(batch.id), name), file.bytes, rows.map((r) => `${r.content}\n`).join(''));
      file.records += rows.length;
    }
    const last = rows[rows.length - 1];
    const checkpoint = rows.length < deps.chunkSize || !last ? { typeIndex: at.typeIndex + 1, afterId: '' } : { typeIndex: at.typeIndex, afterId: last.id };
    return { checkpoint, done: checkpoint.typeIndex >= options.resourceTypes.length, written: rows.length };
  }

  function logStep(batch: ExportBatchRow, options: Extract<CreateDataExportBatch, { format: 'message-log-csv' }>, files: ExportFile[]): { checkpoint: LogCheckpoint; done: boolean; written: number } {
    const at = (batch.checkpoint as LogCheckpoint | null) ?? { afterRowid: 0 };
    const rows = deps.repo.messageLogPage(batch.tenantId, messageLogFilterOf(options), at.afterRowid, deps.chunkSize);
    let file = files.find((f) => f.name === MESSAGE_LOG_FILE);
    if (!file) files.push((file = { name: MESSAGE_LOG_FILE, records: 0, bytes: 0 }));
    const header = file.bytes === 0 ? csvLine(LOG_COLUMNS) : '';
    file.bytes = appendDurably(join(deps.dirOf(batch.id), MESSAGE_LOG_FILE), file.bytes, header + rows.map((row) => logLine(row, options.maskPhi)).join(''));
    file.records += rows.length;
    const last = rows[rows.length - 1];
    return { checkpoint: { afterRowid: last?.rowid ?? at.afterRowid }, done: rows.length < deps.chunkSize, written: rows.length };
  }

  return {
    /** Works the batch's next chunk; true when the batch is finished. */
    step(batch: ExportBatchRow): boolean {
      const dir = deps.dirOf(batch.id);
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
      const options = batch.options as CreateDataExportBatch;
      const files = structuredClone(batch.files ?? []);
      const result = options.format === 'fhir-ndjson' ? fhirStep(batch, options, files) : logStep(batch, options, files);
      const succeeded = batch.succeededRecords + result.written;
      deps.repo.saveExportProgress(batch.id, { status: result.done ? 'completed' : 'running', checkpoint: { ...result.checkpoint }, files, total: result.done ? succeeded : Math.max(batch.totalRecords, succeeded), succeeded }, deps.clock.now());
      return result.done;
    },
  };
}
export type ExportWorker = ReturnType<typeof createExportWorker>;
