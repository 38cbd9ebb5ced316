import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import type { IdGenerator } from '../../core/ids';
import type { Logger } from '../../core/logger';
import { privateTree } from '../../store/private-files';
import { fhirFailure, notFoundError } from '../outcome';
import { assertLinkLive } from './bulk-file-expiry';
import type { Runner } from '../../jobs/runner';
import type { TurnResult } from '../../jobs/turn-schedule';
import type { BulkExportRepo, ExportJobRow, ExportLevel, ExportPart, ExportScope, ExportStatus } from '../../store/bulk-export-repo';

export const BULK_EXPORT_KIND = 'bulk-export';

export interface BulkExportDeps {
  /** The background runner the service registers its kind with; jobs run once the runner starts. */
  runner: Runner;
  repo: BulkExportRepo;
  dataDir: string;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Resources per tick of the event loop (default 500). */
  batchSize?: number;
  /** How long the manifest's links stay valid (default one hour). */
  linkTtlMs?: number;
  /** Called after a job starts, finishes, fails or is cancelled (not on every batch: progress is polled). */
  onChange?: (id: string) => void;
}

export interface ExportRequest {
  level: ExportLevel;
  groupId?: string | undefined;
  types?: string[] | undefined;
  since?: number | undefined;
  requestUrl: string;
}

export interface BulkExportJob extends ExportJobRow {
  /** Resources the export will hold once planned (0 while accepted). */
  total: number;
}

const view = (row: ExportJobRow): BulkExportJob => ({ ...row, total: row.parts.reduce((sum, p) => sum + p.total, 0) });

/** Patient ids of Group.member.entity references such as `Patient/123`. */
function groupMembers(content: string): string[] {
  const group = JSON.parse(content) as { member?: { entity?: { reference?: string } }[] };
  return (group.member ?? []).flatMap((m) => {
    const match = /(?:^|\/)Patient\/([^/]+)$/.exec(m.entity?.reference ?? '');
    return match?.[1] ? [match[1]] : [];
  });
}

/**
 * Bulk Data $export as durable jobs: each tick appends one batch to `<dataDir>/exports/<job>/<Type>.ndjson`, fsyncs it,
 * then saves the cursor with the file length, so a restarted engine truncates any torn append and carries on.
 * The runner's `bulk-export` kind: a turn appends one batch to every job this engine runs. Claim: the job row is
 * 'accepted' or 'in-progress' (one per tenant and group); resume: every such row is taken up again when the
 * runner starts.
 */
