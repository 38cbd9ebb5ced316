import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent, FhirExportJob } from '../../../src-shared';
import { httpTransport, ipcTransport, type TestTransport } from '../../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { createIdGenerator } from '../../core/ids';
import { silentLogger } from '../../core/logger';
import { createRunner } from '../../jobs/runner';
import { createBulkExportRepo } from '../../store/bulk-export-repo';
import { createBulkExportService } from './bulk-export-service';

const transports: { name: string; make: (engine: TempEngine) => TestTransport }[] = [
  { name: 'http', make: (engine) => httpTransport(engine.url as string) },
  { name: 'ipc', make: (engine) => ipcTransport(engine) },
];

const PATIENTS = 3;
const OBSERVATIONS = 5;

async function create(engine: TempEngine, resource: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${engine.url}fhir/R4/${String(resource.resourceType)}`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(resource) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function seed(engine: TempEngine): Promise<void> {
  for (let i = 0; i < PATIENTS; i++) {
    const patient = await create(engine, { resourceType: 'Patient', gender: 'female' });
    for (let j = i; j < OBSERVATIONS; j += PATIENTS) {
      await create(engine, { resourceType: 'Observation', status: 'final', code: { text: 'Heart rate' }, subject: { reference: `Patient/${patient}` } });
    }
  }
  await create(engine, { resourceType: 'Practitioner', name: [{ family: 'Outside' }] });
}

async function untilFinished(api: TestTransport, id: string): Promise<FhirExportJob> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const answer = await api.call('fhirExports.get', { id });
    expect(answer.status).toBe(200);
    const job = answer.body as FhirExportJob;
    if (job.status === 'complete' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`export ${id} did not finish`);
}

const countsOf = (job: FhirExportJob) => Object.fromEntries(job.files.map((f) => [f.type, f.count]));
const error = (answer: { body: unknown }) => (answer.body as { error: { code: string } }).error;

describe.each(transports)('FHIR export operations over $name', ({ make }) => {
  let engine: TempEngine;
  let api: TestTransport;
  const events: ChangeEvent[] = [];

  beforeAll(async () => {
    engine = await startTempEngine();
    api = make(engine);
    engine.changes.subscribe((event) => events.push(event));
    await seed(engine);
  });
  afterAll(() => engine.dispose());

  it('starts an export, follows it to complete, lists it newest first with counts and serves every file', async () => {
    const started = await api.call('fhirExports.start', { level: 'patient', types: ['Patient', 'Observation'] });
    expect(started.status).toBe(202);
    const accepted = started.body as FhirExportJob;
    expect(accepted).toMatchObject({ id: expect.stringMatching(/^BEX_/), level: 'patient', types: ['Patient', 'Observation'], status: 'accepted', expired: false });

    const done = await untilFinished(api, accepted.id);
    expect(done.status).toBe('complete');
    expect(done).toMatchObject({ progress: PATIENTS + OBSERVATIONS, total: PATIENTS + OBSERVATIONS, completedAt: expect.any(String), expiresAt: expect.any(String), error: null });
    expect(countsOf(done)).toEqual({ Patient: PATIENTS, Observation: OBSERVATIONS });

    const system = (await api.call('fhirExports.start', {})).body as FhirExportJob;
    await untilFinished(api, system.id);
    const list = (await api.call('fhirExports.list', { pageSize: 10 })).body as { data: FhirExportJob[]; total: number };
    expect(list.total).toBe(2);
    expect(list.data.map((job) => job.id)).toEqual([system.id, accepted.id]);
    expect(countsOf(list.data[0] as FhirExportJob)).toEqual({ Observation: OBSERVATIONS, Patient: PATIENTS, Practitioner: 1 });
    expect(((await api.call('fhirExports.list', { status: 'failed' })).body as { total: number }).total).toBe(0);

    for (const file of done.files) {
      expect(file.url).toBe(`/fhir/R4/$export-file/${done.id}/${file.type}`);
      const response = await fetch(new URL(file.url as string, engine.url));
      expect(response.status).toBe(200);
      const lines = (await response.text()).split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(file.count);
      expect(lines.every((line) => (JSON.parse(line) as { resourceType: string }).resourceType === file.type)).toBe(true);
    }
    expect(events.filter((e) => e.topic === 'fhirExports' && e.id === accepted.id).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a second export while one is running with 409, and cancel removes the running one', async () => {
    // A service whose runner never starts records the job without running it, so it stays in progress for as long as the test needs.
    const idle = createBulkExportService({ runner: createRunner({ clock: { now: () => Date.now() }, logger: silentLogger }), repo: createBulkExportRepo(engine.store.sqlite), dataDir: engine.dataDir, clock: { now: () => Date.now() }, ids: createIdGenerator(), logger: silentLogger });
    const running = idle.start(engine.tenantId, { level: 'system', requestUrl: '/fhir/R4/$export' });

    const second = await api.call('fhirExports.start', { types: ['Patient'] });
    expect(second.status).toBe(409);
    expect(error(second).code).toBe('FHIR_EXPORT_ALREADY_RUNNING');
    const listed = ((await api.call('fhirExports.list', { status: 'accepted' })).body as { data: FhirExportJob[] }).data;
    expect(listed.map((job) => job.id)).toEqual([running.id]);
    expect(listed[0]?.files.every((file) => file.url === null)).toBe(true);

    expect((await api.call('fhirExports.cancel', { id: running.id })).status).toBe(204);
    expect((await api.call('fhirExports.get', { id: running.id })).status).toBe(404);
    const retried = await api.call('fhirExports.start', { types: ['Patient'] });
    expect(retried.status).toBe(202);
    expect(countsOf(await untilFinished(api, (retried.body as FhirExportJob).id))).toEqual({ Patient: PATIENTS });
  });
});
