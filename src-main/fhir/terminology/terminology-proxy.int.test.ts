import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { AppError } from '../../core/errors';
import { fhirAnswerOf } from '../outcome';
import { createFetchPolicy } from '../../fetch/fetch-policy';
import { createTerminologyProxy } from './terminology-proxy';

const LOINC = 'http://loinc.org';
const SECRET = 'Bearer tx-secret-7f3a9c';
const HOUR = 60 * 60 * 1000;

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const hemoglobin = (code: string) => ({
  resourceType: 'Parameters',
  parameter: [
    { name: 'name', valueString: 'LOINC' },
    { name: 'display', valueString: `Hemoglobin ${code}` },
  ],
});

/** A small real terminology server under /r4 that knows LOINC codes starting with 7; `mode` makes it fail or hang. */
async function startTerminologyServer() {
  const received: Received[] = [];
  const state = { mode: 'up' as 'up' | 'error' | 'hang' };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      if (state.mode === 'hang') return;
      if (state.mode === 'error') return response.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
      const url = new URL(request.url ?? '/', 'http://localhost');
      const posted = body ? (JSON.parse(body) as { parameter: { name: string; valueUri?: string; valueCode?: string }[] }) : undefined;
      const code = url.searchParams.get('code') ?? posted?.parameter.find((p) => p.name === 'code')?.valueCode ?? '';
      if (!code.startsWith('7')) {
        return response.writeHead(404, { 'content-type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: `Unknown code ${code}` }] }));
      }
      response.writeHead(200, { 'content-type': 'application/fhir+json; charset=utf-8' }).end(JSON.stringify(hemoglobin(code)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/r4`,
    received,
    state,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('terminology operations with a terminology server configured', () => {
  let tx: Awaited<ReturnType<typeof startTerminologyServer>>;
  let engine: TempEngine;
  let fhirBase: string;
  let now = Date.parse('2025-01-01T00:00:00Z');
  const logLines: string[] = [];
  const answers: string[] = [];

  /** Calls the engine and keeps every answer (headers and body) to check for the secret afterwards. */
  async function call(path: string, body?: unknown) {
    const response = await fetch(`${fhirBase}/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
    const text = await response.text();
    const headers: string[] = [];
    response.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
    answers.push(...headers, text);
    return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as { resourceType: string; issue?: { code: string; diagnostics: string }[] } };
  }
  const lookupLoinc = (code: string) => call(`CodeSystem/$lookup?system=${encodeURIComponent(LOINC)}&code=${code}`);

  beforeAll(async () => {
    tx = await startTerminologyServer();
    engine = await startTempEngine({
      terminologyServer: { url: tx.base, authorization: SECRET, timeoutMs: 500 },
      clock: { now: () => now },
      logger: createLogger('debug', (line) => logLines.push(line)),
    });
    fhirBase = `${engine.url}fhir/R4`;
  });
  afterAll(async () => {
    await engine.dispose();
    await tx.close();
  });
  beforeEach(() => {
    tx.state.mode = 'up';
  });

  it('forwards a LOINC $lookup with the Authorization header and returns its Parameters unchanged', async () => {
    const before = tx.received.length;
    const answer = await lookupLoinc('718-7');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(answer.json).toEqual(hemoglobin('718-7'));
    expect(tx.received.slice(before)).toEqual([
      expect.objectContaining({ method: 'GET', url: `/r4/CodeSystem/$lookup?system=${encodeURIComponent(LOINC)}&code=718-7`, headers: expect.objectContaining({ authorization: SECRET }) }),
    ]);
  });

  it('forwards a POSTed Parameters body and passes the server\'s 404 OperationOutcome through', async () => {
    const input = { resourceType: 'Parameters', parameter: [{ name: 'url', valueUri: LOINC }, { name: 'code', valueCode: 'nope' }] };
    const answer = await call('CodeSystem/$validate-code', input);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'Unknown code nope' }] });
    const sent = tx.received.at(-1);
    expect(sent).toMatchObject({ method: 'POST', url: '/r4/CodeSystem/$validate-code', headers: { 'content-type': 'application/fhir+json' } });
    expect(JSON.parse(sent?.body ?? '')).toEqual(input);
  });

  it('answers bundled content itself without asking the terminology server', async () => {
    const before = tx.received.length;
    const gender = await call('CodeSystem/$lookup?system=http://hl7.org/fhir/administrative-gender&code=female');
    expect(gender.json).toMatchObject({ resourceType: 'Parameters', parameter: expect.arrayContaining([{ name: 'display', valueString: 'Female' }]) });
    const translated = await call(`ConceptMap/$translate?system=${encodeURIComponent('http://terminology.hl7.org/CodeSystem/v2-0001')}&code=F&targetsystem=http://hl7.org/fhir/administrative-gender`);
    expect(translated.text).toContain('"female"');
    const posted = await call('ConceptMap/$translate', { resourceType: 'Parameters', parameter: [{ name: 'coding', valueCoding: { system: 'http://terminology.hl7.org/CodeSystem/v2-0001', code: 'M' } }] });
    expect(posted.text).toContain('"male"');
    const unknownCode = await call('CodeSystem/$lookup?system=http://hl7.org/fhir/administrative-gender&code=nope');
    expect(unknownCode.status).toBe(404);
    expect(tx.received.length).toBe(before);
  });

  it('answers 503 transient, naming what is not bundled, when the server fails or does not answer', async () => {
    tx.state.mode = 'error';
    const failed = await lookupLoinc('7001-1');
    expect(failed.status).toBe(503);
    expect(failed.json.resourceType).toBe('OperationOutcome');
    expect(failed.json.issue?.[0]?.code).toBe('transient');
    expect(failed.json.issue?.[0]?.diagnostics).toMatch(/terminology server is unavailable.*does not bundle code system http:\/\/loinc\.org/);

    tx.state.mode = 'hang';
    const expanded = await call(`ValueSet/$expand?url=${encodeURIComponent('http://loinc.org/vs/LL715-4')}`);
    expect(expanded.status).toBe(503);
    expect(expanded.json.issue?.[0]).toMatchObject({ code: 'transient', diagnostics: expect.stringContaining('did not answer in time') });
  });

  it('serves a cached answer while the server is down, marked stale only past the time to live', async () => {
    expect((await lookupLoinc('789-8')).status).toBe(200);
    const asked = tx.received.length;
    const fresh = await lookupLoinc('789-8');
    expect(fresh.json).toEqual(hemoglobin('789-8'));
    expect(tx.received.length).toBe(asked);

    tx.state.mode = 'error';
    const whileDown = await lookupLoinc('789-8');
    expect(whileDown.status).toBe(200);
    expect(whileDown.headers.get('warning')).toBeNull();

    now += HOUR + 1;
    const stale = await lookupLoinc('789-8');
    expect(tx.received.length).toBe(asked + 1);
    expect(stale.status).toBe(200);
    expect(stale.json).toEqual(hemoglobin('789-8'));
    expect(stale.headers.get('warning')).toBe('110 - "Response is stale"');

    tx.state.mode = 'up';
    const refreshed = await lookupLoinc('789-8');
    expect(refreshed.headers.get('warning')).toBeNull();
    expect(tx.received.length).toBe(asked + 2);
  });

  it('never writes the Authorization value to the log or into an answer', () => {
    expect(logLines.some((line) => line.includes('terminology server unavailable'))).toBe(true);
    expect(answers.length).toBeGreaterThan(0);
    for (const text of [...logLines, ...answers]) expect(text).not.toContain('tx-secret');
  });
});

describe('terminology proxy', () => {
  it('answers 503 transient when nothing listens at the server address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const proxy = createTerminologyProxy({ url: `http://127.0.0.1:${port}/r4` }, { now: () => 0, logger: createLogger('debug', () => undefined), fetch: createFetchPolicy({ allow: [], ownPorts: () => [] }).configuredFetch });
    const error = await proxy.forward({ method: 'GET', path: 'CodeSystem/$lookup', query: 'system=http://loinc.org&code=718-7', body: undefined }, 'code system http://loinc.org').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(fhirAnswerOf(error as AppError)).toMatchObject({ status: 503, outcome: { issue: [{ code: 'transient', diagnostics: expect.stringContaining('could not be reached') }] } });
  });
});
