import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request with the path sent exactly as written (fetch would normalise it) and explicit headers;
 * `firstChunk` stops reading after the headers, for streams that never end.
 */
function raw(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string, firstChunk = false): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: { host: `${hostname}:${port}`, ...headers }, setHost: false }, (response) => {
      if (firstChunk) {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' });
        response.destroy();
        return;
      }
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const FHIR_JSON = { 'content-type': 'application/fhir+json' };
const connectorBody = (name: string, port: number) => JSON.stringify({ name, protocol: 'mllp', direction: 'inbound', port });
const errorCode = (answer: RawAnswer): unknown => (JSON.parse(answer.body) as { error?: { code?: unknown } }).error?.code;
const outcomeOf = (answer: RawAnswer) => JSON.parse(answer.body) as { resourceType: string; issue: { details?: { coding?: { code?: string }[] } }[] };

describe('HTTP access with an access token', () => {
  const token = 'guard-token-0123456789abcdef';
  const bearer = { authorization: `Bearer ${token}` };
  let engine: TempEngine;
  let base: string;
  let rendererDir: string;
  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'interop-console-'));
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
    engine = await startTempEngine({ http: { host: '127.0.0.1', port: 0, accessToken: token, rendererDir } });
    base = engine.url as string;
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('refuses percent-encoded API and FHIR paths without the token, as it does the plain ones', async () => {
    expect((await raw(base, 'GET', '/%61pi/v1/connectors')).status).toBe(401);
    const created = await raw(base, 'POST', '/%66hir/R4/Patient', FHIR_JSON, JSON.stringify({ resourceType: 'Patient' }));
    expect(created.status).toBe(401);
    expect(outcomeOf(created).resourceType).toBe('OperationOutcome');
    expect((await raw(base, 'GET', '/%61pi/v1/events', {}, undefined, true)).status).toBe(401);
    expect((await raw(base, 'GET', '/%66hir/R4/$export', { prefer: 'respond-async' })).status).toBe(401);
  });

  it('refuses unusual spellings of API paths without the token instead of serving them', async () => {
    for (const path of ['//api/v1/connectors', '/API/v1/connectors', '/api/v1/../v1/connectors', '/api/v1/connectors%2f', '/api//v1/connectors', '/x/..%2fapi/v1/connectors', '/fhir/R4/Patient/p1/_history/1/extra']) {
      const answer = await raw(base, 'GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
    }
  });

  it('keeps bulk NDJSON downloads behind the token, and takes access_token in the query only for the event stream', async () => {
    expect((await raw(base, 'GET', '/fhir/R4/$export-file/BEX_01/Patient')).status).toBe(401);
    expect((await raw(base, 'GET', `/api/v1/connectors?access_token=${token}`)).status).toBe(401);
    expect((await raw(base, 'GET', `/fhir/R4/Patient?access_token=${token}`)).status).toBe(401);
    expect((await raw(base, 'GET', `/api/v1/events?access_token=${token}`, {}, undefined, true)).status).toBe(200);
  });

  it('tells a caller without the token only the health status, and one with it the reasons and counts', async () => {
    const anonymous = await raw(base, 'GET', '/api/v1/health');
    expect(anonymous.status).toBe(200);
    expect(Object.keys(JSON.parse(anonymous.body)).sort()).toEqual(['checkedAt', 'status']);
    const authorised = JSON.parse((await raw(base, 'GET', '/api/v1/health', bearer)).body) as Record<string, unknown>;
    expect(authorised).toMatchObject({ status: 'ok', reasons: [], listeners: { expected: 0, up: 0 } });
  });

  it('serves health and the console files without the token, and nothing else', async () => {
    expect((await raw(base, 'GET', '/api/v1/health')).status).toBe(200);
    const index = await raw(base, 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>console</title>');
    expect((await raw(base, 'GET', '/assets/app.js')).status).toBe(200);
    expect((await raw(base, 'GET', '/api/v1/connectors', bearer)).status).toBe(200);
    expect((await raw(base, 'GET', '/api/v1/no-such-route', bearer)).status).toBe(404);
  });

  it('says in the bulk export manifest that the files need the token', async () => {
    const kickOff = await raw(base, 'GET', '/fhir/R4/$export', { prefer: 'respond-async', ...bearer });
    expect(kickOff.status).toBe(202);
    const statusPath = new URL(String(kickOff.headers['content-location'])).pathname;
    let status = await raw(base, 'GET', statusPath, bearer);
    for (let attempt = 0; status.status === 202 && attempt < 500; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await raw(base, 'GET', statusPath, bearer);
    }
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ requiresAccessToken: true });
  });
});

