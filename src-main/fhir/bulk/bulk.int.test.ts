import { appendFileSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import type { Clock } from '../../core/clock';
import { createIdGenerator } from '../../core/ids';
import { silentLogger } from '../../core/logger';
import { createRunner } from '../../jobs/runner';
import { createFhirRepo } from '../../store/fhir-repo';
import { createBulkExportRepo } from '../../store/bulk-export-repo';
import { createBulkImportRepo } from '../../store/bulk-import-repo';
import { createTransact } from '../../store/transact';
import { createFhirService } from '../store-service';
import { AppError } from '../../core/errors';
import { fhirAnswerOf, outcome } from '../outcome';
import { extractIndexRows } from '../search';
import { createBulkExportService, type BulkExportService } from './bulk-export-service';
import { createBulkImportService } from './bulk-import-service';
import { createFetchPolicy } from '../../fetch/fetch-policy';
import { registerBulkRoutes } from './bulk-routes';

const PATIENTS = 2000;
const OBSERVATIONS = 7999;
let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs };

interface BulkApp {
  url: string;
  exports: BulkExportService;
  close(): Promise<void>;
}

const servicesOver = (engine: TempEngine) => {
  const transact = createTransact(engine.store.sqlite);
  return { transact, fhir: createFhirService({ repo: createFhirRepo(engine.store.sqlite), transact, clock, indexRows: extractIndexRows, journal: { appendEvent: () => undefined }, resourceEventsWanted: () => false }) };
};

/** The bulk routes in a /fhir/R4 plugin of their own, over the engine's store and data dir. */
async function bulkApp(engine: TempEngine): Promise<BulkApp> {
  const { transact, fhir } = servicesOver(engine);
  const runner = createRunner({ clock, logger: silentLogger });
  const exports = createBulkExportService({ runner, repo: createBulkExportRepo(engine.store.sqlite), dataDir: engine.dataDir, clock, ids: createIdGenerator(), logger: silentLogger });
  const imports = createBulkImportService({ runner, repo: createBulkImportRepo(engine.store.sqlite), fhir, transact, dataDir: engine.dataDir, clock, ids: createIdGenerator(), logger: silentLogger, fetch: createFetchPolicy({ allow: [], ownPorts: () => [] }).callerFetch });
  const app: FastifyInstance = Fastify();
  await app.register(
    async (scope) => {
      scope.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_request, body, done) => done(null, JSON.parse(body as string)));
      scope.setErrorHandler((error: unknown, _request, reply) =>
        error instanceof AppError ? reply.code(fhirAnswerOf(error).status).send(fhirAnswerOf(error).outcome) : reply.code(500).send(outcome('fatal', 'exception', String(error))),
      );
      await registerBulkRoutes(scope, { exports, imports, tenantId: engine.tenantId, baseUrl: (request) => `http://${request.host}/fhir/R4`, requiresAccessToken: () => false });
    },
    { prefix: '/fhir/R4' },
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  runner.start();
  return {
    url: `${url}/fhir/R4`,
    exports,
    async close() {
      await runner.stop();
      await app.close();
    },
  };
}

function seed(engine: TempEngine): void {
  const { fhir } = servicesOver(engine);
  const pid = (i: number) => `p-${String(i).padStart(4, '0')}`;
  engine.store.sqlite.transaction(() => {
    for (let i = 0; i < PATIENTS; i++) fhir.update(engine.tenantId, 'Patient', pid(i), { resourceType: 'Patient', id: pid(i), gender: i % 2 ? 'male' : 'female', birthDate: '1980-01-01' });
    for (let i = 0; i < OBSERVATIONS; i++) {
      fhir.create(engine.tenantId, 'Observation', { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, subject: { reference: `Patient/${pid(i % PATIENTS)}` }, valueQuantity: { value: 60 + (i % 40), unit: '/min' } });
    }
    fhir.update(engine.tenantId, 'Group', 'g1', { resourceType: 'Group', id: 'g1', type: 'person', actual: true, member: [{ entity: { reference: `Patient/${pid(0)}` } }, { entity: { reference: `Patient/${pid(1)}` } }] });
  }).immediate();
}

