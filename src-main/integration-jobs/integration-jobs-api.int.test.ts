import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import type { IntegrationRunKind } from '../jobs/run-kind';

const body = (answer: { body: unknown }) => answer.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY_MS = 24 * 60 * 60 * 1000;

/** Answers once `check` holds for the run, polling the API as the console does. */
async function runWhen(api: TestTransport, id: string, check: (run: Record<string, any>) => boolean, timeoutMs = 15_000): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = body(await api.call('integrationRuns.get', { id }));
    if (check(run)) return run;
    if (Date.now() > until) throw new Error(`run ${id} is still ${run.status}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** A kind that reads one record per run: what the seconds-level schedule test watches. */
const tickKind: IntegrationRunKind<{ note?: string | undefined }> = {
  kind: 'tick',
  config: z.object({ note: z.string().optional() }).strict(),
  async run(ctx) {
    ctx.count({ read: 1 });
    ctx.log('info', 'tick');
  },
};

describe('integration jobs and runs over HTTP', () => {
  let engine: TempEngine;
  let api: TestTransport;
  let offsetMs = 0;
  beforeAll(async () => {
    engine = await startTempEngine({ clock: { now: () => Date.now() + offsetMs }, integrationRunKinds: [tickKind] });
    api = httpTransport(engine.url as string);
    for (const id of ['p1', 'p2', 'p3']) {
      const put = await fetch(`${engine.url}fhir/R4/Patient/${id}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', id, gender: 'female' }) });
      expect(put.status).toBe(201);
    }
  });
  afterAll(() => engine.dispose());

  it('runs a job with a seconds-level cron on time by the real clock, and the run shows its counts and logs', async () => {
    const created = await api.call('integrationJobs.create', { name: 'Every two seconds', kind: 'tick', schedule: '*/2 * * * * *' });
    expect(created.status).toBe(201);
    const job = body(created);
    const nextRunAt = Date.parse(job.nextRunAt);
    expect(nextRunAt % 2000).toBe(0);
    expect(nextRunAt).toBeGreaterThan(Date.now() - 100);
    const list = await api.call('integrationRuns.list', { jobId: job.id });
    expect(body(list).total).toBe(0);
    let first: Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    const until = Date.now() + 10_000;
    while (!first && Date.now() < until) {
      first = body(await api.call('integrationRuns.list', { jobId: job.id, status: 'succeeded' })).data.at(-1);
      if (!first) await new Promise((done) => setTimeout(done, 50));
    }
    expect(first).toMatchObject({ trigger: 'schedule', scheduledFor: new Date(nextRunAt).toISOString(), counts: { read: 1, written: 0, skipped: 0, failed: 0, conflicts: 0 }, error: null });
    // On time: started within the scheduler's one-second look of its due time, never before it.
    const lateMs = Date.parse(first!.startedAt) - nextRunAt;
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1500);
    const logs = body(await api.call('integrationRuns.logs', { id: first!.id })).data.map((l: { message: string }) => l.message);
    expect(logs).toEqual(['Queued (schedule)', 'Started', 'tick', 'Succeeded']);
    expect((await api.call('integrationJobs.disable', { id: job.id })).status).toBe(200);
  });

  it('answers 422 naming each problem: an unknown kind, a config the kind refuses, a bad cron and a bad time zone', async () => {
    const unknown = await api.call('integrationJobs.create', { name: 'x', kind: 'fax-blaster', schedule: 'every day', timeZone: 'Mars/Base' });
    expect(unknown.status).toBe(422);
    expect(body(unknown).error.code).toBe('INTEROP_VALIDATION_FAILED');
    expect(Object.keys(body(unknown).error.details.fields).sort()).toEqual(['kind', 'schedule', 'timeZone']);
    expect(body(unknown).error.details.fields.kind[0]).toContain('bulk-export');
    const config = await api.call('integrationJobs.create', { name: 'x', kind: 'bulk-export', config: { keepDays: 0, resourceTypes: ['patient'], extra: 1 } });
    expect(config.status).toBe(422);
    expect(Object.keys(body(config).error.details.fields).sort()).toEqual(['config', 'config.keepDays', 'config.resourceTypes.0']);
  });

  it('creates, edits (409 on a stale version), disables, enables and deletes a job', async () => {
    const created = body(await api.call('integrationJobs.create', { name: 'Nightly export', kind: 'bulk-export', schedule: '0 2 * * *', timeZone: 'Europe/Berlin', config: { keepDays: 7 } }));
    expect(created).toMatchObject({ id: expect.stringMatching(/^JOB_/), version: 1, overlap: 'skip', catchUp: 'run-once', enabled: true, lastRun: null, skippedRuns: 0 });
    expect(new Date(created.nextRunAt).toLocaleString('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' })).toBe('02:00');
    const edited = await api.call('integrationJobs.update', { id: created.id, version: 1, schedule: '*/15 * * * *', overlap: 'queue' });
    expect(edited.status).toBe(200);
    expect(body(edited)).toMatchObject({ version: 2, schedule: '*/15 * * * *', overlap: 'queue' });
    expect(Date.parse(body(edited).nextRunAt) % (15 * 60_000)).toBe(0);
    const stale = await api.call('integrationJobs.update', { id: created.id, version: 1, name: 'Renamed' });
    expect(stale.status).toBe(409);
    expect(body(stale).error.code).toBe('INTEROP_VERSION_CONFLICT');
    const badCron = await api.call('integrationJobs.update', { id: created.id, version: 2, schedule: '99 * * * *' });
    expect(badCron.status).toBe(422);
    expect(Object.keys(body(badCron).error.details.fields)).toEqual(['schedule']);
    const disabled = body(await api.call('integrationJobs.disable', { id: created.id }));
    expect(disabled).toMatchObject({ enabled: false, nextRunAt: null });
    const enabled = body(await api.call('integrationJobs.enable', { id: created.id }));
    expect(enabled.enabled).toBe(true);
    expect(enabled.nextRunAt).not.toBeNull();
    expect((await api.call('integrationJobs.delete', { id: created.id })).status).toBe(204);
    const gone = await api.call('integrationJobs.get', { id: created.id });
    expect(gone.status).toBe(404);
    expect(body(gone).error.code).toBe('INTEROP_INTEGRATION_JOB_NOT_FOUND');
  });

  it('runs a bulk-export job now: the run id at once, then counts, logs and NDJSON kept keepDays; older output goes at a later run', async () => {
    const job = body(await api.call('integrationJobs.create', { name: 'Patients export', kind: 'bulk-export', config: { resourceTypes: ['Patient'], keepDays: 1 } }));
    expect(job.schedule).toBeNull();
    const queued = await api.call('integrationJobs.run', { id: job.id });
    expect(queued.status).toBe(202);
    expect(body(queued)).toMatchObject({ id: expect.stringMatching(/^RUN_/), jobId: job.id, trigger: 'manual' });
    const run = await runWhen(api, body(queued).id, (r) => r.status === 'succeeded' || r.status === 'failed');
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: 3, written: 3, skipped: 0, failed: 0, conflicts: 0 }, progress: { done: 3, total: 3 }, error: null });
    const logs = body(await api.call('integrationRuns.logs', { id: run.id })).data.map((l: { message: string }) => l.message);
    expect(logs).toContain('Patient: 3 resources written to NDJSON');
    const exportId = /Started export (BEX_\w+)/.exec(logs.join('\n'))?.[1] as string;
    const exported = engine.store.sqlite.prepare('SELECT expires_at - completed_at FROM bulk_export_jobs WHERE id = ?').pluck().get(exportId);
    expect(exported).toBe(DAY_MS);
    expect(existsSync(join(engine.dataDir, 'exports', exportId, 'Patient.ndjson'))).toBe(true);
    expect(body(await api.call('integrationRuns.errors', { id: run.id }))).toMatchObject({ data: [], total: 0 });
    expect(body(await api.call('integrationJobs.get', { id: job.id })).lastRun).toMatchObject({ id: run.id, status: 'succeeded' });

    offsetMs = 2 * DAY_MS;
    const second = await runWhen(api, body(await api.call('integrationJobs.run', { id: job.id })).id, (r) => r.status === 'succeeded' || r.status === 'failed');
    expect(second.status).toBe('succeeded');
    const secondLogs = body(await api.call('integrationRuns.logs', { id: second.id })).data.map((l: { message: string }) => l.message);
    expect(secondLogs).toContain(`Removed the output of export ${exportId}, older than 1 days`);
    expect(existsSync(join(engine.dataDir, 'exports', exportId))).toBe(false);
    const runs = body(await api.call('integrationRuns.list', { jobId: job.id }));
    expect(runs.data.map((r: { id: string }) => r.id)).toEqual([second.id, run.id]);
  });
});
