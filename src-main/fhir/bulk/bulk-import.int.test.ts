import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { bootstrap, DATABASE_FILE, type Engine } from '../../bootstrap';
import type { Clock } from '../../core/clock';

type Manifest = { transactionTime: string; request: string; output: { type?: string; url: string; count: number }[]; error: { type: string; url: string; count: number }[] };
type Outcome = { resourceType: string; issue: { severity: string; code: string; diagnostics?: string; location?: string[]; expression?: string[] }[] };

const fhirBase = (engine: Engine) => `${engine.url ?? ''}fhir/R4`;
const linesOf = (text: string) => text.split('\n').filter((line) => line !== '');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** NDJSON of Observations without ids, so every line is a create and a duplicate would show in the count. */
const observations = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: tag }, valueQuantity: { value: i, unit: '/min' } })).join('\n') + '\n';

function importsFile(engine: TempEngine, name: string, text: string): string {
  mkdirSync(join(engine.dataDir, 'imports'), { recursive: true });
  const path = join(engine.dataDir, 'imports', name);
  writeFileSync(path, text);
  return path;
}

const parametersOf = (...inputs: { type?: string; url: string }[]) => ({
  resourceType: 'Parameters',
  parameter: [
    { name: 'inputFormat', valueCode: 'application/fhir+ndjson' },
    ...inputs.map((input) => ({ name: 'input', part: [...(input.type ? [{ name: 'type', valueCode: input.type }] : []), { name: 'url', valueUri: input.url }] })),
  ],
});

async function kickOff(engine: Engine, ...inputs: { type?: string; url: string }[]): Promise<string> {
  const response = await fetch(`${fhirBase(engine)}/$import`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(parametersOf(...inputs)) });
  expect(response.status).toBe(202);
  const statusUrl = response.headers.get('content-location') ?? '';
  expect(statusUrl).toMatch(/\/fhir\/R4\/\$import-status\/BIM_/);
  return statusUrl;
}

async function waitForManifest(statusUrl: string): Promise<{ manifest: Manifest; progress: string[] }> {
  const progress: string[] = [];
  for (let attempt = 0; attempt < 3000; attempt++) {
    const response = await fetch(statusUrl);
    if (response.status === 200) return { manifest: (await response.json()) as Manifest, progress };
    expect(response.status).toBe(202);
    progress.push(response.headers.get('x-progress') ?? '');
    await pause(20);
  }
  throw new Error('the import did not finish');
}

/** Polls until the job has committed some lines but not all of them. */
async function waitUntilUnderway(statusUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 3000; attempt++) {
    const response = await fetch(statusUrl);
    expect(response.status, 'the import finished before it could be interrupted').toBe(202);
    if (!/^0 lines read/.test(response.headers.get('x-progress') ?? '')) return;
    await pause(5);
  }
  throw new Error('the import made no progress');
}

async function countOf(engine: Engine, query: string): Promise<number> {
  const bundle = (await (await fetch(`${fhirBase(engine)}/${query}${query.includes('?') ? '&' : '?'}_summary=count`)).json()) as { total: number };
  return bundle.total;
}

async function errorsOf(manifest: Manifest): Promise<Outcome[]> {
  expect(manifest.error).toHaveLength(1);
  const response = await fetch(manifest.error[0]?.url ?? '');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/fhir+ndjson');
  return linesOf(await response.text()).map((line) => JSON.parse(line) as Outcome);
}

/** The job row as the stopped engine left it on disk. */
function jobRowOnDisk(dataDir: string, statusUrl: string): { status: string; inputs: string } {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT status, inputs FROM bulk_import_jobs WHERE id = ?').get(statusUrl.split('/').at(-1)) as { status: string; inputs: string };
  } finally {
    db.close();
  }
}