type Manifest = { transactionTime: string; request: string; requiresAccessToken: boolean; output: { type: string; url: string; count: number }[]; error: unknown[] };

const kickOff = (url: string) => fetch(url, { headers: { Prefer: 'respond-async', Accept: 'application/fhir+json' } });

async function waitForManifest(statusUrl: string): Promise<{ manifest: Manifest; progress: string[] }> {
  const progress: string[] = [];
  for (let attempt = 0; attempt < 2000; attempt++) {
    const response = await fetch(statusUrl);
    if (response.status === 200) return { manifest: (await response.json()) as Manifest, progress };
    expect(response.status).toBe(202);
    progress.push(response.headers.get('x-progress') ?? '');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the job did not finish');
}

const countsOf = (manifest: Manifest) => Object.fromEntries(manifest.output.map((o) => [o.type, o.count]));
const linesOf = (text: string) => text.split('\n').filter((line) => line !== '');

async function waitForCompletion(exports: BulkExportService, tenantId: string, id: string) {
  for (let attempt = 0; attempt < 5000; attempt++) {
    const job = exports.status(tenantId, id);
    if (job.status === 'complete' || job.status === 'failed') return job;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the export did not finish');
}

describe('FHIR Bulk Data $export and $import', () => {
  let engine: TempEngine;
  let app: BulkApp;
  let systemManifest: Manifest;

  beforeAll(async () => {
    engine = await startTempEngine();
    seed(engine);
    app = await bulkApp(engine);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await engine?.dispose();
  });

  it('exports 10,000 resources to NDJSON files listed in the manifest', async () => {
    const response = await kickOff(`${app.url}/$export`);
    expect(response.status).toBe(202);
    const statusUrl = response.headers.get('content-location') ?? '';
    expect(statusUrl).toMatch(/\/fhir\/R4\/\$export-status\/BEX_/);

    const { manifest, progress } = await waitForManifest(statusUrl);
    for (const header of progress) expect(header).toMatch(/^\d+ of \d+ resources$/);
    expect(manifest).toMatchObject({ requiresAccessToken: false, error: [], request: `${app.url}/$export` });
    expect(countsOf(manifest)).toEqual({ Group: 1, Observation: OBSERVATIONS, Patient: PATIENTS });

    for (const file of manifest.output) {
      const download = await fetch(file.url);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toContain('application/fhir+ndjson');
      const lines = linesOf(await download.text());
      expect(lines).toHaveLength(file.count);
      expect(new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(file.count);
    }
    systemManifest = manifest;
  }, 60_000);

  it('answers 404 for a file once its link has expired', async () => {
    const url = systemManifest.output[0]?.url ?? '';
    offsetMs = 2 * 60 * 60 * 1000;
    try {
      const expired = await fetch(url);
      expect(expired.status).toBe(404);
      expect(((await expired.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    } finally {
      offsetMs = 0;
    }
    expect((await fetch(url)).status).toBe(200);
  });

  it('continues an export after a restart mid-way, without duplicate or torn lines', async () => {
    const firstRunner = createRunner({ clock, logger: silentLogger });
    firstRunner.start();
    const first = createBulkExportService({ runner: firstRunner, repo: createBulkExportRepo(engine.store.sqlite), dataDir: engine.dataDir, clock, ids: createIdGenerator(), logger: silentLogger, batchSize: 500 });
    const job = first.start(engine.tenantId, { level: 'system', requestUrl: 'http://test/fhir/R4/$export' });
    while (first.status(engine.tenantId, job.id).progress < 1000) await new Promise((resolve) => setImmediate(resolve));
    await firstRunner.stop();
    const midway = first.status(engine.tenantId, job.id);
    expect(midway.status).toBe('in-progress');
    expect(midway.progress).toBeLessThan(10_000);

    // A crash after an append but before the cursor was saved leaves bytes the cursor does not cover.
    const current = midway.parts.find((p) => !p.done && p.count > 0) ?? midway.parts.find((p) => p.count > 0);
    appendFileSync(join(engine.dataDir, 'exports', job.id, `${current?.type}.ndjson`), '{"resourceType":"Patient","id":"torn"');

    const secondRunner = createRunner({ clock, logger: silentLogger });
    const second = createBulkExportService({ runner: secondRunner, repo: createBulkExportRepo(engine.store.sqlite), dataDir: engine.dataDir, clock, ids: createIdGenerator(), logger: silentLogger });
    secondRunner.start();
    const done = await waitForCompletion(second, engine.tenantId, job.id);
    await secondRunner.stop();
    expect(done.status).toBe('complete');
    expect(Object.fromEntries(done.parts.map((p) => [p.type, p.count]))).toEqual({ Group: 1, Observation: OBSERVATIONS, Patient: PATIENTS });
    for (const part of done.parts) {
      const lines = linesOf(readFileSync(second.file(engine.tenantId, job.id, part.type), 'utf8'));
      expect(lines).toHaveLength(part.count);
      expect(new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(part.count);
    }
  }, 60_000);

  it('allows one running export per tenant and group, and DELETE cancels it', async () => {
    // A service whose runner never starts records jobs without running them.
    const idle = createBulkExportService({ runner: createRunner({ clock, logger: silentLogger }), repo: createBulkExportRepo(engine.store.sqlite), dataDir: engine.dataDir, clock, ids: createIdGenerator(), logger: silentLogger });
    const running = idle.start(engine.tenantId, { level: 'system', requestUrl: 'http://test/fhir/R4/$export' });

    const second = await kickOff(`${app.url}/$export`);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { issue: { code: string }[] }).issue[0]?.code).toBe('conflict');

    expect((await fetch(`${app.url}/$export-status/${running.id}`, { method: 'DELETE' })).status).toBe(202);
    expect((await fetch(`${app.url}/$export-status/${running.id}`)).status).toBe(404);
    const retried = await kickOff(`${app.url}/$export`);
    expect(retried.status).toBe(202);
    await waitForManifest(retried.headers.get('content-location') ?? '');
  }, 60_000);

  it('exports the members of a Group with the resources that point at them', async () => {
    const response = await kickOff(`${app.url}/Group/g1/$export`);
    expect(response.status).toBe(202);
    const { manifest } = await waitForManifest(response.headers.get('content-location') ?? '');
    expect(countsOf(manifest)).toEqual({ Patient: 2, Observation: 8 });

    const patientLevel = await kickOff(`${app.url}/Patient/$export?_type=Patient`);
    const { manifest: patients } = await waitForManifest(patientLevel.headers.get('content-location') ?? '');
    expect(countsOf(patients)).toEqual({ Patient: PATIENTS });

    expect((await kickOff(`${app.url}/Group/nope/$export`)).status).toBe(404);
  }, 60_000);

  it('marks an export failed when its Group disappears, and the status URL answers 500', async () => {
    const { fhir } = servicesOver(engine);
    fhir.update(engine.tenantId, 'Group', 'g2', { resourceType: 'Group', id: 'g2', type: 'person', actual: true });
    // A service whose runner never starts records jobs without running them.
    const idle = createBulkExportService({ runner: createRunner({ clock, logger: silentLogger }), repo: createBulkExportRepo(engine.store.sqlite), dataDir: engine.dataDir, clock, ids: createIdGenerator(), logger: silentLogger });
    const job = idle.start(engine.tenantId, { level: 'group', groupId: 'g2', requestUrl: 'http://test/fhir/R4/Group/g2/$export' });
    fhir.remove(engine.tenantId, 'Group', 'g2');

    const resumedRunner = createRunner({ clock, logger: silentLogger });
    const resumed = createBulkExportService({ runner: resumedRunner, repo: createBulkExportRepo(engine.store.sqlite), dataDir: engine.dataDir, clock, ids: createIdGenerator(), logger: silentLogger });
    resumedRunner.start();
    expect((await waitForCompletion(resumed, engine.tenantId, job.id)).status).toBe('failed');
    await resumedRunner.stop();
    const status = await fetch(`${app.url}/$export-status/${job.id}`);
    expect(status.status).toBe(500);
    expect(((await status.json()) as { issue: { diagnostics: string }[] }).issue[0]?.diagnostics).toContain('Group/g2');
  });

  it('rejects a kick-off without Prefer: respond-async, an unknown _type or a bad _since', async () => {
    expect((await fetch(`${app.url}/$export`)).status).toBe(400);
    expect((await kickOff(`${app.url}/$export?_type=Nonsense`)).status).toBe(400);
    expect((await kickOff(`${app.url}/$export?_since=yesterday`)).status).toBe(400);
    expect((await kickOff(`${app.url}/$export?_outputFormat=text/csv`)).status).toBe(400);
  });

  it('re-imports the exported NDJSON into an empty engine to the same counts', async () => {
    const fresh = await startTempEngine();
    try {
      mkdirSync(join(fresh.dataDir, 'imports'));
      for (const file of systemManifest.output) {
        copyFileSync(app.exports.file(engine.tenantId, file.url.split('/').at(-2) ?? '', file.type), join(fresh.dataDir, 'imports', `${file.type}.ndjson`));
      }
      const parameters = {
        resourceType: 'Parameters',
        parameter: [
          { name: 'inputFormat', valueCode: 'application/fhir+ndjson' },
          ...systemManifest.output.map((file) => ({ name: 'input', part: [{ name: 'type', valueCode: file.type }, { name: 'url', valueUri: `${file.type}.ndjson` }] })),
        ],
      };
      const response = await fetch(`${fresh.url}fhir/R4/$import`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(parameters) });
      expect(response.status).toBe(202);
      const { manifest } = await waitForManifest(response.headers.get('content-location') ?? '');
      expect(manifest.error).toEqual([]);
      expect(countsOf(manifest)).toEqual(countsOf(systemManifest));

      for (const file of systemManifest.output) {
        const bundle = (await (await fetch(`${fresh.url}fhir/R4/${file.type}?_summary=count`)).json()) as { total: number };
        expect(bundle.total).toBe(file.count);
      }
      const patient = (await (await fetch(`${fresh.url}fhir/R4/Patient/p-0007`)).json()) as { id: string; gender: string };
      expect(patient).toMatchObject({ id: 'p-0007', gender: 'male' });
    } finally {
      await fresh.dispose();
    }
  }, 120_000);

  it('imports an NDJSON body line by line and reports the lines it could not store', async () => {
    const body = ['{"resourceType":"Patient","id":"n-1"}', '', '{"resourceType":"Patient",', '{"resourceType":"Observation","status":"final","code":{"text":"x"}}', '{"resourceType":"Patient","gender":"unknown"}'].join('\n');
    const response = await fetch(`${app.url}/$import?_type=Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+ndjson' }, body });
    expect(response.status).toBe(202);
    const { manifest } = await waitForManifest(response.headers.get('content-location') ?? '');
    expect(manifest.output).toEqual([{ type: 'Patient', url: 'body', count: 2 }]);
    const errors = manifest.error as { type: string; url: string }[];
    expect(errors).toHaveLength(1);
    const outcomes = linesOf(await (await fetch(errors[0]?.url ?? '')).text()).map((line) => JSON.parse(line) as { issue: { diagnostics: string }[] });
    expect(outcomes.map((o) => o.issue[0]?.diagnostics)).toEqual(['body line 3: The line is not valid JSON', 'body line 4: The line is a Observation, not a Patient']);
    const outside = await fetch(`${app.url}/$import`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'input', part: [{ name: 'url', valueUri: '../interop.db' }] }] }),
    });
    expect(outside.status).toBe(400);
  });
});
