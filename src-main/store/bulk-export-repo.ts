import type Database from 'better-sqlite3';
import { AppError } from '../core/errors';
import { isUniqueViolation } from './sqlite-errors';
import type { BulkFileOwner } from '../fhir/bulk/bulk-file-expiry';

export type ExportLevel = 'system' | 'patient' | 'group';
export type ExportStatus = 'accepted' | 'in-progress' | 'complete' | 'failed';

/**
 * One NDJSON file of an export. While the job runs, `after` (the last id written) and `bytes` (the file length
 * that goes with it) are the resume cursor; they are saved after the batch is fsynced.
 */
export interface ExportPart {
  type: string;
  total: number;
  count: number;
  bytes: number;
  after: string | null;
  done: boolean;
}

export interface ExportJobRow {
  id: string;
  tenantId: string;
  level: ExportLevel;
  groupId: string | null;
  types: string[] | null;
  since: number | null;
  status: ExportStatus;
  progress: number;
  requestUrl: string;
  parts: ExportPart[];
  error: string | null;
  expiresAt: number | null;
  completedAt: number | null;
  prunedAt: number | null;
  createdAt: number;
}

type RawJob = Omit<ExportJobRow, 'types' | 'parts'> & { types: string | null; parts: string | null };

/** Which live resources an export takes: its level, the group's members and `_since`. */
export interface ExportScope {
  tenantId: string;
  level: ExportLevel;
  since: number | null;
  /** Patient ids of the group (group level only). */
  members: string[] | null;
}

const COMPARTMENT_PARAMS = `('patient', 'subject')`;

