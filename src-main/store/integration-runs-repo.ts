import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { integrationRunErrors, integrationRunLogs, integrationRuns } from '../../db/schema';
import type { RunCounts, RunRecordError } from '../jobs/run-kind';
import type { InterfaceErrorWriter } from './interface-error-writer';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';
import { isUniqueViolation } from './sqlite-errors';

export type IntegrationRunRow = typeof integrationRuns.$inferSelect;
export type IntegrationRunLogRow = typeof integrationRunLogs.$inferSelect;
export type IntegrationRunErrorRow = typeof integrationRunErrors.$inferSelect;

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';
export type RunTrigger = 'schedule' | 'manual' | 'catch-up';

export interface NewRun {
  id: string;
  tenantId: string;
  jobId: string;
  trigger: RunTrigger;
  scheduledFor: number | null;
  queuedAt: number;
}

export interface IntegrationRunFilter {
  jobId?: string | undefined;
  status?: string | undefined;
}

const COUNT_COLUMNS = {
  read: integrationRuns.recordsRead,
  written: integrationRuns.recordsWritten,
  skipped: integrationRuns.recordsSkipped,
  failed: integrationRuns.recordsFailed,
  conflicts: integrationRuns.recordsConflicts,
} as const;
const COUNT_FIELDS = { read: 'recordsRead', written: 'recordsWritten', skipped: 'recordsSkipped', failed: 'recordsFailed', conflicts: 'recordsConflicts' } as const;

/** Integration runs with their logs and per-record errors; every write is its own durable statement. */
export interface IntegrationRunsRepo {
  /** A queued run; when the job already has one waiting, that one instead (a job waits with at most one run). */
  enqueue(run: NewRun): { run: IntegrationRunRow; created: boolean };
  findById(id: string): IntegrationRunRow | undefined;
  list(tenantId: string, filter: IntegrationRunFilter, page: PageRequest): Page<IntegrationRunRow>;
  /** The job's run that is going now. */
  runningOf(jobId: string): IntegrationRunRow | undefined;
  /** The newest run of each job that has one. */
  latestOf(jobIds: readonly string[]): Map<string, IntegrationRunRow>;
  /** Runs that may start now: interrupted ones (to resume) before queued ones, oldest first, of jobs with none running. */
  startable(): IntegrationRunRow[];
  /** queued or interrupted → running; false when another claim took it or the job has a run going already. */
  claim(id: string, owner: string, now: number): boolean;
  /** Every running run (left by an engine that was killed) → interrupted; answers them. */
  interruptRunning(): { id: string; tenantId: string }[];
  count(id: string, delta: Partial<RunCounts>): void;
  progress(id: string, done: number, total: number | null): void;
  saveCheckpoint(id: string, checkpoint: unknown): void;
  setJobState(id: string, state: unknown): void;
  log(run: { id: string; tenantId: string }, logId: string, at: number, level: string, message: string): void;
  /** The run's error row and, unless the record's error is kept elsewhere, its open interface error — in one transaction. */
  recordError(run: { id: string; tenantId: string; jobId: string }, errorId: string, at: number, error: RunRecordError): void;
  /** running → an end state; the checkpoint is kept only for an interrupted run (it resumes from it). */
  finish(id: string, status: Exclude<RunStatus, 'queued' | 'running'>, at: number, error?: { code: string; message: string }): void;
  logs(runId: string, page: PageRequest): Page<IntegrationRunLogRow>;
  errors(runId: string, page: PageRequest): Page<IntegrationRunErrorRow>;
}

