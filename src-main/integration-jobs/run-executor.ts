import { isoTime, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import type { JobKind, Runner } from '../jobs/runner';
import type { Transact } from '../store/transact';
import type { IntegrationJobRow, IntegrationJobsRepo } from '../store/integration-jobs-repo';
import type { IntegrationRunRow, IntegrationRunsRepo, RunTrigger } from '../store/integration-runs-repo';
import { createRunContext } from './run-context';
import type { RunKindRegistry } from './run-kind-registry';
import { dueAction, nextRunAfter, type CatchUpPolicy, type OverlapPolicy } from './schedule';

export const INTEGRATION_RUNS_KIND = 'integration-runs';

export interface RunExecutorDeps {
  runner: Runner;
  jobs: IntegrationJobsRepo;
  runs: IntegrationRunsRepo;
  kinds: RunKindRegistry;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  /** A job or run changed: the console refreshes (`integrationJobs`, `integrationRuns`). */
  changed: (topic: 'integrationJobs' | 'integrationRuns') => void;
  /** How often the scheduler looks for due jobs (default 1 s). */
  intervalMs?: number;
  /** A due time further back than this was missed (engine off, machine asleep): the catch-up policy decides (default 60 s). */
  lateAfterMs?: number;
}

export interface RunExecutor {
  /** Queues a run of the job now (or answers the one already waiting) and starts it when the job has none going. */
  enqueue(job: IntegrationJobRow, trigger: RunTrigger, scheduledFor: number | null): { run: IntegrationRunRow; created: boolean };
  /** The runner's kind; exposed for tests that drive turns with a fake clock. */
  kind: JobKind;
}

/** A kind's failure as the run records it: an AppError's code and message; anything else by type only (no PHI). */
function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'INTEGRATION_RUN_FAILED', message: `The run failed unexpectedly (${error instanceof Error ? error.name : typeof error})` };
}

/**
 * Integration jobs on the engine's one background runner: each turn starts the runs of jobs that are due (by the
 * job's cron in its time zone, with its overlap and catch-up policies) and the queued or interrupted runs whose
 * job has none going. A run works outside the turn, so a long run holds up neither the scheduler nor other jobs;
 * the engine's stop aborts it and waits for it, and the run is resumed from its checkpoint at the next start.
 */
