import type Database from 'better-sqlite3';
import type { BulkFileOwner } from '../fhir/bulk/bulk-file-expiry';

export type ImportStatus = 'in-progress' | 'complete' | 'failed';

/** One input of a job and how far it got; `line` and `bytes` are the resume point, saved in the batch's transaction. */
export interface ImportInputState {
  type: string | null;
  url: string;
  /** The NDJSON came in the request body and was saved in the job's folder. */
  body: boolean;
  /** Lines consumed, blank ones included: the number of the last committed line. */
  line: number;
  /** Byte offset just past the last committed line. */
  bytes: number;
  /** Non-blank lines read. */
  read: number;
  written: number;
  errors: number;
  done: boolean;
}

export interface ImportJobRow {
  id: string;
  tenantId: string;
  status: ImportStatus;
  requestUrl: string;
  inputs: ImportInputState[];
  /** Length of the error NDJSON that goes with the committed progress. */
  errorBytes: number;
  error: string | null;
  expiresAt: number | null;
  completedAt: number | null;
  prunedAt: number | null;
  createdAt: number;
}

type RawJob = Omit<ImportJobRow, 'inputs'> & { inputs: string };

export type NewImportJob = Pick<ImportJobRow, 'id' | 'tenantId' | 'requestUrl' | 'inputs' | 'createdAt'>;

/** bulk_import_jobs. */
export interface BulkImportRepo {
  insert(job: NewImportJob): void;
  get(id: string): ImportJobRow | undefined;
  isActive(id: string): boolean;
  activeIds(): string[];
  /** Saves the resume point of a running job; false when it was cancelled or finished meanwhile. */
  saveProgress(id: string, inputs: ImportInputState[], errorBytes: number, now: number): boolean;
  complete(id: string, now: number, expiresAt: number): void;
  fail(id: string, error: string, now: number, expiresAt: number): void;
  remove(id: string): void;
  /** Finished jobs whose files have not been pruned: what the sweep decides about. */
  unpruned(): BulkFileOwner[];
  /** Marks a finished job's files pruned; false when it is running or already pruned. */
  markPruned(id: string, now: number): boolean;
  /** False once the store is closed (a failure then is the shutdown's, not the job's). */
  storeOpen(): boolean;
}

/** Raw SQL like the export repository. */
export function createBulkImportRepo(sqlite: Database.Database): BulkImportRepo {
  const columns = `id, tenant_id AS tenantId, status, request_url AS requestUrl, inputs, error_bytes AS errorBytes, error, expires_at AS expiresAt,
    completed_at AS completedAt, pruned_at AS prunedAt, created_at AS createdAt`;
  const byId = sqlite.prepare(`SELECT ${columns} FROM bulk_import_jobs WHERE id = ?`);
  const activeById = sqlite.prepare(`SELECT 1 FROM bulk_import_jobs WHERE id = ? AND status = 'in-progress'`).pluck();
  const progress = sqlite.prepare(`UPDATE bulk_import_jobs SET inputs = ?, error_bytes = ?, updated_at = ? WHERE id = ? AND status = 'in-progress'`);

  return {
    insert(job) {
      sqlite
        .prepare(`INSERT INTO bulk_import_jobs (id, tenant_id, status, request_url, inputs, error_bytes, created_at, updated_at) VALUES (?, ?, 'in-progress', ?, ?, 0, ?, ?)`)
        .run(job.id, job.tenantId, job.requestUrl, JSON.stringify(job.inputs), job.createdAt, job.createdAt);
    },
    get(id: string): ImportJobRow | undefined {
      const raw = byId.get(id) as RawJob | undefined;
      return raw ? { ...raw, inputs: JSON.parse(raw.inputs) as ImportInputState[] } : undefined;
    },
    isActive(id: string): boolean {
      return activeById.get(id) === 1;
    },
    activeIds(): string[] {
      return sqlite.prepare(`SELECT id FROM bulk_import_jobs WHERE status = 'in-progress' ORDER BY created_at`).pluck().all() as string[];
    },
    /** Saves the resume point of a running job; false when it was cancelled or finished meanwhile. */
    saveProgress(id: string, inputs: ImportInputState[], errorBytes: number, now: number): boolean {
      return progress.run(JSON.stringify(inputs), errorBytes, now, id).changes === 1;
    },
    complete(id: string, now: number, expiresAt: number): void {
      sqlite.prepare(`UPDATE bulk_import_jobs SET status = 'complete', completed_at = ?, expires_at = ?, updated_at = ? WHERE id = ? AND status = 'in-progress'`).run(now, expiresAt, now, id);
    },
    fail(id: string, error: string, now: number, expiresAt: number): void {
      sqlite.prepare(`UPDATE bulk_import_jobs SET status = 'failed', error = ?, expires_at = ?, updated_at = ? WHERE id = ? AND status = 'in-progress'`).run(error, expiresAt, now, id);
    },
    remove(id: string): void {
      sqlite.prepare('DELETE FROM bulk_import_jobs WHERE id = ?').run(id);
    },
    /** Finished jobs whose files have not been pruned: what the sweep decides about. */
    unpruned(): BulkFileOwner[] {
      return sqlite.prepare(`SELECT id, status, expires_at AS expiresAt, pruned_at AS prunedAt FROM bulk_import_jobs WHERE pruned_at IS NULL AND status <> 'in-progress'`).all() as BulkFileOwner[];
    },
    /** Marks a finished job's files pruned; false when it is running or already pruned. */
    markPruned(id: string, now: number): boolean {
      return sqlite.prepare(`UPDATE bulk_import_jobs SET pruned_at = ?, updated_at = ? WHERE id = ? AND pruned_at IS NULL AND status <> 'in-progress'`).run(now, now, id).changes === 1;
    },
    storeOpen(): boolean {
      return sqlite.open;
    },
  };
}
