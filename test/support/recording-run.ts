import type { RunContext, RunCounts, RunRecordError } from '../../src-main/jobs/run-kind';

/**
 * A RunContext kept in memory: it stands in for the integration-run executor, so a kind's `run` can be
 * called directly and what it recorded read back. A job's next run is another recording run given this
 * one's `newJobState` (the executor keeps it only when the run succeeded) and, to resume it, its `savedCheckpoint`.
 */
export interface RecordingRun<Config = unknown> extends RunContext {
  config: Config;
  counts: RunCounts;
  logs: { level: string; message: string }[];
  errors: RunRecordError[];
  /** The job state this run set (what the next run starts from if it succeeds). */
  newJobState: unknown;
  savedCheckpoint: unknown;
  abort(): void;
}

export function recordingRun<Config>(config: Config, options: { jobId?: string; tenantId?: string; jobState?: unknown; checkpoint?: unknown } = {}): RecordingRun<Config> {
  const controller = new AbortController();
  const run: RecordingRun<Config> = {
    runId: `RUN_${Math.random().toString(36).slice(2)}`,
    jobId: options.jobId ?? 'JOB_01J00000000000000000000000',
    tenantId: options.tenantId ?? 'TEN_DEFAULT',
    config,
    signal: controller.signal,
    checkpoint: options.checkpoint ?? null,
    jobState: options.jobState ?? null,
    counts: { read: 0, written: 0, skipped: 0, failed: 0, conflicts: 0 },
    logs: [],
    errors: [],
    newJobState: undefined,
    savedCheckpoint: null,
    saveCheckpoint: (checkpoint) => void (run.savedCheckpoint = checkpoint),
    setJobState: (state) => void (run.newJobState = state),
    count(delta) {
      for (const [key, value] of Object.entries(delta)) run.counts[key as keyof RunCounts] += value ?? 0;
    },
    progress: () => undefined,
    log: (level, message) => void run.logs.push({ level, message }),
    recordError: (error) => void run.errors.push(error),
    abort: () => controller.abort(),
  };
  return run;
}