describe('FHIR Bulk Data $import as a background job', () => {
  let engine: TempEngine;
  let peer: Server;
  let peerUrl: string;

  beforeAll(async () => {
    // The partner's file server below listens on loopback, which API-supplied URLs reach only when the operator allow-lists it.
    engine = await startTempEngine({ fetchAllow: [{ host: '127.0.0.1' }] });
    // A partner's file server: serves NDJSON in small chunks, answers 404 for anything else.
    peer = createServer((request, response) => {
      if (request.url !== '/vitals.ndjson') return response.writeHead(404).end('not here');
      response.writeHead(200, { 'content-type': 'application/fhir+ndjson' });
      const body = Buffer.from(observations(1200, 'from-url'));
      for (let at = 0; at < body.length; at += 4096) response.write(body.subarray(at, at + 4096));
      response.end();
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => peer?.close(resolve));
    await engine?.dispose();
  });

  it('imports thousands of lines from local files (absolute path and file:// URL) and the counts match a search', async () => {
    const first = importsFile(engine, 'first.ndjson', observations(2500, 'local-a'));
    const second = importsFile(engine, 'second.ndjson', observations(1700, 'local-b'));
    const statusUrl = await kickOff(engine, { type: 'Observation', url: first }, { type: 'Observation', url: pathToFileURL(second).href });

    const { manifest, progress } = await waitForManifest(statusUrl);
    for (const header of progress) expect(header).toMatch(/^\d+ lines read, \d+ resources written, \d+ errors$/);
    expect(manifest.output).toEqual([
      { type: 'Observation', url: first, count: 2500 },
      { type: 'Observation', url: pathToFileURL(second).href, count: 1700 },
    ]);
    expect(manifest.error).toEqual([]);
    expect(Date.parse(manifest.transactionTime)).not.toBeNaN();
    expect(await countOf(engine, 'Observation?code:text=local-a')).toBe(2500);
    expect(await countOf(engine, 'Observation?code:text=local-b')).toBe(1700);
  }, 60_000);

  it('imports from an http URL and reports an input whose server answers 404 in the error file', async () => {
    const statusUrl = await kickOff(engine, { type: 'Observation', url: `${peerUrl}/vitals.ndjson` }, { url: `${peerUrl}/missing.ndjson` });
    const { manifest } = await waitForManifest(statusUrl);
    expect(manifest.output).toEqual([
      { type: 'Observation', url: `${peerUrl}/vitals.ndjson`, count: 1200 },
      { url: `${peerUrl}/missing.ndjson`, count: 0 },
    ]);
    expect(await countOf(engine, 'Observation?code:text=from-url')).toBe(1200);
    const [failure, ...rest] = await errorsOf(manifest);
    expect(rest).toEqual([]);
    expect(failure?.issue[0]).toMatchObject({ severity: 'error', diagnostics: `${peerUrl}/missing.ndjson: The input answered 404`, location: [`${peerUrl}/missing.ndjson`] });
  }, 60_000);

  it('stores the good lines of a file with bad ones and names each bad line in the error file', async () => {
    const lines = [
      '{"resourceType":"Patient","id":"bad-lines-1","gender":"female"}',
      '{"resourceType":"Patient",',
      '{"resourceType":"Patient","birthDate":"yesterday","identifier":[{"value":"bad-lines"}]}',
      '',
      '{"resourceType":"Nonsense","id":"n1"}',
      '{"resourceType":"Patient","identifier":[{"value":"bad-lines"}]}',
      '{"resourceType":"Observation","status":"final","code":{"text":"x"}}',
    ];
    importsFile(engine, 'bad-lines.ndjson', `${lines.join('\r\n')}\r\n`);
    const statusUrl = await kickOff(engine, { type: 'Patient', url: 'bad-lines.ndjson' }, { url: 'no-such-file.ndjson' });
    const { manifest } = await waitForManifest(statusUrl);
    expect(manifest.output).toEqual([
      { type: 'Patient', url: 'bad-lines.ndjson', count: 2 },
      { url: 'no-such-file.ndjson', count: 0 },
    ]);
    expect(manifest.error[0]?.count).toBe(5);
    expect(await countOf(engine, 'Patient?identifier=bad-lines')).toBe(1);
    expect(await countOf(engine, 'Patient?_id=bad-lines-1')).toBe(1);

    const outcomes = await errorsOf(manifest);
    expect(outcomes.map((o) => o.issue[0]?.location)).toEqual([['bad-lines.ndjson#2'], ['bad-lines.ndjson#3'], ['bad-lines.ndjson#5'], ['bad-lines.ndjson#7'], ['no-such-file.ndjson']]);
    expect(outcomes.map((o) => o.issue[0]?.diagnostics)).toEqual([
      'bad-lines.ndjson line 2: The line is not valid JSON',
      'bad-lines.ndjson line 3: Invalid date format',
      'bad-lines.ndjson line 5: The line is a Nonsense, not a Patient',
      'bad-lines.ndjson line 7: The line is a Observation, not a Patient',
      'no-such-file.ndjson: The input cannot be read',
    ]);
    // The validator's findings travel with the line, element path included.
    expect(outcomes[1]?.issue[1]).toMatchObject({ severity: 'error', expression: ['Patient.birthDate'] });
  }, 60_000);

  it('names a resource type R4 does not have when the input declares no type', async () => {
    importsFile(engine, 'untyped.ndjson', '{"resourceType":"Nonsense"}\n{"resourceType":"Patient","identifier":[{"value":"untyped"}]}\n');
    const { manifest } = await waitForManifest(await kickOff(engine, { url: 'untyped.ndjson' }));
    expect(manifest.output).toEqual([{ url: 'untyped.ndjson', count: 1 }]);
    const [outcome] = await errorsOf(manifest);
    expect(outcome?.issue[0]?.diagnostics).toBe('untyped.ndjson line 1: Nonsense is not an R4 resource type');
  }, 60_000);

  it('refuses inputs outside the imports folder and schemes it cannot read, before starting a job', async () => {
    for (const url of ['../interop.db', join(engine.dataDir, 'interop.db'), pathToFileURL(join(engine.dataDir, 'secret.key')).href, 'ftp://example.org/x.ndjson']) {
      const response = await fetch(`${fhirBase(engine)}/$import`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(parametersOf({ url })) });
      expect(response.status, url).toBe(400);
      expect(((await response.json()) as Outcome).resourceType).toBe('OperationOutcome');
    }
    const csv = { resourceType: 'Parameters', parameter: [{ name: 'inputFormat', valueCode: 'text/csv' }, { name: 'input', part: [{ name: 'url', valueUri: 'x.csv' }] }] };
    expect((await fetch(`${fhirBase(engine)}/$import`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(csv) })).status).toBe(400);
  });

  it('answers 404 with an OperationOutcome for an unknown job', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${fhirBase(engine)}/$import-status/BIM_NOPE`, { method });
      expect(response.status).toBe(404);
      expect(((await response.json()) as Outcome).issue[0]?.code).toBe('not-found');
    }
    expect((await fetch(`${fhirBase(engine)}/$import-errors/BIM_NOPE`)).status).toBe(404);
  });

  it('cancels a running import with DELETE: the job and its files go, and no more lines are written', async () => {
    importsFile(engine, 'cancelled.ndjson', observations(20_000, 'cancelled'));
    const statusUrl = await kickOff(engine, { url: 'cancelled.ndjson' });
    await waitUntilUnderway(statusUrl);
    expect((await fetch(statusUrl, { method: 'DELETE' })).status).toBe(202);
    expect((await fetch(statusUrl)).status).toBe(404);
    expect(readdirSync(join(engine.dataDir, 'import-jobs'))).not.toContain(statusUrl.split('/').at(-1));

    const written = await countOf(engine, 'Observation?code:text=cancelled');
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(20_000);
    await pause(300);
    expect(await countOf(engine, 'Observation?code:text=cancelled')).toBe(written);
  }, 60_000);
});

describe('$import across an engine restart, and pruning of expired bulk files', () => {
  let offsetMs = 0;
  const clock: Clock = { now: () => Date.now() + offsetMs };
  const restart = (dataDir: string) => bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 }, clock });
  const statusOn = (engine: Engine, statusUrl: string) => `${fhirBase(engine)}/${statusUrl.split('/fhir/R4/')[1] ?? ''}`;

  it('resumes an import stopped mid-way and ends with exactly one resource per line', async () => {
    const first = await startTempEngine({ clock });
    const dataDir = first.dataDir;
    let second: Engine | undefined;
    try {
      importsFile(first, 'big.ndjson', observations(15_000, 'restarted'));
      const statusUrl = await kickOff(first, { type: 'Observation', url: 'big.ndjson' });
      await waitUntilUnderway(statusUrl);
      await first.stop();
      const row = jobRowOnDisk(dataDir, statusUrl);
      expect(row.status).toBe('in-progress');
      const [input] = JSON.parse(row.inputs) as { written: number; line: number }[];
      expect(input?.written).toBeGreaterThan(0);
      expect(input?.written).toBeLessThan(15_000);
      // Batches commit whole: the resume point is always a batch boundary.
      expect((input?.line ?? 0) % 500).toBe(0);

      second = await restart(dataDir);
      const { manifest } = await waitForManifest(statusOn(second, statusUrl));
      expect(manifest.output).toEqual([{ type: 'Observation', url: 'big.ndjson', count: 15_000 }]);
      expect(await countOf(second, 'Observation?code:text=restarted')).toBe(15_000);
    } finally {
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('deletes export files and import error files once their links expire, and keeps those of a running import', async () => {
    offsetMs = 0;
    const first = await startTempEngine({ clock });
    const dataDir = first.dataDir;
    let second: Engine | undefined;
    try {
      const base = fhirBase(first);
      await fetch(`${base}/Patient/pruned-1`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', id: 'pruned-1' }) });
      const exported = await fetch(`${base}/$export`, { headers: { Prefer: 'respond-async' } });
      const exportStatus = exported.headers.get('content-location') ?? '';
      const { manifest: exportManifest } = await waitForManifest(exportStatus);
      const exportFile = exportManifest.output[0]?.url ?? '';
      const exportId = exportStatus.split('/').at(-1) ?? '';

      importsFile(first, 'one-bad.ndjson', 'not json\n');
      const doneStatus = await kickOff(first, { url: 'one-bad.ndjson' });
      const { manifest: doneManifest } = await waitForManifest(doneStatus);
      const doneErrors = doneManifest.error[0]?.url ?? '';
      const doneId = doneStatus.split('/').at(-1) ?? '';

      importsFile(first, 'running.ndjson', `not json\n${observations(15_000, 'running')}`);
      const runningStatus = await kickOff(first, { url: 'running.ndjson' });
      const runningId = runningStatus.split('/').at(-1) ?? '';
      await waitUntilUnderway(runningStatus);
      await first.stop();
      expect(jobRowOnDisk(dataDir, runningStatus).status).toBe('in-progress');

      // Two hours later the one-hour links are dead; the engine sweeps at start.
      offsetMs = 2 * 60 * 60 * 1000;
      second = await restart(dataDir);
      expect(existsSync(join(dataDir, 'exports', exportId))).toBe(false);
      expect(existsSync(join(dataDir, 'import-jobs', doneId))).toBe(false);
      expect(existsSync(join(dataDir, 'import-jobs', runningId, 'errors.ndjson'))).toBe(true);
      for (const url of [exportStatus, exportFile, doneStatus, doneErrors]) {
        const response = await fetch(statusOn(second, url));
        expect(response.status, url).toBe(404);
        expect(((await response.json()) as Outcome).resourceType).toBe('OperationOutcome');
      }

      const { manifest } = await waitForManifest(statusOn(second, runningStatus));
      expect(manifest.output[0]?.count).toBe(15_000);
      const [outcome] = await errorsOf({ ...manifest, error: manifest.error.map((e) => ({ ...e, url: statusOn(second as Engine, e.url) })) });
      expect(outcome?.issue[0]?.diagnostics).toBe('running.ndjson line 1: The line is not valid JSON');
    } finally {
      offsetMs = 0;
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
