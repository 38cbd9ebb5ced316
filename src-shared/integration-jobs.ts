import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';

/** queued → running → succeeded / failed; interrupted when the engine stopped mid-run (it resumes from its checkpoint). */
export const IntegrationRunStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'interrupted']);
export type IntegrationRunStatus = z.infer<typeof IntegrationRunStatus>;
/** A due run while one of the job is still going: `skip` it (counted on the job), or `queue` it behind. */
export const OverlapPolicy = z.enum(['skip', 'queue']);
/** Due runs missed while the engine was off: `run-once` now, or `skip` to the next due time. */
export const CatchUpPolicy = z.enum(['run-once', 'skip']);
export const RunTrigger = z.enum(['schedule', 'manual', 'catch-up']);

const jobFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.string().trim().min(1).max(100),
  /** A cron expression (five fields, or six with seconds); null runs only when asked. */
  schedule: z.string().trim().min(1).max(200).nullable(),
  /** The IANA time zone the schedule is read in. */
  timeZone: z.string().trim().min(1).max(100),
  overlap: OverlapPolicy,
  catchUp: CatchUpPolicy,
  /** Checked against the kind's own schema; a 422 names each problem under `config.…`. */
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
};

export const IntegrationRunCounts = z.object({ read: z.number(), written: z.number(), skipped: z.number(), failed: z.number(), conflicts: z.number() });

export const IntegrationRun = z.object({
  id: z.string(),
  tenantId: z.string(),
  jobId: z.string(),
  status: IntegrationRunStatus,
  trigger: RunTrigger,
  counts: IntegrationRunCounts,
  /** While running: records done of `total` (null when the kind cannot know). */
  progress: z.object({ done: z.number(), total: z.number().nullable() }).nullable(),
  scheduledFor: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type IntegrationRun = z.infer<typeof IntegrationRun>;

export const IntegrationJob = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  kind: z.string(),
  schedule: z.string().nullable(),
  timeZone: z.string(),
  overlap: OverlapPolicy,
  catchUp: CatchUpPolicy,
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  /** The newest run, whatever its status. */
  lastRun: IntegrationRun.pick({ id: true, status: true, finishedAt: true, error: true }).nullable(),
  /** Due runs that did not start, and why the last one did not: `overlap` or `missed`. */
  skippedRuns: z.number(),
  lastSkippedAt: z.string().nullable(),
  lastSkipReason: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IntegrationJob = z.infer<typeof IntegrationJob>;

export const IntegrationRunLog = z.object({ id: z.string(), at: z.string(), level: z.enum(['info', 'warn', 'error']), message: z.string() });
export type IntegrationRunLog = z.infer<typeof IntegrationRunLog>;
export const IntegrationRunError = z.object({ id: z.string(), at: z.string(), record: z.string().nullable(), code: z.string(), message: z.string() });
export type IntegrationRunError = z.infer<typeof IntegrationRunError>;

const jobId = idInput('JOB');
const runId = idInput('RUN');

export const integrationJobOps = {
  kinds: defineOperation({
    name: 'integrationJobs.kinds',
    http: { method: 'GET', path: '/api/v1/integration-job-kinds' },
    input: z.object({}),
    output: z.object({ data: z.array(z.string()) }),
    immutable: true,
  }),
  list: defineOperation({
    name: 'integrationJobs.list',
    http: { method: 'GET', path: '/api/v1/integration-jobs' },
    input: z.object({ ...pageInput, kind: z.string().optional() }),
    output: Page(IntegrationJob),
  }),
  get: defineOperation({ name: 'integrationJobs.get', http: { method: 'GET', path: '/api/v1/integration-jobs/:id' }, input: z.object({ id: jobId }), output: IntegrationJob }),
  create: defineOperation({
    name: 'integrationJobs.create',
    http: { method: 'POST', path: '/api/v1/integration-jobs', successStatus: 201 },
    input: z.object({
      ...jobFields,
      schedule: jobFields.schedule.default(null),
      timeZone: jobFields.timeZone.default('UTC'),
      overlap: jobFields.overlap.default('skip'),
      catchUp: jobFields.catchUp.default('run-once'),
      config: jobFields.config.default({}),
      enabled: jobFields.enabled.default(true),
    }),
    output: IntegrationJob,
    invalidates: ['integrationJobs'],
  }),
  update: defineOperation({
    name: 'integrationJobs.update',
    http: { method: 'PATCH', path: '/api/v1/integration-jobs/:id' },
    input: z.object({ id: jobId, version: versionInput, ...z.object(jobFields).omit({ kind: true }).partial().shape }),
    output: IntegrationJob,
    invalidates: ['integrationJobs'],
  }),
  /** Refused (409) while a run of the job is going. */
  delete: defineOperation({
    name: 'integrationJobs.delete',
    http: { method: 'DELETE', path: '/api/v1/integration-jobs/:id', successStatus: 204 },
    input: z.object({ id: jobId }),
    output: z.null(),
    invalidates: ['integrationJobs', 'integrationRuns'],
  }),
  enable: defineOperation({ name: 'integrationJobs.enable', http: { method: 'POST', path: '/api/v1/integration-jobs/:id/enable' }, input: z.object({ id: jobId }), output: IntegrationJob, invalidates: ['integrationJobs'] }),
  disable: defineOperation({ name: 'integrationJobs.disable', http: { method: 'POST', path: '/api/v1/integration-jobs/:id/disable' }, input: z.object({ id: jobId }), output: IntegrationJob, invalidates: ['integrationJobs'] }),
  /** Run now (a disabled job too): the queued run, or the one already waiting for this job. */
  run: defineOperation({
    name: 'integrationJobs.run',
    http: { method: 'POST', path: '/api/v1/integration-jobs/:id/run', successStatus: 202 },
    input: z.object({ id: jobId }),
    output: IntegrationRun,
    invalidates: ['integrationJobs', 'integrationRuns'],
  }),
} as const;

export const integrationRunOps = {
  list: defineOperation({
    name: 'integrationRuns.list',
    http: { method: 'GET', path: '/api/v1/integration-runs' },
    input: z.object({ ...pageInput, jobId: jobId.optional(), status: IntegrationRunStatus.optional() }),
    output: Page(IntegrationRun),
  }),
  get: defineOperation({ name: 'integrationRuns.get', http: { method: 'GET', path: '/api/v1/integration-runs/:id' }, input: z.object({ id: runId }), output: IntegrationRun }),
  logs: defineOperation({
    name: 'integrationRuns.logs',
    http: { method: 'GET', path: '/api/v1/integration-runs/:id/logs' },
    input: z.object({ id: runId, ...pageInput }),
    output: Page(IntegrationRunLog),
  }),
  errors: defineOperation({
    name: 'integrationRuns.errors',
    http: { method: 'GET', path: '/api/v1/integration-runs/:id/errors' },
    input: z.object({ id: runId, ...pageInput }),
    output: Page(IntegrationRunError),
  }),
} as const;
