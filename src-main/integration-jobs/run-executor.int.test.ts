import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTempStore } from '../../test/support/temp-store';
import { AppError } from '../core/errors';
import { createIdGenerator } from '../core/ids';
import { silentLogger } from '../core/logger';
import type { IntegrationRunKind, RunContext } from '../jobs/run-kind';
import { createRunner } from '../jobs/runner';
import { createIntegrationJobsRepo, type IntegrationJobRow } from '../store/integration-jobs-repo';
import { createIntegrationRunsRepo } from '../store/integration-runs-repo';
import { createInterfaceErrorWriter } from '../store/interface-error-writer';
import { DEFAULT_TENANT_ID } from '../store/open-store';
import { createTransact } from '../store/transact';
import { createRunExecutor } from './run-executor';
import { createRunKindRegistry } from './run-kind-registry';
import { nextRunAfter } from './schedule';

const at = (iso: string) => Date.parse(iso);

/** A kind whose runs count, log and wait until the test lets them end (or the engine stops them). */
function gatedKind(work: (ctx: RunContext, n: number) => void = () => undefined) {
  const release: (() => void)[] = [];
  const seen: RunContext[] = [];
  const kind: IntegrationRunKind<Record<string, unknown>> = {
    kind: 'gated',
    config: z.record(z.string(), z.unknown()),
    run(ctx) {
      seen.push(ctx);
      work(ctx, seen.length);
      ctx.log('info', 'working');
      return new Promise<void>((done) => {
        release.push(done);
        ctx.signal.addEventListener('abort', () => done());
      });
    },
  };
  return { kind, seen, releaseAll: () => release.splice(0).forEach((done) => done()) };
}

