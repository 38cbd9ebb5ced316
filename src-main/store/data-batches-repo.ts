import type Database from 'better-sqlite3';
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { dataExportBatches, dataImportBatches } from '../../db/schema';
import type { IdGenerator } from '../core/ids';
import { createInterfaceErrorWriter } from './interface-error-writer';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';

export type ImportBatchRow = typeof dataImportBatches.$inferSelect;
export type ExportBatchRow = typeof dataExportBatches.$inferSelect;
export type NewImportBatchRow = Omit<typeof dataImportBatches.$inferInsert, 'checkpoint' | 'duplicateRecords' | 'succeededRecords' | 'failedRecords'>;
export type NewExportBatchRow = Omit<typeof dataExportBatches.$inferInsert, 'succeededRecords' | 'failedRecords'>;

export interface ImportRecordRow {
  line: number;
  recordKey: string;
  status: 'succeeded' | 'duplicate' | 'failed';
  reference: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** Where a batch stands after a chunk; saved with the chunk's records in one transaction. */
export interface BatchProgress {
  status: 'running' | 'completed' | 'failed';
  checkpoint: number;
  total: number;
  succeeded: number;
  failed: number;
  duplicates: number;
  error?: string | null;
}

export interface ExportProgress {
  status: 'running' | 'completed' | 'failed';
  checkpoint: Record<string, unknown>;
  files: { name: string; records: number; bytes: number }[];
  total: number;
  succeeded: number;
  error?: string | null;
}

export interface MessageLogExportFilter {
  connectorId?: string | undefined;
  messageType?: string | undefined;
  status?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

export interface MessageLogExportRow {
  rowid: number;
  id: string;
  receivedAt: number;
  connectorId: string;
  messageType: string | null;
  messageControlId: string | null;
  sendingApplication: string | null;
  sendingFacility: string | null;
  status: string;
  patientId: string | null;
  patientName: string | null;
  errorCode: string | null;
  raw: Buffer;
}

/** Data import and export batches, the import's per-item records, and the reads an export walks. */
export interface DataBatchesRepo {
  insertImport(row: NewImportBatchRow): void;
  getImport(id: string): ImportBatchRow | undefined;
  listImports(tenantId: string, status: string | undefined, page: PageRequest): Page<ImportBatchRow>;
  /** Batches still to work (queued or running), oldest first: a restarted engine takes them up from their checkpoint. */
  activeImports(): ImportBatchRow[];
  /** Of these record keys, those a succeeded record of any batch of the tenant holds, with what it wrote. */
  succeededKeys(tenantId: string, keys: readonly string[]): Map<string, string | null>;
  /** A chunk's records and the batch's new checkpoint and counts; call inside the chunk's transaction. */
  saveImportChunk(tenantId: string, batchId: string, records: readonly ImportRecordRow[], progress: BatchProgress, now: number): void;
  importRecords(batchId: string, status: string | undefined, page: PageRequest): Page<ImportRecordRow>;
  /** Every failed record in line order, for the error report. */
  failedRecords(batchId: string): ImportRecordRow[];

  insertExport(row: NewExportBatchRow): void;
  getExport(id: string): ExportBatchRow | undefined;
  listExports(tenantId: string, status: string | undefined, page: PageRequest): Page<ExportBatchRow>;
  activeExports(): ExportBatchRow[];
  saveExportProgress(id: string, progress: ExportProgress, now: number): void;
  /** Current, not deleted resources of a type updated in [since, until), after `afterId` in id order. */
  fhirPage(tenantId: string, type: string, since: number | null, until: number | null, afterId: string, limit: number): { id: string; content: string }[];
  fhirCount(tenantId: string, types: readonly string[], since: number | null, until: number | null): number;
  /** The message log matching the filter, oldest first after `afterRowid`. */
  messageLogPage(tenantId: string, filter: MessageLogExportFilter, afterRowid: number, limit: number): MessageLogExportRow[];
  messageLogCount(tenantId: string, filter: MessageLogExportFilter): number;
}

const ACTIVE = ['queued', 'running'];

function messageLogWhere(filter: MessageLogExportFilter): { sql: string; args: unknown[] } {
  const parts = ['tenant_id = ?'];
  const args: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    parts.push(clause);
    args.push(value);
  };
  if (filter.connectorId !== undefined) add('connector_id = ?', filter.connectorId);
  if (filter.messageType !== undefined) add(filter.messageType.includes('^') ? 'message_type = ?' : "substr(message_type, 1, 3) = ?", filter.messageType);
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.from !== undefined) add('received_at >= ?', filter.from);
  if (filter.to !== undefined) add('received_at <= ?', filter.to);
  return { sql: parts.join(' and '), args };
}