/** `interfaceErrors` writes on the same connection as `db`, so a record's error and its interface error commit together. */
export function createIntegrationRunsRepo(db: Db, interfaceErrors: InterfaceErrorWriter): IntegrationRunsRepo {
  const byId = (id: string) => db.select().from(integrationRuns).where(eq(integrationRuns.id, id)).get();
  const queuedOf = (jobId: string) => db.select().from(integrationRuns).where(and(eq(integrationRuns.jobId, jobId), eq(integrationRuns.status, 'queued'))).get();
  return {
    enqueue(run) {
      try {
        return { run: db.insert(integrationRuns).values({ ...run, status: 'queued' }).returning().get(), created: true };
      } catch (error) {
        const waiting = isUniqueViolation(error) ? queuedOf(run.jobId) : undefined;
        if (!waiting) throw error;
        return { run: waiting, created: false };
      }
    },
    findById: byId,
    list(tenantId, filter, page) {
      const where = and(
        eq(integrationRuns.tenantId, tenantId),
        filter.jobId ? eq(integrationRuns.jobId, filter.jobId) : undefined,
        filter.status ? eq(integrationRuns.status, filter.status) : undefined,
      );
      return pagedList(db, integrationRuns, where, [desc(integrationRuns.queuedAt), desc(integrationRuns.id)], page);
    },
    runningOf: (jobId) => db.select().from(integrationRuns).where(and(eq(integrationRuns.jobId, jobId), eq(integrationRuns.status, 'running'))).get(),
    latestOf(jobIds) {
      if (jobIds.length === 0) return new Map();
      const rows = db
        .select()
        .from(integrationRuns)
        .where(
          and(
            inArray(integrationRuns.jobId, [...jobIds]),
            sql`${integrationRuns.id} = (SELECT x.id FROM integration_runs x WHERE x.job_id = ${integrationRuns.jobId} ORDER BY x.queued_at DESC, x.id DESC LIMIT 1)`,
          ),
        )
        .all();
      return new Map(rows.map((r) => [r.jobId, r]));
    },
    startable: () =>
      db
        .select()
        .from(integrationRuns)
        .where(
          and(
            inArray(integrationRuns.status, ['queued', 'interrupted']),
            sql`NOT EXISTS (SELECT 1 FROM integration_runs x WHERE x.job_id = ${integrationRuns.jobId} AND x.status = 'running')`,
          ),
        )
        .orderBy(sql`CASE ${integrationRuns.status} WHEN 'interrupted' THEN 0 ELSE 1 END`, asc(integrationRuns.queuedAt), asc(integrationRuns.id))
        .all(),
    claim(id, owner, now) {
      try {
        const claimed = db
          .update(integrationRuns)
          .set({ status: 'running', leaseOwner: owner, startedAt: sql`COALESCE(${integrationRuns.startedAt}, ${now})` })
          .where(and(eq(integrationRuns.id, id), inArray(integrationRuns.status, ['queued', 'interrupted'])))
          .run();
        return claimed.changes === 1;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    interruptRunning: () =>
      db
        .update(integrationRuns)
        .set({ status: 'interrupted', leaseOwner: null })
        .where(eq(integrationRuns.status, 'running'))
        .returning({ id: integrationRuns.id, tenantId: integrationRuns.tenantId })
        .all(),
    count(id, delta) {
      const set: Record<string, unknown> = {};
      for (const key of Object.keys(COUNT_COLUMNS) as (keyof RunCounts)[]) {
        const by = delta[key];
        if (by) set[COUNT_FIELDS[key]] = sql`${COUNT_COLUMNS[key]} + ${by}`;
      }
      if (Object.keys(set).length > 0) db.update(integrationRuns).set(set).where(eq(integrationRuns.id, id)).run();
    },
    progress: (id, done, total) => void db.update(integrationRuns).set({ progressDone: done, progressTotal: total }).where(eq(integrationRuns.id, id)).run(),
    saveCheckpoint: (id, checkpoint) => void db.update(integrationRuns).set({ checkpoint }).where(eq(integrationRuns.id, id)).run(),
    setJobState: (id, state) => void db.update(integrationRuns).set({ jobState: state, jobStateSet: true }).where(eq(integrationRuns.id, id)).run(),
    log: (run, logId, at, level, message) => void db.insert(integrationRunLogs).values({ id: logId, tenantId: run.tenantId, runId: run.id, at, level, message }).run(),
    recordError(run, errorId, at, { recordedElsewhere, ...error }) {
      db.transaction(() => {
        db.insert(integrationRunErrors).values({ id: errorId, tenantId: run.tenantId, runId: run.id, at, ...error }).run();
        if (recordedElsewhere) return;
        interfaceErrors.record({ tenantId: run.tenantId, connectorId: null, messageId: null, source: 'run', runId: run.id, record: error.record, code: error.code, message: error.message, subject: { kind: 'job', id: run.jobId } }, at);
      });
    },
    finish(id, status, at, error) {
      db.update(integrationRuns)
        .set({ status, finishedAt: status === 'interrupted' ? null : at, leaseOwner: null, errorCode: error?.code ?? null, error: error?.message ?? null, ...(status === 'interrupted' ? {} : { checkpoint: null }) })
        .where(and(eq(integrationRuns.id, id), eq(integrationRuns.status, 'running')))
        .run();
    },
    logs: (runId, page) => pagedList(db, integrationRunLogs, eq(integrationRunLogs.runId, runId), [asc(integrationRunLogs.at), asc(integrationRunLogs.id)], page),
    errors: (runId, page) => pagedList(db, integrationRunErrors, eq(integrationRunErrors.runId, runId), [asc(integrationRunErrors.at), asc(integrationRunErrors.id)], page),
  };
}