describe('integration run executor (fake clock)', () => {
  const store = useTempStore();

  function setup(kind: IntegrationRunKind, start: number) {
    let now = start;
    const clock = { now: () => now };
    const ids = createIdGenerator(() => now);
    const jobs = createIntegrationJobsRepo(store().db);
    const runs = createIntegrationRunsRepo(store().db, createInterfaceErrorWriter(store().sqlite, createIdGenerator()));
    const kinds = createRunKindRegistry();
    kinds.register(kind);
    const executor = createRunExecutor({ runner: createRunner({ clock, logger: silentLogger }), jobs, runs, kinds, transact: createTransact(store().sqlite), ids, clock, logger: silentLogger, changed: () => undefined });
    const controller = new AbortController();
    const job = (fields: Partial<IntegrationJobRow> = {}): IntegrationJobRow => {
      const schedule = fields.schedule === undefined ? '*/15 * * * *' : fields.schedule;
      return jobs.insert({
        id: ids('JOB'),
        tenantId: DEFAULT_TENANT_ID,
        name: `job ${ids('JOB')}`,
        kind: kind.kind,
        schedule,
        timeZone: 'UTC',
        config: {},
        enabled: true,
        nextRunAt: schedule === null ? null : nextRunAfter(schedule, 'UTC', now),
        version: 1,
        createdAt: now,
        updatedAt: now,
        ...fields,
      });
    };
    return {
      jobs,
      runs,
      job,
      setNow: (iso: string) => (now = at(iso)),
      tick: (iso: string) => {
        now = at(iso);
        return executor.kind.tick(now, controller.signal);
      },
      settle: () => executor.kind.stopped?.(),
      stop: () => controller.abort(),
      resume: () => executor.kind.resume?.(now),
      runsOf: (jobId: string) => runs.list(DEFAULT_TENANT_ID, { jobId }, { page: 1, pageSize: 50 }).rows.reverse(),
      logsOf: (runId: string) => runs.logs(runId, { page: 1, pageSize: 100 }).rows.map((l) => l.message),
    };
  }

  it('starts a scheduled run when its cron time comes and not before, moves next_run_at on, and records counts and logs', async () => {
    const gated = gatedKind((ctx) => ctx.count({ read: 3, written: 2, skipped: 1 }));
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job();
    expect(job.nextRunAt).toBe(at('2026-03-02T10:15:00Z'));
    t.tick('2026-03-02T10:14:59.900Z');
    expect(t.runsOf(job.id)).toHaveLength(0);
    t.tick('2026-03-02T10:15:00.200Z');
    const [run] = t.runsOf(job.id);
    expect(run).toMatchObject({ status: 'running', trigger: 'schedule', scheduledFor: at('2026-03-02T10:15:00Z'), startedAt: at('2026-03-02T10:15:00.200Z') });
    expect(t.jobs.findById(job.id)?.nextRunAt).toBe(at('2026-03-02T10:30:00Z'));
    gated.releaseAll();
    await t.settle();
    expect(t.runs.findById(run!.id)).toMatchObject({ status: 'succeeded', recordsRead: 3, recordsWritten: 2, recordsSkipped: 1, finishedAt: at('2026-03-02T10:15:00.200Z') });
    expect(t.logsOf(run!.id)).toEqual(['Queued (schedule)', 'Started', 'working', 'Succeeded']);
    expect(t.jobs.findById(job.id)?.lastRunAt).toBe(at('2026-03-02T10:15:00.200Z'));
  });

  it('never overlaps a job with itself: a run due while one is going is skipped, logged on the running run and counted on the job', async () => {
    const gated = gatedKind();
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job();
    t.tick('2026-03-02T10:15:00Z');
    t.tick('2026-03-02T10:30:00Z');
    t.tick('2026-03-02T10:45:00Z');
    const runs = t.runsOf(job.id);
    expect(runs).toHaveLength(1);
    expect(gated.seen).toHaveLength(1);
    expect(t.logsOf(runs[0]!.id).filter((m) => m.includes('skipped'))).toEqual([
      'The run due at 2026-03-02T10:30:00.000Z was skipped: this run was still going',
      'The run due at 2026-03-02T10:45:00.000Z was skipped: this run was still going',
    ]);
    expect(t.jobs.findById(job.id)).toMatchObject({ skippedRuns: 2, lastSkipReason: 'overlap', lastSkippedAt: at('2026-03-02T10:45:00Z'), nextRunAt: at('2026-03-02T11:00:00Z') });
    gated.releaseAll();
    await t.settle();
  });

  it('queues the due run behind the running one when the job says queue (one waiting at most) and starts it once the first ends', async () => {
    const gated = gatedKind();
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job({ overlap: 'queue' });
    t.tick('2026-03-02T10:15:00Z');
    t.tick('2026-03-02T10:30:00Z');
    t.tick('2026-03-02T10:45:00Z');
    expect(t.runsOf(job.id).map((r) => r.status)).toEqual(['running', 'queued']);
    expect(t.jobs.findById(job.id)).toMatchObject({ skippedRuns: 1, lastSkipReason: 'overlap' });
    gated.releaseAll();
    await t.settle();
    t.tick('2026-03-02T10:46:00Z');
    expect(t.runsOf(job.id).map((r) => r.status)).toEqual(['succeeded', 'running']);
    expect(gated.seen).toHaveLength(2);
    gated.releaseAll();
    await t.settle();
  });

  it('runs once to catch up on runs missed while the engine was off', async () => {
    const gated = gatedKind();
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job();
    t.tick('2026-03-02T14:02:00Z');
    const runs = t.runsOf(job.id);
    expect(runs.map((r) => [r.trigger, r.scheduledFor])).toEqual([['catch-up', at('2026-03-02T10:15:00Z')]]);
    expect(t.logsOf(runs[0]!.id)[0]).toBe('Queued to catch up on the run due at 2026-03-02T10:15:00.000Z, missed while the engine was off');
    expect(t.jobs.findById(job.id)?.nextRunAt).toBe(at('2026-03-02T14:15:00Z'));
    gated.releaseAll();
    await t.settle();
  });

  it('skips runs missed while the engine was off when the job says skip, and says so on the job', () => {
    const gated = gatedKind();
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job({ catchUp: 'skip' });
    t.tick('2026-03-02T14:02:00Z');
    expect(t.runsOf(job.id)).toHaveLength(0);
    expect(t.jobs.findById(job.id)).toMatchObject({ skippedRuns: 1, lastSkipReason: 'missed', nextRunAt: at('2026-03-02T14:15:00Z') });
  });

  it('does not start a disabled job on its schedule', () => {
    const gated = gatedKind();
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job({ enabled: false });
    t.tick('2026-03-02T10:15:00Z');
    expect(t.runsOf(job.id)).toHaveLength(0);
  });

  it('marks a run a killed engine left running interrupted at the next start and resumes it from its checkpoint, counts carried on', async () => {
    const gated = gatedKind((ctx) => {
      ctx.count({ read: 60 });
      ctx.saveCheckpoint({ line: 100 });
    });
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job({ schedule: null });
    // What a kill -9 leaves: the run row still 'running', with its last checkpoint and counts.
    store()
      .sqlite.prepare(`INSERT INTO integration_runs (id, tenant_id, job_id, status, trigger, queued_at, started_at, checkpoint, records_read) VALUES ('RUN_01ARZ3NDEKTSV4RRFFQ69G5FAV', ?, ?, 'running', 'manual', ?, ?, '{"line":40}', 40)`)
      .run(DEFAULT_TENANT_ID, job.id, at('2026-03-02T09:00:00Z'), at('2026-03-02T09:00:01Z'));
    t.resume();
    expect(t.runs.findById('RUN_01ARZ3NDEKTSV4RRFFQ69G5FAV')?.status).toBe('interrupted');
    t.tick('2026-03-02T10:08:00Z');
    expect(gated.seen[0]?.checkpoint).toEqual({ line: 40 });
    gated.releaseAll();
    await t.settle();
    expect(t.runs.findById('RUN_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toMatchObject({ status: 'succeeded', recordsRead: 100, startedAt: at('2026-03-02T09:00:01Z'), checkpoint: null });
    expect(t.logsOf('RUN_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toEqual(['Interrupted: the engine ended while this run was going; it resumes from its checkpoint', 'Resumed from its checkpoint', 'working', 'Succeeded']);
  });

  it('marks a run the engine stopped interrupted, keeping its checkpoint, rather than failed or succeeded', async () => {
    const gated = gatedKind((ctx) => ctx.saveCheckpoint({ page: 3 }));
    const t = setup(gated.kind, at('2026-03-02T10:07:00Z'));
    const job = t.job();
    t.tick('2026-03-02T10:15:00Z');
    t.stop();
    await t.settle();
    const [run] = t.runsOf(job.id);
    expect(run).toMatchObject({ status: 'interrupted', checkpoint: { page: 3 }, finishedAt: null });
    expect(t.jobs.findById(job.id)?.lastRunAt).toBeNull();
  });

  it('keeps the job state a run sets only when the run succeeds, and hands it to the next run', async () => {
    const states: unknown[] = [];
    const kind: IntegrationRunKind<Record<string, unknown>> = {
      kind: 'stateful',
      config: z.record(z.string(), z.unknown()),
      async run(ctx) {
        states.push(ctx.jobState);
        ctx.setJobState({ mark: states.length });
        if (states.length === 2) throw new AppError('unavailable', 'UPSTREAM_DOWN', 'The upstream did not answer');
        if (states.length === 3) throw new Error('Patient Jane Doe broke it');
      },
    };
    const t = setup(kind, at('2026-03-02T10:07:00Z'));
    const job = t.job({ schedule: null });
    for (let i = 0; i < 4; i++) {
      t.runs.enqueue({ id: `RUN_01ARZ3NDEKTSV4RRFFQ69G5FA${i}`, tenantId: DEFAULT_TENANT_ID, jobId: job.id, trigger: 'manual', scheduledFor: null, queuedAt: at('2026-03-02T10:07:00Z') + i });
      t.tick('2026-03-02T10:08:00Z');
      await t.settle();
    }
    expect(states).toEqual([null, { mark: 1 }, { mark: 1 }, { mark: 1 }]);
    expect(t.jobs.findById(job.id)?.state).toEqual({ mark: 4 });
    const runs = t.runsOf(job.id);
    expect(runs.map((r) => [r.status, r.errorCode])).toEqual([
      ['succeeded', null],
      ['failed', 'UPSTREAM_DOWN'],
      ['failed', 'INTEGRATION_RUN_FAILED'],
      ['succeeded', null],
    ]);
    expect(runs[2]?.error).toBe('The run failed unexpectedly (Error)');
  });
});
