import type { IntegrationJob, IntegrationRun, IntegrationRunError, IntegrationRunLog, ParsedInputOf, integrationJobOps } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { AppError, notFound, validationFailed } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, versionConflict, type RequestContext } from '../core/request-context';
import type { IntegrationJobPatch, IntegrationJobRow, IntegrationJobsRepo } from '../store/integration-jobs-repo';
import type { IntegrationRunFilter, IntegrationRunRow, IntegrationRunsRepo } from '../store/integration-runs-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';
import type { RunExecutor } from './run-executor';
import type { RunKindRegistry } from './run-kind-registry';
import { nextRunAfter, scheduleProblems } from './schedule';

export interface IntegrationJobServiceDeps {
  jobs: IntegrationJobsRepo;
  runs: IntegrationRunsRepo;
  kinds: RunKindRegistry;
  executor: RunExecutor;
  journal: JournalRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
}

type CreateInput = ParsedInputOf<typeof integrationJobOps.create>;
type UpdateInput = ParsedInputOf<typeof integrationJobOps.update>;

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

export function runDto(r: IntegrationRunRow): IntegrationRun {
  return {
    id: r.id,
    tenantId: r.tenantId,
    jobId: r.jobId,
    status: r.status as IntegrationRun['status'],
    trigger: r.trigger as IntegrationRun['trigger'],
    counts: { read: r.recordsRead, written: r.recordsWritten, skipped: r.recordsSkipped, failed: r.recordsFailed, conflicts: r.recordsConflicts },
    progress: r.progressDone === null ? null : { done: r.progressDone, total: r.progressTotal },
    scheduledFor: isoOrNull(r.scheduledFor),
    queuedAt: isoTime(r.queuedAt),
    startedAt: isoOrNull(r.startedAt),
    finishedAt: isoOrNull(r.finishedAt),
    error: r.errorCode === null ? null : { code: r.errorCode, message: r.error ?? '' },
  };
}

function jobDto(r: IntegrationJobRow, lastRun: IntegrationRunRow | undefined): IntegrationJob {
  const last = lastRun && runDto(lastRun);
  return {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    kind: r.kind,
    schedule: r.schedule,
    timeZone: r.timeZone,
    overlap: r.overlap as IntegrationJob['overlap'],
    catchUp: r.catchUp as IntegrationJob['catchUp'],
    config: r.config,
    enabled: r.enabled,
    nextRunAt: r.enabled ? isoOrNull(r.nextRunAt) : null,
    lastRunAt: isoOrNull(r.lastRunAt),
    lastRun: last ? { id: last.id, status: last.status, finishedAt: last.finishedAt, error: last.error } : null,
    skippedRuns: r.skippedRuns,
    lastSkippedAt: isoOrNull(r.lastSkippedAt),
    lastSkipReason: r.lastSkipReason,
    version: r.version,
    createdAt: isoTime(r.createdAt),
    updatedAt: isoTime(r.updatedAt),
  };
}