export function createRunExecutor(deps: RunExecutorDeps): RunExecutor {
  const { jobs, runs, kinds, transact, ids, clock, logger, changed } = deps;
  const lateAfterMs = deps.lateAfterMs ?? 60_000;
  const owner = ids('RUN');
  const going = new Map<string, Promise<void>>();
  const runChanged = () => changed('integrationRuns');

  function logOn(run: { id: string; tenantId: string }, level: 'info' | 'warn' | 'error', message: string): void {
    runs.log(run, ids('LOG'), clock.now(), level, message);
  }

  function enqueue(job: IntegrationJobRow, trigger: RunTrigger, scheduledFor: number | null): { run: IntegrationRunRow; created: boolean } {
    const queued = runs.enqueue({ id: ids('RUN'), tenantId: job.tenantId, jobId: job.id, trigger, scheduledFor, queuedAt: clock.now() });
    if (queued.created) {
      logOn(queued.run, 'info', trigger === 'catch-up' && scheduledFor !== null ? `Queued to catch up on the run due at ${isoTime(scheduledFor)}, missed while the engine was off` : `Queued (${trigger})`);
      deps.runner.wake(INTEGRATION_RUNS_KIND);
    }
    return queued;
  }

  function skip(job: IntegrationJobRow, dueAt: number, reason: 'overlap' | 'missed', now: number): void {
    jobs.recordSkip(job.id, now, reason);
    const running = runs.runningOf(job.id);
    if (reason === 'overlap' && running) logOn(running, 'warn', `The run due at ${isoTime(dueAt)} was skipped: this run was still going`);
    logger.log('warn', 'scheduled integration run skipped', { jobId: job.id, reason });
  }

  function scheduleDue(now: number): void {
    for (const job of jobs.due(now)) {
      const dueAt = job.nextRunAt as number;
      transact(() => {
        const action = dueAction({ nextRunAt: dueAt, overlap: job.overlap as OverlapPolicy, catchUp: job.catchUp as CatchUpPolicy }, now, runs.runningOf(job.id) !== undefined, lateAfterMs);
        if ('skip' in action) skip(job, dueAt, action.skip, now);
        else if ('queueBehind' in action) {
          if (!enqueue(job, 'schedule', dueAt).created) skip(job, dueAt, 'overlap', now);
        } else enqueue(job, action.start, dueAt);
        jobs.setNextRunAt(job.id, nextRunAfter(job.schedule as string, job.timeZone, now));
      });
      changed('integrationJobs');
      runChanged();
    }
  }

  async function execute(run: IntegrationRunRow, signal: AbortSignal): Promise<void> {
    const resumed = run.status === 'interrupted';
    const job = jobs.findById(run.jobId);
    const kind = job && kinds.get(job.kind);
    let end: { status: 'succeeded' | 'failed' | 'interrupted'; error?: { code: string; message: string } };
    if (!job || !kind) {
      end = { status: 'failed', error: { code: 'INTEGRATION_RUN_KIND_UNKNOWN', message: `This engine runs no job kind ${job?.kind ?? ''}` } };
    } else {
      const parsed = kinds.parseConfig(job.kind, job.config);
      if (!parsed.ok) {
        end = { status: 'failed', error: { code: 'INTEGRATION_RUN_CONFIG_INVALID', message: `The job's config no longer fits its kind: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}` } };
      } else {
        logOn(run, 'info', resumed ? 'Resumed from its checkpoint' : 'Started');
        runChanged();
        try {
          await kind.run({ ...createRunContext({ runs, ids, clock, changed: runChanged }, run, { config: parsed.config, state: job.state }, signal), config: parsed.config });
          end = { status: signal.aborted ? 'interrupted' : 'succeeded' };
        } catch (error) {
          end = signal.aborted ? { status: 'interrupted' } : { status: 'failed', error: failureOf(error) };
        }
      }
    }
    const now = clock.now();
    transact(() => {
      if (end.status === 'interrupted') logOn(run, 'warn', 'Interrupted: the engine stopped; the run resumes from its checkpoint at the next start');
      else if (end.error) logOn(run, 'error', `Failed: ${end.error.code}: ${end.error.message}`);
      else logOn(run, 'info', 'Succeeded');
      const state = runs.findById(run.id);
      runs.finish(run.id, end.status, now, end.error);
      if (job && end.status !== 'interrupted') jobs.recordRunEnd(job.id, now, end.status === 'succeeded' && state?.jobStateSet ? { value: state.jobState } : undefined);
    });
    if (end.status === 'failed') logger.log('warn', 'integration run failed', { runId: run.id, jobId: run.jobId, code: end.error?.code });
    changed('integrationJobs');
    runChanged();
  }

  function startWaiting(now: number, signal: AbortSignal): void {
    for (const run of runs.startable()) {
      if (going.has(run.jobId) || signal.aborted) continue;
      if (!runs.claim(run.id, owner, now)) continue;
      const work = execute(run, signal)
        .catch((error: unknown) => logger.log('error', 'integration run bookkeeping failed', { runId: run.id, error: error instanceof Error ? error.name : 'unknown' }))
        .finally(() => {
          going.delete(run.jobId);
          // A run queued behind this one starts now rather than at the next look.
          deps.runner.wake(INTEGRATION_RUNS_KIND);
        });
      going.set(run.jobId, work);
    }
  }

  const kind: JobKind = {
    kind: INTEGRATION_RUNS_KIND,
    intervalMs: deps.intervalMs ?? 1000,
    resume() {
      // Runs still marked running were cut off by a kill: they resume from their last checkpoint.
      for (const run of runs.interruptRunning()) logOn(run, 'warn', 'Interrupted: the engine ended while this run was going; it resumes from its checkpoint');
    },
    tick(now, signal) {
      scheduleDue(now);
      startWaiting(now, signal);
      return 'idle';
    },
    async stopped() {
      await Promise.all(going.values());
    },
  };
  deps.runner.register(kind);
  return { enqueue, kind };
}
