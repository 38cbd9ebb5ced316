import { z } from 'zod';
import { defineOperation, versionInput } from './define-operation';

const MB = 1024 * 1024;

/** The default free-disk floor under which intake refuses messages (AR, ERR 207, STORE_DISK_SPACE_LOW). */
export const DEFAULT_MIN_FREE_DISK_BYTES = 500 * MB;

/**
 * A connector's retention rule (`settings.retention`): messages older than `maxAgeDays`, and the oldest
 * beyond the newest `maxMessages`, are deleted by the `retention` job. Failed and dead-lettered messages
 * whose interface error is still open are kept unless `keepUnresolvedFailures` is false; messages still
 * waiting for or in processing are always kept.
 */
export const RetentionRule = z
  .object({
    maxAgeDays: z.number().int('must be a whole number of days').min(1).max(36_500).optional(),
    maxMessages: z.number().int('must be a whole number').min(1).max(1_000_000_000).optional(),
    keepUnresolvedFailures: z.boolean().default(true),
  })
  .strict();
export type RetentionRule = z.infer<typeof RetentionRule>;

export const StoreSettings = z.object({
  /** The `retention` job prunes the oldest eligible messages until the database is smaller; null: no limit. */
  maxStoreBytes: z.number().nullable(),
  /** Intake answers AR while less than this is free on the data directory's disk (it accepts again 10% above it). */
  minFreeDiskBytes: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});
export type StoreSettings = z.infer<typeof StoreSettings>;

const RunSummary = z.object({
  id: z.string(),
  status: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  counts: z.object({ read: z.number(), written: z.number(), skipped: z.number(), failed: z.number() }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const StoreBackupFile = z.object({
  name: z.string(),
  createdAt: z.string(),
  bytes: z.number(),
  /** The copy a restore kept of the store it replaced (restoring it undoes that restore). */
  beforeRestore: z.boolean(),
});
export type StoreBackupFile = z.infer<typeof StoreBackupFile>;

/**
 * The parts of the data directory the Settings page lists: the main database with its write-ahead log, the
 * intake journal, FHIR bulk export files and import staging, data batch files, a restore being staged, the
 * secret key files, and anything else (the engine lock, files someone put there).
 */
export const DATA_DIR_PARTS = ['database', 'journal', 'bulkExports', 'bulkImports', 'dataBatches', 'restore', 'keys', 'other'] as const;
export type DataDirPart = (typeof DATA_DIR_PARTS)[number];

export const DataDirUsage = z.object({
  parts: z.array(z.object({ part: z.enum(DATA_DIR_PARTS), bytes: z.number(), files: z.number() })),
  /** The backups in the backup folder (wherever it is), summed. */
  backupsBytes: z.number(),
  /** The data directory's volume (statfs): its size and what is free for the engine; null when the OS does not say. */
  volume: z.object({ totalBytes: z.number().nullable(), freeBytes: z.number().nullable() }),
  /** The free-disk guard's marks: intake refuses below `refuseBelowBytes`, accepts again above `resumeAboveBytes`; an alert starts below `warnBelowBytes`. 0 and 0: the guard is off. */
  diskGuard: z.object({ refuseBelowBytes: z.number(), resumeAboveBytes: z.number(), warnBelowBytes: z.number() }),
});
export type DataDirUsage = z.infer<typeof DataDirUsage>;

/** The store's size and disk, its rules, and what retention and backup last did. */
export const StoreOverview = z.object({
  /** The engine's data directory (the store, its intake journal and keys), as the engine was started with it (--data-dir, INTEROP_DATA_DIR or the app's data folder). */
  dataDirectory: z.string(),
  /** interop.db as SQLite counts it (pages × page size), its write-ahead log, and the intake journal (intake.db and its log). */
  databaseBytes: z.number(),
  freePagesBytes: z.number(),
  walBytes: z.number(),
  journalBytes: z.number(),
  freeDiskBytes: z.number().nullable(),
  /** `incremental`: pruned space goes back to the disk; `none`: it is reused by SQLite but the file does not shrink. */
  autoVacuum: z.enum(['none', 'full', 'incremental']),
  intakeRefusingForDisk: z.boolean(),
  /** Everything the data directory holds, and its disk. */
  usage: DataDirUsage,
  settings: StoreSettings,
  retention: z.object({
    jobId: z.string().nullable(),
    rules: z.array(z.object({ connectorId: z.string(), name: z.string(), rule: RetentionRule })),
    lastRun: RunSummary.nullable(),
  }),
  backups: z.object({
    jobId: z.string().nullable(),
    folder: z.string().nullable(),
    keep: z.number().nullable(),
    files: z.array(StoreBackupFile),
    lastRun: RunSummary.nullable(),
  }),
});
export type StoreOverview = z.infer<typeof StoreOverview>;

/** A restore that passed its checks and is being applied: the engine pauses, swaps the store, and resumes. */
export const StoreRestore = z.object({
  backup: z.string(),
  /** The backup (in the same folder) the replaced store is kept as; restoring it undoes this restore. */
  beforeRestore: z.string(),
  requestedAt: z.string(),
});
export type StoreRestore = z.infer<typeof StoreRestore>;

export const storeOps = {
  overview: defineOperation({
    name: 'store.overview',
    http: { method: 'GET', path: '/api/v1/store' },
    input: z.object({}),
    output: StoreOverview,
    reads: ['integrationJobs', 'integrationRuns', 'connectors'],
  }),
  updateSettings: defineOperation({
    name: 'store.updateSettings',
    http: { method: 'PATCH', path: '/api/v1/store/settings' },
    input: z.object({
      version: versionInput,
      maxStoreBytes: z.number().int().min(MB, 'must be at least 1 MB').nullable().optional(),
      minFreeDiskBytes: z.number().int().min(0).max(1024 * 1024 * MB).optional(),
    }),
    output: StoreSettings,
    invalidates: ['store'],
  }),
  /**
   * Restores a backup from the backup job's folder: checked first (STORE_RESTORE_* codes, nothing changed
   * when refused), then the engine pauses — inbound listeners closed (senders retry), background work and
   * processing stopped, the store closed — the store is replaced (the current one kept as a
   * `-before-restore` backup), reopened, migrated, and the engine resumes on the same ports.
   */
  restore: defineOperation({
    name: 'store.restore',
    http: { method: 'POST', path: '/api/v1/store/backups/:name/restore' },
    input: z.object({ name: z.string().min(1).max(200) }),
    output: StoreRestore,
    invalidates: ['store'],
  }),
} as const;