function scopeWhere(scope: ExportScope, type: string): { sql: string; args: unknown[] } {
  const parts = ['r.tenant_id = ?', 'r.resource_type = ?', 'r.deleted = 0'];
  const args: unknown[] = [scope.tenantId, type];
  if (scope.since !== null) {
    parts.push('r.last_updated > ?');
    args.push(scope.since);
  }
  if (scope.level !== 'system' && type === 'Patient') {
    if (scope.members) {
      parts.push('r.id IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(scope.members));
    }
  } else if (scope.level !== 'system') {
    const members = scope.members ? ' AND x.target_id IN (SELECT value FROM json_each(?))' : '';
    parts.push(
      `EXISTS (SELECT 1 FROM fhir_search_reference x WHERE x.tenant_id = r.tenant_id AND x.resource_type = r.resource_type AND x.resource_id = r.id
        AND x.param IN ${COMPARTMENT_PARAMS} AND x.target_type = 'Patient'${members})`,
    );
    if (scope.members) args.push(JSON.stringify(scope.members));
  }
  return { sql: parts.join(' AND '), args };
}

export type NewExportJob = Pick<ExportJobRow, 'id' | 'tenantId' | 'level' | 'groupId' | 'types' | 'since' | 'requestUrl' | 'createdAt'>;

/** bulk_export_jobs and the reads an export makes of fhir_resources. */
export interface BulkExportRepo {
  /** Throws conflict FHIR_EXPORT_ALREADY_RUNNING while another export of the tenant and group is active. */
  insert(job: NewExportJob): void;
  get(id: string): ExportJobRow | undefined;
  /** A tenant's jobs, newest first, and how many match in all. */
  list(tenantId: string, status: ExportStatus | undefined, limit: number, offset: number): { rows: ExportJobRow[]; total: number };
  activeIds(): string[];
  /** Saves the cursor of a running job; false when the job was cancelled or finished meanwhile. */
  saveProgress(id: string, parts: ExportPart[], now: number): boolean;
  complete(id: string, parts: ExportPart[], now: number, expiresAt: number): void;
  /** `expiresAt` lets the sweep delete the partial files. */
  fail(id: string, error: string, now: number, expiresAt: number): void;
  remove(id: string): void;
  /** Moves a complete job's link expiry (and so its sweep); false when it is not complete or already pruned. */
  keepUntil(id: string, expiresAt: number, now: number): boolean;
  /** Finished jobs whose files have not been pruned: what the sweep decides about. */
  unpruned(): BulkFileOwner[];
  /** Marks a finished job's files pruned; false when it is running or already pruned. */
  markPruned(id: string, now: number): boolean;
  /** Resource types with something to export when the request names none. */
  typesInScope(scope: ExportScope): string[];
  countInScope(scope: ExportScope, type: string): number;
  /** The next batch after `after`, keyset-paginated by id within the type. */
  batch(scope: ExportScope, type: string, after: string | null, limit: number): { id: string; content: string }[];
  groupContent(tenantId: string, groupId: string): string | undefined;
}

/** Raw SQL like the FHIR repository. */
export function createBulkExportRepo(sqlite: Database.Database): BulkExportRepo {
  const columns = `id, tenant_id AS tenantId, level, group_id AS groupId, resource_types AS types, since, status, progress, request_url AS requestUrl,
    output AS parts, error, expires_at AS expiresAt, completed_at AS completedAt, pruned_at AS prunedAt, created_at AS createdAt`;
  const toJob = (raw: RawJob): ExportJobRow => ({ ...raw, types: raw.types ? (JSON.parse(raw.types) as string[]) : null, parts: raw.parts ? (JSON.parse(raw.parts) as ExportPart[]) : [] });
  const byId = sqlite.prepare(`SELECT ${columns} FROM bulk_export_jobs WHERE id = ?`);

  return {
    insert(job) {
      try {
        sqlite
          .prepare(
            `INSERT INTO bulk_export_jobs (id, tenant_id, level, group_id, resource_types, since, status, progress, request_url, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, 'accepted', 0, ?, ?, ?)`,
          )
          .run(job.id, job.tenantId, job.level, job.groupId, job.types ? JSON.stringify(job.types) : null, job.since, job.requestUrl, job.createdAt, job.createdAt);
      } catch (error) {
        // The one-active-export index: another export of this tenant and group has not finished.
        if (isUniqueViolation(error)) throw new AppError('conflict', 'FHIR_EXPORT_ALREADY_RUNNING', 'An export is already running for this tenant and group; wait for it or cancel it');
        throw error;
      }
    },
    get(id: string): ExportJobRow | undefined {
      const raw = byId.get(id) as RawJob | undefined;
      return raw ? toJob(raw) : undefined;
    },
    /** A tenant's jobs, newest first, and how many match in all. */
    list(tenantId: string, status: ExportStatus | undefined, limit: number, offset: number): { rows: ExportJobRow[]; total: number } {
      const where = status ? 'tenant_id = ? AND status = ?' : 'tenant_id = ?';
      const args = status ? [tenantId, status] : [tenantId];
      const rows = sqlite.prepare(`SELECT ${columns} FROM bulk_export_jobs WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as RawJob[];
      const total = sqlite.prepare(`SELECT count(*) FROM bulk_export_jobs WHERE ${where}`).pluck().get(...args) as number;
      return { rows: rows.map(toJob), total };
    },
    activeIds(): string[] {
      return sqlite.prepare(`SELECT id FROM bulk_export_jobs WHERE status IN ('accepted', 'in-progress') ORDER BY created_at`).pluck().all() as string[];
    },
    /** Saves the cursor of a running job; false when the job was cancelled or finished meanwhile. */
    saveProgress(id: string, parts: ExportPart[], now: number): boolean {
      const progress = parts.reduce((sum, p) => sum + p.count, 0);
      return (
        sqlite
          .prepare(`UPDATE bulk_export_jobs SET status = 'in-progress', output = ?, progress = ?, updated_at = ? WHERE id = ? AND status IN ('accepted', 'in-progress')`)
          .run(JSON.stringify(parts), progress, now, id).changes === 1
      );
    },
    complete(id: string, parts: ExportPart[], now: number, expiresAt: number): void {
      const progress = parts.reduce((sum, p) => sum + p.count, 0);
      sqlite
        .prepare(`UPDATE bulk_export_jobs SET status = 'complete', output = ?, progress = ?, completed_at = ?, expires_at = ?, updated_at = ? WHERE id = ? AND status = 'in-progress'`)
        .run(JSON.stringify(parts), progress, now, expiresAt, now, id);
    },
    /** `expiresAt` lets the sweep delete the partial files. */
    fail(id: string, error: string, now: number, expiresAt: number): void {
      sqlite.prepare(`UPDATE bulk_export_jobs SET status = 'failed', error = ?, expires_at = ?, updated_at = ? WHERE id = ? AND status IN ('accepted', 'in-progress')`).run(error, expiresAt, now, id);
    },
    remove(id: string): void {
      sqlite.prepare('DELETE FROM bulk_export_jobs WHERE id = ?').run(id);
    },
    keepUntil(id: string, expiresAt: number, now: number): boolean {
      return sqlite.prepare(`UPDATE bulk_export_jobs SET expires_at = ?, updated_at = ? WHERE id = ? AND status = 'complete' AND pruned_at IS NULL`).run(expiresAt, now, id).changes === 1;
    },
    /** Finished jobs whose files have not been pruned: what the sweep decides about. */
    unpruned(): BulkFileOwner[] {
      return sqlite
        .prepare(`SELECT id, status, expires_at AS expiresAt, pruned_at AS prunedAt FROM bulk_export_jobs WHERE pruned_at IS NULL AND status NOT IN ('accepted', 'in-progress')`)
        .all() as BulkFileOwner[];
    },
    /** Marks a finished job's files pruned; false when it is running or already pruned. */
    markPruned(id: string, now: number): boolean {
      return (
        sqlite.prepare(`UPDATE bulk_export_jobs SET pruned_at = ?, updated_at = ? WHERE id = ? AND pruned_at IS NULL AND status NOT IN ('accepted', 'in-progress')`).run(now, now, id)
          .changes === 1
      );
    },

    /** Resource types with something to export when the request names none. */
    typesInScope(scope: ExportScope): string[] {
      if (scope.level === 'system') {
        return sqlite.prepare('SELECT DISTINCT resource_type FROM fhir_resources WHERE tenant_id = ? AND deleted = 0 ORDER BY 1').pluck().all(scope.tenantId) as string[];
      }
      const others = sqlite
        .prepare(`SELECT DISTINCT resource_type FROM fhir_search_reference WHERE tenant_id = ? AND param IN ${COMPARTMENT_PARAMS} AND target_type = 'Patient' AND resource_type <> 'Patient' ORDER BY 1`)
        .pluck()
        .all(scope.tenantId) as string[];
      return ['Patient', ...others];
    },
    countInScope(scope: ExportScope, type: string): number {
      const where = scopeWhere(scope, type);
      return sqlite.prepare(`SELECT count(*) FROM fhir_resources r WHERE ${where.sql}`).pluck().get(...where.args) as number;
    },
    /** The next batch after `after`, keyset-paginated by id within the type. */
    batch(scope: ExportScope, type: string, after: string | null, limit: number): { id: string; content: string }[] {
      const where = scopeWhere(scope, type);
      return sqlite
        .prepare(`SELECT r.id, r.content FROM fhir_resources r WHERE ${where.sql} AND r.id > ? ORDER BY r.id LIMIT ?`)
        .all(...where.args, after ?? '', limit) as { id: string; content: string }[];
    },
    groupContent(tenantId: string, groupId: string): string | undefined {
      return sqlite.prepare(`SELECT content FROM fhir_resources WHERE tenant_id = ? AND resource_type = 'Group' AND id = ? AND deleted = 0`).pluck().get(tenantId, groupId) as string | undefined;
    },
  };
}
