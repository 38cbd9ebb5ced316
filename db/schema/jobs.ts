import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, epochMs, json, tenantColumn, timestamps } from './columns';
import { interopConnectors } from './connectors';
import { externalSystems, tenants } from './tenancy';

export const integrationJobs = sqliteTable(
  'integration_jobs',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    externalSystemId: text('external_system_id').references(() => externalSystems.id, { onDelete: 'set null' }),
    connectorId: text('connector_id').references(() => interopConnectors.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    schedule: text('schedule'),
    /** IANA time zone the cron expression is read in. */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** A run still going when the next is due: `skip` the due one, or `queue` it to start when the first ends. */
    overlap: text('overlap').notNull().default('skip'),
    /** Runs missed while the engine was off: `run-once` now, or `skip` to the next due time. */
    catchUp: text('catch_up').notNull().default('run-once'),
    config: json<Record<string, unknown>>('config').notNull(),
    enabled: bool('enabled').notNull(),
    /** What the last successful run left for the next one (a high-water mark). */
    state: json<unknown>('state'),
    lastRunAt: epochMs('last_run_at'),
    nextRunAt: epochMs('next_run_at'),
    skippedRuns: integer('skipped_runs').notNull().default(0),
    lastSkippedAt: epochMs('last_skipped_at'),
    lastSkipReason: text('last_skip_reason'),
    version: integer('version').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('integration_jobs_tenant_name_uq').on(t.tenantId, t.name), index('integration_jobs_next_run_idx').on(t.enabled, t.nextRunAt)],
);

export const integrationRuns = sqliteTable(
  'integration_runs',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    jobId: text('job_id').notNull().references(() => integrationJobs.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    trigger: text('trigger').notNull(),
    idempotencyKey: text('idempotency_key'),
    leaseOwner: text('lease_owner'),
    leaseUntil: epochMs('lease_until'),
    recordsRead: integer('records_read').notNull().default(0),
    recordsWritten: integer('records_written').notNull().default(0),
    recordsFailed: integer('records_failed').notNull().default(0),
    recordsSkipped: integer('records_skipped').notNull().default(0),
    recordsConflicts: integer('records_conflicts').notNull().default(0),
    progressDone: integer('progress_done'),
    progressTotal: integer('progress_total'),
    /** Where an interrupted run resumes; the kind's own shape. */
    checkpoint: json<unknown>('checkpoint'),
    /** The job state this run set; it becomes the job's only if the run succeeds. */
    jobState: json<unknown>('job_state'),
    /** Whether the run set a job state (null is a state a kind may set). */
    jobStateSet: bool('job_state_set').notNull().default(false),
    errorCode: text('error_code'),
    error: text('error'),
    /** The due time a scheduled run was started for. */
    scheduledFor: epochMs('scheduled_for'),
    queuedAt: epochMs('queued_at').notNull(),
    startedAt: epochMs('started_at'),
    finishedAt: epochMs('finished_at'),
  },
  (t) => [
    index('integration_runs_job_idx').on(t.jobId, t.queuedAt),
    index('integration_runs_status_idx').on(t.status, t.leaseUntil),
    uniqueIndex('integration_runs_idempotency_uq').on(t.jobId, t.idempotencyKey),
    // A job never overlaps itself: at most one run going and one waiting, whatever claims them.
    uniqueIndex('integration_runs_one_running_uq').on(t.jobId).where(sql`status = 'running'`),
    uniqueIndex('integration_runs_one_waiting_uq').on(t.jobId).where(sql`status = 'queued'`),
  ],
);

export const integrationRunErrors = sqliteTable(
  'integration_run_errors',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    runId: text('run_id').notNull().references(() => integrationRuns.id, { onDelete: 'cascade' }),
    at: epochMs('at').notNull(),
    record: text('record'),
    code: text('code').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('integration_run_errors_run_idx').on(t.runId, t.at)],
);

export const integrationRunLogs = sqliteTable(
  'integration_run_logs',
  {
    id: text('id').primaryKey(),
    tenantId: tenantColumn().references(() => tenants.id),
    runId: text('run_id').notNull().references(() => integrationRuns.id, { onDelete: 'cascade' }),
    at: epochMs('at').notNull(),
    level: text('level').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('integration_run_logs_run_idx').on(t.runId, t.at)],
);

const batchColumns = () => ({
  id: text('id').primaryKey(),
  tenantId: tenantColumn().references(() => tenants.id),
  runId: text('run_id').references(() => integrationRuns.id, { onDelete: 'set null' }),
  format: text('format').notNull(),
  location: text('location').notNull(),
  status: text('status').notNull(),
  totalRecords: integer('total_records').notNull().default(0),
  succeededRecords: integer('succeeded_records').notNull().default(0),
  failedRecords: integer('failed_records').notNull().default(0),
  errors: json<unknown[]>('errors'),
  startedAt: epochMs('started_at'),
  finishedAt: epochMs('finished_at'),
  ...timestamps(),
});

/** An upload worked in chunks: `checkpoint` items done, committed with each chunk's records (see data-batches/). */
export const dataImportBatches = sqliteTable(
  'data_import_batches',
  {
    ...batchColumns(),
    fileName: text('file_name').notNull().default(''),
    /** SHA-256 (hex) of the uploaded bytes; with a line number, the key that makes a second import of the file create nothing. */
    fileHash: text('file_hash').notNull().default(''),
    fileBytes: integer('file_bytes').notNull().default(0),
    /** The connector an HL7 batch file is stored under (its messages go through intake as if it had received them); the messages keep it. */
    connectorId: text('connector_id'),
    /** CSV: the resource type and column → FHIR path rules, with transforms. */
    mapping: json<Record<string, unknown>>('mapping'),
    options: json<Record<string, unknown>>('options'),
    /** Items (lines, rows, messages) done; committed in the transaction of their records. */
    checkpoint: integer('checkpoint').notNull().default(0),
    duplicateRecords: integer('duplicate_records').notNull().default(0),
    error: text('error'),
  },
  (t) => [index('data_import_batches_tenant_status_idx').on(t.tenantId, t.status)],
);

/** One item of an import: what became of it (a reference, or an error code and message without patient data). */
export const dataImportRecords = sqliteTable(
  'data_import_records',
  {
    tenantId: tenantColumn().references(() => tenants.id),
    batchId: text('batch_id').notNull().references(() => dataImportBatches.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    /** `<file hash>:<line>`: a succeeded record with this key in any batch makes the line a duplicate. */
    recordKey: text('record_key').notNull(),
    status: text('status').notNull(),
    reference: text('reference'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.line] }), index('data_import_records_key_idx').on(t.tenantId, t.recordKey, t.status), index('data_import_records_status_idx').on(t.batchId, t.status, t.line)],
);

export const dataExportBatches = sqliteTable(
  'data_export_batches',
  {
    ...batchColumns(),
    /** What was asked: resource types and dates, or the message log's filters and masking. */
    options: json<Record<string, unknown>>('options'),
    /** Where the next chunk starts, and each file's length when it was saved (a restart truncates to it). */
    checkpoint: json<Record<string, unknown>>('checkpoint'),
    files: json<{ name: string; records: number; bytes: number }[]>('files'),
    error: text('error'),
  },
  (t) => [index('data_export_batches_tenant_status_idx').on(t.tenantId, t.status)],
);