describe('HTTP access on loopback without a token', () => {
  let engine: TempEngine;
  let base: string;
  let port: string;
  beforeAll(async () => {
    engine = await startTempEngine({ http: { host: '127.0.0.1', port: 0, serverNames: ['interop.clinic.example'] } });
    base = engine.url as string;
    port = new URL(base).port;
    const put = await raw(base, 'PUT', '/fhir/R4/Patient/p1', FHIR_JSON, JSON.stringify({ resourceType: 'Patient', id: 'p1', gender: 'female' }));
    expect(put.status).toBe(201);
  });
  afterAll(() => engine.dispose());

  it('refuses a Host that is not a loopback name, the bound address or a configured server name (DNS rebinding)', async () => {
    const fhir = await raw(base, 'GET', '/fhir/R4/Patient/p1', { host: `attacker.example:${port}` });
    expect(fhir.status).toBe(421);
    expect(outcomeOf(fhir).issue[0]?.details?.coding?.[0]?.code).toBe('INTEROP_HOST_NOT_ALLOWED');
    const api = await raw(base, 'GET', '/api/v1/connectors', { host: `attacker.example:${port}` });
    expect(api.status).toBe(421);
    expect(errorCode(api)).toBe('INTEROP_HOST_NOT_ALLOWED');
    expect((await raw(base, 'GET', '/', { host: 'attacker.example' })).status).toBe(421);
    expect((await raw(base, 'GET', '/api/v1/health', { host: 'localhost.attacker.example' })).status).toBe(421);
  });

  it('serves loopback names with any port, the bound address and the configured server names', async () => {
    for (const host of [`localhost:${port}`, 'LOCALHOST', `console.localhost:${port}`, `127.0.0.1:${port}`, '127.8.9.10', `[::1]:${port}`, `interop.clinic.example:${port}`, 'Interop.Clinic.Example']) {
      const answer = await raw(base, 'GET', '/fhir/R4/Patient/p1', { host });
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
    }
  });

  it('takes raw HL7 text only on the conversion routes, and refuses it there too from another site', async () => {
    const hl7 = 'MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C1|P|2.5.1\rPID|1||42\r';
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/hl7-v2']) {
      const answer = await raw(base, 'POST', '/api/v1/convert/hl7-to-json', { 'content-type': type, origin: `http://127.0.0.1:${port}` }, hl7);
      expect({ type, status: answer.status }).toEqual({ type, status: 200 });
      expect(JSON.parse(answer.body)).toMatchObject({ header: { messageType: 'ORU^R01', controlId: 'C1' } });
    }
    const crossSite = await raw(base, 'POST', '/api/v1/convert/hl7-to-json', { 'content-type': 'text/plain', origin: 'http://evil.example' }, hl7);
    expect([crossSite.status, errorCode(crossSite)]).toEqual([403, 'INTEROP_CROSS_ORIGIN_REFUSED']);
    const fetchMetadata = await raw(base, 'POST', '/api/v1/convert/hl7-to-fhir', { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' }, hl7);
    expect([fetchMetadata.status, errorCode(fetchMetadata)]).toEqual([403, 'INTEROP_CROSS_ORIGIN_REFUSED']);
    const elsewhere = await raw(base, 'POST', '/api/v1/hl7-messages/reprocess', { 'content-type': 'text/plain' }, '{}');
    expect([elsewhere.status, errorCode(elsewhere)]).toEqual([415, 'INTEROP_UNSUPPORTED_MEDIA_TYPE']);
  });

  it('refuses state-changing requests from another origin', async () => {
    const connector = await raw(base, 'POST', '/api/v1/connectors', { ...JSON_TYPE, origin: 'http://evil.example' }, connectorBody('cross-origin', 2201));
    expect(connector.status).toBe(403);
    expect(errorCode(connector)).toBe('INTEROP_CROSS_ORIGIN_REFUSED');
    expect((await raw(base, 'POST', '/api/v1/hl7-messages/reprocess', { ...JSON_TYPE, origin: 'http://evil.example' }, '{}')).status).toBe(403);
    expect((await raw(base, 'POST', '/api/v1/connectors', { ...JSON_TYPE, origin: 'null' }, connectorBody('opaque-origin', 2202))).status).toBe(403);
    expect((await raw(base, 'POST', '/api/v1/connectors', { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, connectorBody('fetch-metadata', 2203))).status).toBe(403);
    const imported = await raw(base, 'POST', '/fhir/R4/$import', { 'content-type': 'application/fhir+ndjson', origin: `http://attacker.example:${port}` }, `${JSON.stringify({ resourceType: 'Patient', id: 'p1', gender: 'male' })}\n`);
    expect(imported.status).toBe(403);
    expect(outcomeOf(imported).issue[0]?.details?.coding?.[0]?.code).toBe('INTEROP_CROSS_ORIGIN_REFUSED');
    const patient = await raw(base, 'GET', '/fhir/R4/Patient/p1');
    expect(JSON.parse(patient.body)).toMatchObject({ gender: 'female', meta: { versionId: '1' } });
  });

  it('serves state-changing requests from its own origin and from clients that send no origin', async () => {
    expect((await raw(base, 'POST', '/api/v1/connectors', { ...JSON_TYPE, origin: `http://127.0.0.1:${port}` }, connectorBody('same-origin', 2204))).status).toBe(201);
    expect((await raw(base, 'POST', '/api/v1/connectors', { ...JSON_TYPE, host: `localhost:${port}`, origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' }, connectorBody('same-origin-localhost', 2205))).status).toBe(201);
    expect((await raw(base, 'POST', '/api/v1/connectors', JSON_TYPE, connectorBody('script', 2206))).status).toBe(201);
  });

  it('refuses text/plain and form bodies on writes with 415, and never reads POST input from the query string', async () => {
    const query = '?name=from-query&protocol=mllp&direction=inbound&port=2207';
    const plain = await raw(base, 'POST', `/api/v1/connectors${query}`, { 'content-type': 'text/plain' }, '{}');
    expect(plain.status).toBe(415);
    expect(errorCode(plain)).toBe('INTEROP_UNSUPPORTED_MEDIA_TYPE');
    expect((await raw(base, 'POST', `/api/v1/connectors${query}`, { 'content-type': 'application/x-www-form-urlencoded' }, 'name=form')).status).toBe(415);
    const merged = await raw(base, 'POST', `/api/v1/connectors${query}`, JSON_TYPE, '{}');
    expect(merged.status).toBe(422);
    expect((await raw(base, 'POST', '/fhir/R4/$import', { 'content-type': 'text/plain' }, `${JSON.stringify({ resourceType: 'Patient', id: 'p1', gender: 'male' })}\n`)).status).toBe(415);
    expect((await raw(base, 'POST', '/fhir/R4/Patient', { 'content-type': 'application/x-www-form-urlencoded' }, 'gender=male')).status).toBe(415);
    expect((await raw(base, 'PUT', '/fhir/R4/Patient/p1', { 'content-type': 'text/plain' }, JSON.stringify({ resourceType: 'Patient', id: 'p1', gender: 'male' }))).status).toBe(415);
    const patient = await raw(base, 'GET', '/fhir/R4/Patient/p1');
    expect(JSON.parse(patient.body)).toMatchObject({ gender: 'female', meta: { versionId: '1' } });
  });

  it('still answers a form-encoded FHIR _search, which is a read', async () => {
    const answer = await raw(base, 'POST', '/fhir/R4/Patient/_search', { 'content-type': 'application/x-www-form-urlencoded' }, 'gender=female');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
  });
});
