import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import type { RunContext } from '../jobs/run-kind';
import type { IntegrationRunRow, IntegrationRunsRepo } from '../store/integration-runs-repo';

export interface RunContextDeps {
  runs: IntegrationRunsRepo;
  ids: IdGenerator;
  clock: Clock;
  /** Something about the run changed (counts, progress, a log line): the console refreshes. */
  changed: () => void;
}

/** The context a kind works in: every call is one durable write on the run's row, its logs or its errors. */
export function createRunContext(deps: RunContextDeps, run: IntegrationRunRow, job: { config: unknown; state: unknown }, signal: AbortSignal): RunContext {
  const { runs, ids, clock, changed } = deps;
  return {
    runId: run.id,
    jobId: run.jobId,
    tenantId: run.tenantId,
    config: job.config,
    signal,
    checkpoint: run.checkpoint ?? null,
    saveCheckpoint: (checkpoint) => runs.saveCheckpoint(run.id, checkpoint),
    jobState: job.state ?? null,
    setJobState: (state) => runs.setJobState(run.id, state),
    count(delta) {
      runs.count(run.id, delta);
      changed();
    },
    progress(done, total) {
      runs.progress(run.id, done, total);
      changed();
    },
    log(level, message) {
      runs.log(run, ids('LOG'), clock.now(), level, message);
      changed();
    },
    recordError(error) {
      runs.recordError(run, ids('RERR'), clock.now(), error);
      changed();
    },
  };
}
