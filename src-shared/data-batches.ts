import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput } from './define-operation';

/** The largest file an import takes in one request (characters of `content`); larger ones are 413 DATA_IMPORT_FILE_TOO_LARGE. */
export const DATA_IMPORT_MAX_CHARS = 8 * 1024 * 1024;

export const DataImportFormat = z.enum(['fhir-ndjson', 'csv', 'hl7-batch']);
export type DataImportFormat = z.infer<typeof DataImportFormat>;
export const DataExportFormat = z.enum(['fhir-ndjson', 'message-log-csv']);
export type DataExportFormat = z.infer<typeof DataExportFormat>;
/** queued: waiting for its first chunk; running: chunks committed so far; completed / failed: done. */
export const DataBatchStatus = z.enum(['queued', 'running', 'completed', 'failed']);
export type DataBatchStatus = z.infer<typeof DataBatchStatus>;
/** succeeded: written (a resource, a stored message); duplicate: already imported from the same file, nothing new; failed: see its code. */
export const DataImportRecordStatus = z.enum(['succeeded', 'duplicate', 'failed']);
export type DataImportRecordStatus = z.infer<typeof DataImportRecordStatus>;

const resourceType = z.string().regex(/^[A-Z][A-Za-z]{1,63}$/, 'must be a FHIR resource type such as Patient');
const TransformArg = z.union([z.string(), z.number(), z.boolean()]);

/** One CSV column into the resource: a FHIR path below the resource (`name[0].family`, `identifier[0].value`), through a mapping transform. */
export const CsvColumnRule = z.object({
  column: z.string().min(1).max(200),
  target: z.string().min(1).max(200),
  /** A transform of the mapping rules (`date_to_iso`, `normalize_gender`, `v2_table`, …); the text as it is when absent. */
  transform: z.string().min(1).max(64).optional(),
  args: z.record(z.string(), TransformArg).optional(),
});
export type CsvColumnRule = z.infer<typeof CsvColumnRule>;

/** Fixed values written into every resource (`identifier[0].system` = a URI), before the columns. */
export const CsvConstant = z.object({ target: z.string().min(1).max(200), value: z.union([z.string().max(2000), z.number(), z.boolean()]) });

export const CsvMapping = z.object({
  resourceType: resourceType.default('Patient'),
  delimiter: z.enum([',', ';', '\t', '|']).default(','),
  columns: z.array(CsvColumnRule).min(1, 'map at least one column').max(200),
  constants: z.array(CsvConstant).max(50).default([]),
});
export type CsvMapping = z.infer<typeof CsvMapping>;
export type CsvMappingInput = z.input<typeof CsvMapping>;

const content = z.string().min(1, 'the file is empty');

export const CreateDataImportBatch = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    format: DataImportFormat,
    /** The file's text. Over HTTP a JSON string (writes take JSON only); its size is checked by the engine. */
    content,
    /** CSV only: how columns become resource fields. */
    mapping: CsvMapping.optional(),
    /** HL7 batch files only: the connector the messages are stored under, as if it had received them. */
    connectorId: idInput('CONN').optional(),
  })
  .superRefine((input, ctx) => {
    if (input.format === 'csv' && input.mapping === undefined) ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'is required for a CSV import' });
    if (input.format !== 'csv' && input.mapping !== undefined) ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'is only for a CSV import' });
    if (input.format === 'hl7-batch' && input.connectorId === undefined) ctx.addIssue({ code: 'custom', path: ['connectorId'], message: 'is required for an HL7 batch file' });
    if (input.format !== 'hl7-batch' && input.connectorId !== undefined) ctx.addIssue({ code: 'custom', path: ['connectorId'], message: 'is only for an HL7 batch file' });
  });
export type CreateDataImportBatch = z.infer<typeof CreateDataImportBatch>;