export function createBulkExportService(deps: BulkExportDeps) {
  const { clock, logger } = deps;
  const changed = deps.onChange ?? (() => undefined);
  const { repo } = deps;
  const batchSize = deps.batchSize ?? 500;
  const linkTtlMs = deps.linkTtlMs ?? 60 * 60 * 1000;
  const exportsDir = join(deps.dataDir, 'exports');
  /** The jobs this engine runs: started here, or resumed when the runner started. */
  const runningHere = new Set<string>();

  const jobDir = (id: string): string => join(exportsDir, id);
  const filePath = (id: string, type: string): string => join(jobDir(id), `${type}.ndjson`);

  function scopeOf(job: ExportJobRow): ExportScope {
    let members: string[] | null = null;
    if (job.level === 'group') {
      const content = repo.groupContent(job.tenantId, job.groupId ?? '');
      if (content === undefined) throw fhirFailure('not_found', 'not-found', `Group/${job.groupId ?? ''} is not known`);
      members = groupMembers(content);
    }
    return { tenantId: job.tenantId, level: job.level, since: job.since, members };
  }

  function append(path: string, part: ExportPart, lines: string): void {
    const fd = openSync(path, 'a', 0o600);
    try {
      // A crash between the fsync and the cursor update leaves bytes the cursor does not know: drop them.
      ftruncateSync(fd, part.bytes);
      writeSync(fd, lines);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  function step(job: ExportJobRow): boolean {
    const scope = scopeOf(job);
    if (job.status === 'accepted') {
      mkdirSync(jobDir(job.id), { recursive: true, mode: 0o700 });
      const types = job.types ?? repo.typesInScope(scope);
      const parts = types.map((type) => ({ type, total: repo.countInScope(scope, type), count: 0, bytes: 0, after: null, done: false }));
      return repo.saveProgress(job.id, parts, clock.now());
    }
    const parts = job.parts;
    const part = parts.find((p) => !p.done);
    if (!part) {
      repo.complete(job.id, parts, clock.now(), clock.now() + linkTtlMs);
      logger.log('info', 'bulk export complete', { jobId: job.id, resources: job.progress });
      changed(job.id);
      return false;
    }
    const rows = repo.batch(scope, part.type, part.after, batchSize);
    if (rows.length > 0) {
      const lines = `${rows.map((r) => r.content).join('\n')}\n`;
      append(filePath(job.id, part.type), part, lines);
      part.count += rows.length;
      part.bytes += Buffer.byteLength(lines);
      part.after = (rows[rows.length - 1] as { id: string }).id;
    }
    if (rows.length < batchSize) part.done = true;
    return repo.saveProgress(job.id, parts, clock.now());
  }

  /** One batch of one job; false once the job has ended (or is gone). */
  function advance(id: string): boolean {
    const job = repo.get(id);
    if (!job || (job.status !== 'accepted' && job.status !== 'in-progress')) return false;
    try {
      return step(job);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'export failed';
      repo.fail(id, message, clock.now(), clock.now() + linkTtlMs);
      logger.log('error', 'bulk export failed', { jobId: id, error: error instanceof Error ? error.name : 'unknown' });
      changed(id);
      return false;
    }
  }

  deps.runner.register({
    kind: BULK_EXPORT_KIND,
    // Jobs arrive by wake; the interval only matters for a job a failed turn left behind.
    intervalMs: 60_000,
    tick(): TurnResult {
      for (const id of [...runningHere]) if (!advance(id)) runningHere.delete(id);
      return runningHere.size > 0 ? 'more' : 'idle';
    },
    resume() {
      // Export files hold PHI: 0700 folders, 0600 files, even those written by an older version.
      privateTree(exportsDir);
      for (const id of repo.activeIds()) runningHere.add(id);
    },
  });

  function ownedBy(tenantId: string, id: string): ExportJobRow {
    const job = repo.get(id);
    if (!job || job.tenantId !== tenantId) throw fhirFailure('not_found', 'not-found', `There is no export ${id}`);
    return job;
  }

  return {
    start(tenantId: string, request: ExportRequest): BulkExportJob {
      if (request.level === 'group' && repo.groupContent(tenantId, request.groupId ?? '') === undefined) throw notFoundError('Group', request.groupId ?? '');
      const id = deps.ids('BEX');
      repo.insert({ id, tenantId, level: request.level, groupId: request.groupId ?? null, types: request.types ?? null, since: request.since ?? null, requestUrl: request.requestUrl, createdAt: clock.now() });
      runningHere.add(id);
      deps.runner.wake(BULK_EXPORT_KIND);
      changed(id);
      return view(ownedBy(tenantId, id));
    },

    /** A tenant's jobs, newest first. */
    list(tenantId: string, filter: { status?: ExportStatus | undefined }, page: { limit: number; offset: number }): { jobs: BulkExportJob[]; total: number } {
      const { rows, total } = repo.list(tenantId, filter.status, page.limit, page.offset);
      return { jobs: rows.map(view), total };
    },

    status(tenantId: string, id: string): BulkExportJob {
      return view(ownedBy(tenantId, id));
    },

    /** Deletes the job and its files (Bulk Data DELETE of the status URL). */
    cancel(tenantId: string, id: string): void {
      ownedBy(tenantId, id);
      runningHere.delete(id);
      repo.remove(id);
      rmSync(jobDir(id), { recursive: true, force: true });
      changed(id);
    },

    /** Keeps a complete export's files (and links) until `expiresAt` rather than the default hour: a scheduled export's retention. */
    keepUntil(tenantId: string, id: string, expiresAt: number): boolean {
      ownedBy(tenantId, id);
      return repo.keepUntil(id, expiresAt, clock.now());
    },

    /** The path of one finished file while its link is valid. */
    file(tenantId: string, id: string, type: string): string {
      const job = ownedBy(tenantId, id);
      const part = job.parts.find((p) => p.type === type && p.count > 0);
      if (job.status !== 'complete' || !part) throw fhirFailure('not_found', 'not-found', `Export ${id} has no ${type} file`);
      assertLinkLive(job, clock.now(), 'export');
      const path = filePath(id, type);
      if (!existsSync(path)) throw fhirFailure('not_found', 'not-found', `Export ${id} has no ${type} file`);
      return path;
    },

    unpruned: () => repo.unpruned(),

    /** Deletes a finished job's files; the guarded update makes sure it is not running. */
    prune(id: string, now: number): void {
      if (repo.markPruned(id, now)) rmSync(jobDir(id), { recursive: true, force: true });
    },
  };
}
export type BulkExportService = ReturnType<typeof createBulkExportService>;