/** IntegrationJob CRUD, run now, and the runs with their logs and per-record errors. */
export function createIntegrationJobService(deps: IntegrationJobServiceDeps) {
  const { jobs, runs, kinds, executor, journal, transact, clock, changes } = deps;
  const load = (id: string, ctx: RequestContext): IntegrationJobRow => {
    const row = jobs.findById(id);
    if (!row) throw notFound('integration_job', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  };
  const loadRun = (id: string, ctx: RequestContext): IntegrationRunRow => {
    const row = runs.findById(id);
    if (!row) throw notFound('integration_run', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  };
  const withLastRun = (row: IntegrationJobRow): IntegrationJob => jobDto(row, runs.latestOf([row.id]).get(row.id));
  const write = <T>(ctx: RequestContext, id: string, action: string, work: () => T): T => {
    const result = transact(() => {
      const value = work();
      journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `integration_job.${action}`, entityType: 'integration_job', entityId: id }, clock.now());
      return value;
    });
    changes.publish({ topic: 'integrationJobs', id });
    return result;
  };

  /** Checks kind, config, schedule and time zone together, so a 422 names every problem at once. */
  function checked(job: { kind: string; config: unknown; schedule: string | null; timeZone: string }): Record<string, unknown> {
    const problems: { path: string; message: string }[] = [];
    const parsed = kinds.parseConfig(job.kind, job.config);
    if (!parsed.ok) problems.push(...parsed.problems);
    if (job.schedule !== null) problems.push(...scheduleProblems(job.schedule, job.timeZone));
    if (problems.length > 0 || !parsed.ok) throw validationFailed(problems);
    return parsed.config as Record<string, unknown>;
  }
  const nextFor = (row: { schedule: string | null; timeZone: string; enabled: boolean }): number | null =>
    row.enabled && row.schedule !== null ? nextRunAfter(row.schedule, row.timeZone, clock.now()) : null;

  function change(ctx: RequestContext, current: IntegrationJobRow, version: number, action: string, patch: Omit<IntegrationJobPatch, 'updatedAt' | 'nextRunAt'>): IntegrationJob {
    const merged = { ...current, ...patch };
    const config = checked(merged);
    const timing = patch.schedule !== undefined || patch.timeZone !== undefined || patch.enabled !== undefined ? { nextRunAt: nextFor(merged) } : {};
    const row = write(ctx, current.id, action, () => {
      const updated = jobs.update(current.id, version, { ...patch, config, ...timing, updatedAt: clock.now() });
      if (!updated) throw versionConflict('integration job', current.id, version, jobs.findById(current.id)?.version ?? current.version);
      return updated;
    });
    return withLastRun(row);
  }

  return {
    kinds: () => ({ data: kinds.names() }),
    list(ctx: RequestContext, filter: { kind?: string | undefined }, page: PageRequest) {
      const { rows, total } = jobs.list(ctx.tenantId, filter, page);
      const latest = runs.latestOf(rows.map((r) => r.id));
      return { data: rows.map((r) => jobDto(r, latest.get(r.id))), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): IntegrationJob => withLastRun(load(id, ctx)),
    create(ctx: RequestContext, input: CreateInput): IntegrationJob {
      const config = checked(input);
      const now = clock.now();
      const id = deps.ids('JOB');
      const row = write(ctx, id, 'create', () =>
        jobs.insert({ id, tenantId: ctx.tenantId, name: input.name, kind: input.kind, schedule: input.schedule, timeZone: input.timeZone, overlap: input.overlap, catchUp: input.catchUp, config, enabled: input.enabled, nextRunAt: nextFor(input), version: 1, createdAt: now, updatedAt: now }),
      );
      return jobDto(row, undefined);
    },
    /** Creates the job unless the tenant has one of its kind already (engine defaults, at every start); the job is the operator's from then on. */
    seedDefault(ctx: RequestContext, input: CreateInput): IntegrationJob | undefined {
      if (jobs.list(ctx.tenantId, { kind: input.kind }, { page: 1, pageSize: 1 }).total > 0) return undefined;
      return this.create(ctx, input);
    },
    update(ctx: RequestContext, input: UpdateInput): IntegrationJob {
      const { id, version, ...fields } = input;
      const patch = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Omit<IntegrationJobPatch, 'updatedAt'>;
      return change(ctx, load(id, ctx), version, 'update', patch);
    },
    setEnabled(ctx: RequestContext, id: string, enabled: boolean): IntegrationJob {
      const current = load(id, ctx);
      if (current.enabled === enabled) return withLastRun(current);
      return change(ctx, current, current.version, enabled ? 'enable' : 'disable', { enabled });
    },
    remove(ctx: RequestContext, id: string): null {
      load(id, ctx);
      write(ctx, id, 'delete', () => {
        if (runs.runningOf(id)) throw new AppError('conflict', 'INTEROP_INTEGRATION_JOB_RUNNING', `Integration job ${id} has a run going; wait for it to end`, { id });
        jobs.delete(id);
      });
      changes.publish({ topic: 'integrationRuns' });
      return null;
    },
    runNow(ctx: RequestContext, id: string): IntegrationRun {
      const job = load(id, ctx);
      const { run } = transact(() => executor.enqueue(job, 'manual', null));
      changes.publish({ topic: 'integrationRuns', id: run.id });
      return runDto(run);
    },
    runs(ctx: RequestContext, filter: IntegrationRunFilter, page: PageRequest) {
      if (filter.jobId) load(filter.jobId, ctx);
      const { rows, total } = runs.list(ctx.tenantId, filter, page);
      return { data: rows.map(runDto), page: page.page, pageSize: page.pageSize, total };
    },
    run: (ctx: RequestContext, id: string): IntegrationRun => runDto(loadRun(id, ctx)),
    logs(ctx: RequestContext, id: string, page: PageRequest) {
      loadRun(id, ctx);
      const { rows, total } = runs.logs(id, page);
      return { data: rows.map((r): IntegrationRunLog => ({ id: r.id, at: isoTime(r.at), level: r.level as IntegrationRunLog['level'], message: r.message })), page: page.page, pageSize: page.pageSize, total };
    },
    errors(ctx: RequestContext, id: string, page: PageRequest) {
      loadRun(id, ctx);
      const { rows, total } = runs.errors(id, page);
      return { data: rows.map((r): IntegrationRunError => ({ id: r.id, at: isoTime(r.at), record: r.record, code: r.code, message: r.message })), page: page.page, pageSize: page.pageSize, total };
    },
  };
}
export type IntegrationJobService = ReturnType<typeof createIntegrationJobService>;