const counts = {
  /** Items in the file (lines, rows, messages); known once the file is read, 0 before. */
  total: z.number(),
  /** Items done: succeeded (duplicates among them) + failed. */
  processed: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  /** 0 to 1. */
  progress: z.number(),
};

export const DataImportBatch = z.object({
  id: z.string(),
  format: DataImportFormat,
  fileName: z.string(),
  fileHash: z.string(),
  fileBytes: z.number(),
  status: DataBatchStatus,
  ...counts,
  /** Succeeded items that an earlier import of the same file had written already: nothing new was created. */
  duplicates: z.number(),
  connectorId: z.string().nullable(),
  mapping: CsvMapping.nullable(),
  /** Why the batch as a whole failed (an unreadable file); item errors are under `errors`. */
  error: z.string().nullable(),
  runId: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type DataImportBatch = z.infer<typeof DataImportBatch>;

/** One item of an import; messages name positions, paths and codes, never field values. */
export const DataImportRecord = z.object({
  line: z.number(),
  status: DataImportRecordStatus,
  /** `Patient/…` or `MSG_…` when written (for a duplicate, what the first import wrote). */
  reference: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
});
export type DataImportRecord = z.infer<typeof DataImportRecord>;

export const DataBatchFile = z.object({
  name: z.string(),
  /** upload: the file as imported; error-report: the errors as CSV (line, code, message); export: an output file. */
  role: z.enum(['upload', 'error-report', 'export']),
  contentType: z.string(),
  records: z.number(),
  bytes: z.number(),
  /** Where to GET it over HTTP; the console reads it through the `download` operation on both transports. */
  url: z.string(),
});
export type DataBatchFile = z.infer<typeof DataBatchFile>;

export const DataBatchDownload = z.object({ name: z.string(), contentType: z.string(), content: z.string() });
export type DataBatchDownload = z.infer<typeof DataBatchDownload>;

const isoDateTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}(T|$)/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date or date-time');

export const MessageLogFilters = z.object({
  connectorId: idInput('CONN').optional(),
  messageType: z.string().regex(/^[A-Z0-9]{3}(\^[A-Z0-9]{2,3})?$/, 'must be a message type such as ADT^A01').optional(),
  status: z.enum(['pending', 'processing', 'processed', 'failed', 'dead_lettered']).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type MessageLogFilters = z.infer<typeof MessageLogFilters>;

export const CreateDataExportBatch = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('fhir-ndjson'),
    resourceTypes: z.array(resourceType).min(1).max(150),
    /** Resources last updated at or after `since` and before `until`. */
    since: isoDateTime.optional(),
    until: isoDateTime.optional(),
  }),
  z.object({
    format: z.literal('message-log-csv'),
    /** Names, identifiers, addresses, phone numbers and birth dates replaced by *** in every column and the raw message. */
    maskPhi: z.boolean(),
    filters: MessageLogFilters.default({}),
  }),
]);
export type CreateDataExportBatch = z.infer<typeof CreateDataExportBatch>;
export type CreateDataExportBatchInput = z.input<typeof CreateDataExportBatch>;

