import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

type Entry = { resource?: { resourceType: string; issue?: { severity: string; code: string; diagnostics?: string }[] }; search?: { mode: string } };
type SearchBundle = { total: number; entry?: Entry[] };

const fhirBase = (engine: TempEngine) => `${engine.url ?? ''}fhir/R4`;

describe('_include and _revinclude are capped per page', () => {
  let engine: TempEngine;

  beforeAll(async () => {
    // One patient with 1,050 observations, in one transaction: above the default Bundle entry cap.
    engine = await startTempEngine({ fhirBundleMaxEntries: 2000 });
    const observations = Array.from({ length: 1050 }, (_, i) => ({
      request: { method: 'POST', url: 'Observation' },
      resource: { resourceType: 'Observation', status: 'final', code: { text: `reading ${i}` }, subject: { reference: 'urn:uuid:0c5a4f3e-4d55-4b1e-9c52-3d1f8f0e2a11' } },
    }));
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:0c5a4f3e-4d55-4b1e-9c52-3d1f8f0e2a11', request: { method: 'POST', url: 'Patient' }, resource: { resourceType: 'Patient', name: [{ family: 'Many' }] } }, ...observations],
    };
    const response = await fetch(fhirBase(engine), { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
    expect(response.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
  });

  it('returns at most 1,000 included resources and says in an OperationOutcome entry how many were left out', async () => {
    const response = await fetch(`${fhirBase(engine)}/Patient?family=Many&_revinclude=Observation:subject&_count=1`);
    expect(response.status).toBe(200);
    const bundle = (await response.json()) as SearchBundle;
    const modes = (bundle.entry ?? []).map((e) => e.search?.mode);
    expect(modes.filter((m) => m === 'match')).toHaveLength(1);
    expect(modes.filter((m) => m === 'include')).toHaveLength(1000);
    const outcome = (bundle.entry ?? []).find((e) => e.search?.mode === 'outcome');
    expect(outcome?.resource?.resourceType).toBe('OperationOutcome');
    expect(outcome?.resource?.issue?.[0]).toMatchObject({ severity: 'warning', code: 'too-costly' });
    expect(outcome?.resource?.issue?.[0]?.diagnostics).toContain('50 included resources were left out');
  }, 60_000);

  it('adds no outcome entry when everything included fits', async () => {
    const bundle = (await (await fetch(`${fhirBase(engine)}/Observation?code:text=reading 1049&_include=Observation:subject`)).json()) as SearchBundle;
    expect((bundle.entry ?? []).map((e) => e.search?.mode).sort()).toEqual(['include', 'match']);
  });
});

const line = `${JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'big' } })}\n`;
const NDJSON_MIB = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)));
/** One MiB of a single line with no end: the import reports it as too long without holding it, so the test measures the upload alone. */
const ONE_LINE_MIB = Buffer.alloc(1024 * 1024, 'x');

/** POSTs `bytes` in 1 MiB chunks without holding them, and reads the answer. */
function postNdjson(engine: TempEngine, bytes: number, chunk = NDJSON_MIB): Promise<{ status: number; text: string }> {
  const base = new URL(engine.url ?? '');
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: base.hostname, port: base.port, method: 'POST', path: '/fhir/R4/$import?_type=Observation', headers: { 'content-type': 'application/fhir+ndjson' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (c: string) => (text += c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

describe('an NDJSON $import body is streamed to disk with a size cap', () => {
  let engine: TempEngine;

  beforeAll(async () => {
    engine = await startTempEngine({ importBodyLimitBytes: 128 * 1024 * 1024 });
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
  });

  it('answers 413 OperationOutcome for a body over the cap and leaves no partial file behind', async () => {
    const jobs = join(engine.dataDir, 'import-jobs');
    const before = existsSync(jobs) ? readdirSync(jobs) : [];
    const answer = await postNdjson(engine, 136 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-costly' }] });
    expect(readdirSync(jobs)).toEqual(before);
  }, 60_000);

  it('accepts a body under the cap without holding it in memory', async () => {
    // The start's background loads (the processing thread's and this thread's FHIR definitions) grow the
    // process too: measured only once they are done.
    await engine.warm;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    try {
      const answer = await postNdjson(engine, 96 * 1024 * 1024, ONE_LINE_MIB);
      expect(answer.status).toBe(202);
    } finally {
      clearInterval(sampler);
    }
    expect((peak - before) / (1024 * 1024)).toBeLessThan(48);
  }, 60_000);
});

describe('Bundle entry counts and search pages are capped', () => {
  let engine: TempEngine;
  const patients = (n: number, family: string) => Array.from({ length: n }, () => ({ request: { method: 'POST', url: 'Patient' }, resource: { resourceType: 'Patient', name: [{ family }] } }));
  const post = (body: unknown) => fetch(fhirBase(engine), { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
  const total = async (family: string) => ((await (await fetch(`${fhirBase(engine)}/Patient?family=${family}&_summary=count`)).json()) as SearchBundle).total;

  beforeAll(async () => {
    engine = await startTempEngine();
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
  });

  it.each(['transaction', 'batch'])('refuses a %s of more than 1,000 entries with 413 too-costly naming the limit, and writes none of it', async (type) => {
    const response = await post({ resourceType: 'Bundle', type, entry: patients(1001, `Over${type}`) });
    expect(response.status).toBe(413);
    const outcome = (await response.json()) as { resourceType: string; issue: { code: string; diagnostics: string }[] };
    expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-costly' }] });
    expect(outcome.issue[0]?.diagnostics).toContain('at most 1000');
    expect(await total(`Over${type}`)).toBe(0);
  });

  it('takes a Bundle within the cap', async () => {
    expect((await post({ resourceType: 'Bundle', type: 'transaction', entry: patients(3, 'Within') })).status).toBe(200);
    expect(await total('Within')).toBe(3);
  });

  it('clamps _count to 1,000 and says so in the self link', async () => {
    const bundle = (await (await fetch(`${fhirBase(engine)}/Patient?family=Within&_count=5000`)).json()) as SearchBundle & { link: { relation: string; url: string }[] };
    expect(bundle.entry).toHaveLength(3);
    const self = new URL(bundle.link.find((l) => l.relation === 'self')?.url ?? '');
    expect(self.searchParams.get('_count')).toBe('1000');
  });

  it('refuses to page deeper than 100,000 matches with 400 naming the limit', async () => {
    const response = await fetch(`${fhirBase(engine)}/Patient?_offset=100001`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('at most 100000');
  });
});
