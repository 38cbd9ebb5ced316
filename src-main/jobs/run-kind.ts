import type { z } from 'zod';

/** What a run counts; the run row keeps the totals and the API answers them as `counts`. */
export interface RunCounts {
  read: number;
  written: number;
  skipped: number;
  failed: number;
  conflicts: number;
}

/** One record that could not be handled; the run goes on and the error is listed under the run's `errors`. */
export interface RunRecordError {
  /** Which record, without patient data: a resource type and id, a line number, a message id. */
  record: string | null;
  code: string;
  message: string;
  /** The record's interface error is written where it failed (a data batch's record relayed to the run that started the batch). */
  recordedElsewhere?: true | undefined;
}

/**
 * What the executor gives a run of an integration job while it works. Everything it records is durable
 * at once: a crash loses no count, log line or error, and the run resumes from its last checkpoint.
 */
export interface RunContext {
  runId: string;
  jobId: string;
  tenantId: string;
  /** The job's config, already parsed with the kind's `config` schema. */
  config: unknown;
  /** Aborted when the engine stops: save a checkpoint and return; the run is resumed at the next start. */
  signal: AbortSignal;
  /** The last checkpoint this run saved before it was interrupted, or null on a fresh run. */
  checkpoint: unknown;
  saveCheckpoint(checkpoint: unknown): void;
  /** State the job carries from one successful run to the next (a pull sync's `_lastUpdated` high-water mark). */
  jobState: unknown;
  /** Kept as the job's state only if this run succeeds. */
  setJobState(state: unknown): void;
  count(delta: Partial<RunCounts>): void;
  /** Progress while running: `total` null when unknown. */
  progress(done: number, total: number | null): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  recordError(error: RunRecordError): void;
}

/**
 * One kind of integration job (`fhir-pull-sync`, `bulk-export`, `data-import`, …). `run` resolving is success;
 * throwing an AppError fails the run with its code and message.
 */
export interface IntegrationRunKind<Config = unknown> {
  kind: string;
  /** Validates `config` when a job is created or edited; a 422 names each problem. */
  config: z.ZodType<Config>;
  run(ctx: RunContext & { config: Config }): Promise<void>;
}