export const DataExportBatch = z.object({
  id: z.string(),
  format: DataExportFormat,
  status: DataBatchStatus,
  ...counts,
  options: z.record(z.string(), z.unknown()),
  files: z.array(DataBatchFile),
  error: z.string().nullable(),
  runId: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type DataExportBatch = z.infer<typeof DataExportBatch>;

export const CsvPreview = z.object({
  columns: z.array(z.string()),
  /** The first rows as read, for the operator choosing the mapping. */
  rows: z.array(z.array(z.string())),
  /** Rows in the file, header excluded. */
  total: z.number(),
  /** With a mapping: what each of the first rows becomes, or why it fails (before validation). */
  mapped: z.array(z.object({ line: z.number(), resource: z.record(z.string(), z.unknown()).nullable(), errors: z.array(z.object({ code: z.string(), message: z.string() })) })),
});
export type CsvPreview = z.infer<typeof CsvPreview>;

const importId = idInput('IMP');
const exportId = idInput('EXP');

export const dataImportBatchOps = {
  list: defineOperation({
    name: 'dataImportBatches.list',
    http: { method: 'GET', path: '/api/v1/data-import-batches' },
    input: z.object({ ...pageInput, status: DataBatchStatus.optional() }),
    output: Page(DataImportBatch),
  }),
  get: defineOperation({ name: 'dataImportBatches.get', http: { method: 'GET', path: '/api/v1/data-import-batches/:id' }, input: z.object({ id: importId }), output: DataImportBatch }),
  create: defineOperation({
    name: 'dataImportBatches.create',
    http: { method: 'POST', path: '/api/v1/data-import-batches', successStatus: 202 },
    input: CreateDataImportBatch,
    output: DataImportBatch,
    invalidates: ['dataImportBatches'],
  }),
  /** The first rows of a CSV and, with a mapping, what they become; nothing is stored. */
  preview: defineOperation({
    name: 'dataImportBatches.preview', audited: false,
    http: { method: 'POST', path: '/api/v1/data-import-batches/preview' },
    input: z.object({ content, mapping: CsvMapping.optional(), delimiter: z.enum([',', ';', '\t', '|']).optional(), rows: z.number().int().min(1).max(50).default(10) }),
    output: CsvPreview,
  }),
  records: defineOperation({
    name: 'dataImportBatches.records',
    http: { method: 'GET', path: '/api/v1/data-import-batches/:id/records' },
    input: z.object({ id: importId, ...pageInput, status: DataImportRecordStatus.optional() }),
    output: Page(DataImportRecord),
  }),
  errors: defineOperation({
    name: 'dataImportBatches.errors',
    http: { method: 'GET', path: '/api/v1/data-import-batches/:id/errors' },
    input: z.object({ id: importId, ...pageInput }),
    output: Page(DataImportRecord),
  }),
  files: defineOperation({ name: 'dataImportBatches.files', http: { method: 'GET', path: '/api/v1/data-import-batches/:id/files' }, input: z.object({ id: importId }), output: z.array(DataBatchFile) }),
  /** A file's content (the upload, or `errors.csv`); over HTTP also as the raw file at the file's `url`. */
  download: defineOperation({
    name: 'dataImportBatches.download', audited: true,
    http: { method: 'GET', path: '/api/v1/data-import-batches/:id/files/:name/content' },
    input: z.object({ id: importId, name: z.string().min(1).max(255) }),
    output: DataBatchDownload,
  }),
} as const;

export const dataExportBatchOps = {
  list: defineOperation({
    name: 'dataExportBatches.list',
    http: { method: 'GET', path: '/api/v1/data-export-batches' },
    input: z.object({ ...pageInput, status: DataBatchStatus.optional() }),
    output: Page(DataExportBatch),
  }),
  get: defineOperation({ name: 'dataExportBatches.get', http: { method: 'GET', path: '/api/v1/data-export-batches/:id' }, input: z.object({ id: exportId }), output: DataExportBatch }),
  create: defineOperation({
    name: 'dataExportBatches.create',
    http: { method: 'POST', path: '/api/v1/data-export-batches', successStatus: 202 },
    input: CreateDataExportBatch,
    output: DataExportBatch,
    invalidates: ['dataExportBatches'],
  }),
  files: defineOperation({ name: 'dataExportBatches.files', http: { method: 'GET', path: '/api/v1/data-export-batches/:id/files' }, input: z.object({ id: exportId }), output: z.array(DataBatchFile) }),
  download: defineOperation({
    name: 'dataExportBatches.download', audited: true,
    http: { method: 'GET', path: '/api/v1/data-export-batches/:id/files/:name/content' },
    input: z.object({ id: exportId, name: z.string().min(1).max(255) }),
    output: DataBatchDownload,
  }),
} as const;