export function createDataBatchesRepo(db: Db, sqlite: Database.Database, ids: IdGenerator): DataBatchesRepo {
  const interfaceErrors = createInterfaceErrorWriter(sqlite, ids);
  const batchOf = sqlite.prepare<[string], { format: string; connectorId: string | null }>('select format, connector_id as connectorId from data_import_batches where id = ?');
  /** Each failed record is an open interface error, written with it; an HL7 file's messages are intake's (their own errors). */
  const recordFailures = (tenantId: string, batchId: string, records: readonly ImportRecordRow[], now: number): void => {
    const failures = records.filter((r) => r.status === 'failed');
    const batch = failures.length > 0 ? batchOf.get(batchId) : undefined;
    if (!batch || batch.format === 'hl7') return;
    for (const r of failures) {
      const code = r.errorCode ?? 'DATA_IMPORT_RECORD_FAILED';
      const message = r.errorMessage ?? 'the record could not be stored';
      interfaceErrors.record({ tenantId, connectorId: batch.connectorId, messageId: null, source: 'batch', record: `${batchId} line ${r.line}`, code, message, subject: { kind: 'batch', format: batch.format } }, now);
    }
  };
  const keyLookup = sqlite.prepare<[string, string], { reference: string | null }>("select reference from data_import_records where tenant_id = ? and record_key = ? and status = 'succeeded' limit 1");
  const insertRecord = sqlite.prepare(
    'insert into data_import_records (tenant_id, batch_id, line, record_key, status, reference, error_code, error_message) values (@tenantId, @batchId, @line, @recordKey, @status, @reference, @errorCode, @errorMessage)',
  );
  const saveImport = sqlite.prepare(
    `update data_import_batches set status = @status, checkpoint = @checkpoint, total_records = @total, succeeded_records = @succeeded, failed_records = @failed,
       duplicate_records = @duplicates, error = coalesce(@error, error), started_at = coalesce(started_at, @now),
       finished_at = case when @status in ('completed', 'failed') then @now else null end, updated_at = @now where id = @id`,
  );
  const recordColumns = 'line, record_key as recordKey, status, reference, error_code as errorCode, error_message as errorMessage';
  const recordsPage = sqlite.prepare<[string, string | null, string | null, number, number], ImportRecordRow>(
    `select ${recordColumns} from data_import_records where batch_id = ? and (? is null or status = ?) order by line limit ? offset ?`,
  );
  const recordsCount = sqlite.prepare<[string, string | null, string | null], { n: number }>('select count(*) as n from data_import_records where batch_id = ? and (? is null or status = ?)');
  const failed = sqlite.prepare<[string], ImportRecordRow>(`select ${recordColumns} from data_import_records where batch_id = ? and status = 'failed' order by line`);
  const fhirPage = sqlite.prepare<[string, string, number | null, number | null, number | null, number | null, string, number], { id: string; content: string }>(
    `select id, content from fhir_resources where tenant_id = ? and resource_type = ? and deleted = 0
       and (? is null or last_updated >= ?) and (? is null or last_updated < ?) and id > ? order by id limit ?`,
  );
  const fhirCount = sqlite.prepare<[string, string, number | null, number | null, number | null, number | null], { n: number }>(
    'select count(*) as n from fhir_resources where tenant_id = ? and resource_type = ? and deleted = 0 and (? is null or last_updated >= ?) and (? is null or last_updated < ?)',
  );
  const listWhere = <T extends typeof dataImportBatches | typeof dataExportBatches>(table: T, tenantId: string, status: string | undefined): SQL | undefined =>
    and(eq(table.tenantId, tenantId), status === undefined ? undefined : eq(table.status, status));

  return {
    insertImport(row) {
      db.insert(dataImportBatches).values(row).run();
    },
    getImport: (id) => db.select().from(dataImportBatches).where(eq(dataImportBatches.id, id)).get(),
    listImports: (tenantId, status, page) => pagedList(db, dataImportBatches, listWhere(dataImportBatches, tenantId, status), [desc(dataImportBatches.createdAt), desc(dataImportBatches.id)], page),
    activeImports: () => db.select().from(dataImportBatches).where(inArray(dataImportBatches.status, ACTIVE)).orderBy(asc(dataImportBatches.createdAt), asc(dataImportBatches.id)).all(),
    succeededKeys(tenantId, keys) {
      const found = new Map<string, string | null>();
      for (const key of keys) {
        const hit = keyLookup.get(tenantId, key);
        if (hit) found.set(key, hit.reference);
      }
      return found;
    },
    saveImportChunk(tenantId, batchId, records, progress, now) {
      for (const record of records) insertRecord.run({ tenantId, batchId, ...record });
      recordFailures(tenantId, batchId, records, now);
      saveImport.run({ id: batchId, now, ...progress, error: progress.error ?? null });
    },
    importRecords(batchId, status, page) {
      const s = status ?? null;
      return { rows: recordsPage.all(batchId, s, s, page.pageSize, (page.page - 1) * page.pageSize), total: recordsCount.get(batchId, s, s)?.n ?? 0 };
    },
    failedRecords: (batchId) => failed.all(batchId),

    insertExport(row) {
      db.insert(dataExportBatches).values(row).run();
    },
    getExport: (id) => db.select().from(dataExportBatches).where(eq(dataExportBatches.id, id)).get(),
    listExports: (tenantId, status, page) => pagedList(db, dataExportBatches, listWhere(dataExportBatches, tenantId, status), [desc(dataExportBatches.createdAt), desc(dataExportBatches.id)], page),
    activeExports: () => db.select().from(dataExportBatches).where(inArray(dataExportBatches.status, ACTIVE)).orderBy(asc(dataExportBatches.createdAt), asc(dataExportBatches.id)).all(),
    saveExportProgress(id, p, now) {
      const finished = p.status === 'completed' || p.status === 'failed';
      const row = db.select({ startedAt: dataExportBatches.startedAt }).from(dataExportBatches).where(eq(dataExportBatches.id, id)).get();
      db.update(dataExportBatches)
        .set({ status: p.status, checkpoint: p.checkpoint, files: p.files, totalRecords: p.total, succeededRecords: p.succeeded, ...(p.error ? { error: p.error } : {}), startedAt: row?.startedAt ?? now, finishedAt: finished ? now : null, updatedAt: now })
        .where(eq(dataExportBatches.id, id))
        .run();
    },
    fhirPage: (tenantId, type, since, until, afterId, limit) => fhirPage.all(tenantId, type, since, since, until, until, afterId, limit),
    fhirCount: (tenantId, types, since, until) => types.reduce((sum, type) => sum + (fhirCount.get(tenantId, type, since, since, until, until)?.n ?? 0), 0),
    messageLogPage(tenantId, filter, afterRowid, limit) {
      const where = messageLogWhere(filter);
      return sqlite
        .prepare<unknown[], MessageLogExportRow>(
          `select rowid, id, received_at as receivedAt, connector_id as connectorId, message_type as messageType, message_control_id as messageControlId,
             sending_application as sendingApplication, sending_facility as sendingFacility, status, patient_id as patientId, patient_name as patientName,
             error_code as errorCode, raw from hl7_messages where ${where.sql} and rowid > ? order by rowid limit ?`,
        )
        .all(tenantId, ...where.args, afterRowid, limit);
    },
    messageLogCount(tenantId, filter) {
      const where = messageLogWhere(filter);
      return sqlite.prepare<unknown[], { n: number }>(`select count(*) as n from hl7_messages where ${where.sql}`).get(tenantId, ...where.args)?.n ?? 0;
    },
  };
}
