import { request as httpRequest } from 'node:http';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const FHIR_JSON = 'application/fhir+json';

describe('FHIR answers 406 to a client that accepts only a format it does not write (R4 http.html#mime)', () => {
  let engine: TempEngine;
  let base: string;
  const get = (path: string, accept?: string) => fetch(`${base}${path}`, { headers: accept === undefined ? {} : { accept } });
  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
    const put = await fetch(`${base}/Patient/fmt`, { method: 'PUT', headers: { 'content-type': FHIR_JSON }, body: JSON.stringify({ resourceType: 'Patient', id: 'fmt' }) });
    expect(put.status).toBe(201);
  }, 60_000);
  afterAll(() => engine.dispose());

  it('refuses XML by Accept or _format with a 406 OperationOutcome, on the metadata too', async () => {
    const refused = [get('/metadata', 'application/fhir+xml'), get('/Patient/fmt', 'application/xml'), get('/Patient?_id=fmt', 'text/xml'), get('/Patient/fmt?_format=xml'), get('/Patient/fmt?_format=application/fhir+xml'), get('/metadata?_format=application%2Ffhir%2Bxml', FHIR_JSON)];
    for (const response of await Promise.all(refused)) {
      expect(response.status, response.url).toBe(406);
      expect(response.headers.get('content-type')).toContain(FHIR_JSON);
      const outcome = (await response.json()) as { resourceType: string; issue: { code: string }[] };
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0]?.code).toBe('not-supported');
    }
  });

  it('answers JSON to a client that admits it, and to one that says nothing', async () => {
    const accepted = [
      get('/Patient/fmt', '*/*'),
      get('/Patient/fmt', 'application/json'),
      get('/Patient/fmt', FHIR_JSON),
      get('/Patient/fmt', 'application/json+fhir'),
      get('/Patient/fmt', 'application/fhir+xml;q=0.9, application/fhir+json'),
      get('/Patient/fmt?_format=json'),
      get('/Patient/fmt?_format=application/fhir+json'),
      get('/metadata', FHIR_JSON),
    ];
    for (const response of await Promise.all(accepted)) expect(response.status, response.url).toBe(200);
    const withoutAccept = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${base}/Patient/fmt`);
      const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: {} }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject).end();
    });
    expect(withoutAccept).toBe(200);
  });

  it('still answers an XML body 415, whatever the client accepts', async () => {
    for (const accept of [FHIR_JSON, 'application/fhir+xml']) {
      const response = await fetch(`${base}/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+xml', accept }, body: '<Patient xmlns="http://hl7.org/fhir"/>' });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    }
  });

  it('leaves fhir-kit-client and the console’s FHIR browser (/api/v1/fhir) as they were', async () => {
    const client = new Client({ baseUrl: base });
    expect(((await client.capabilityStatement()) as { resourceType: string }).resourceType).toBe('CapabilityStatement');
    expect(((await client.read({ resourceType: 'Patient', id: 'fmt' })) as { id?: string }).id).toBe('fmt');
    const console = await fetch(`${engine.url}api/v1/fhir/Patient/fmt`, { headers: { accept: 'application/xml' } });
    expect(console.status).toBe(200);
  });
});

describe('FHIR answers HEAD as the GET it names, without a body (R4 http.html: HEAD is allowed wherever GET is)', () => {
  let engine: TempEngine;
  let base: string;
  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
    const put = await fetch(`${base}/Patient/head-1`, { method: 'PUT', headers: { 'content-type': FHIR_JSON }, body: JSON.stringify({ resourceType: 'Patient', id: 'head-1', gender: 'male' }) });
    expect(put.status).toBe(201);
  }, 60_000);
  afterAll(() => engine.dispose());

  it('answers HEAD on a read, a search and the metadata with the GET status and headers and no body', async () => {
    for (const path of ['/Patient/head-1', '/Patient?gender=male', '/metadata', '/Patient/head-1/_history/1']) {
      const [head, get] = await Promise.all([fetch(`${base}${path}`, { method: 'HEAD' }), fetch(`${base}${path}`)]);
      expect([head.status, get.status], path).toEqual([200, 200]);
      expect(head.headers.get('content-type'), path).toContain(FHIR_JSON);
      expect(head.headers.get('etag'), path).toBe(get.headers.get('etag'));
      expect(await head.text(), path).toBe('');
    }
  });

  it('answers HEAD on a missing resource 404, and OPTIONS with an OperationOutcome rather than the /api error envelope', async () => {
    expect((await fetch(`${base}/Patient/no-such`, { method: 'HEAD' })).status).toBe(404);
    const options = await fetch(`${base}/Patient`, { method: 'OPTIONS' });
    expect(options.status).toBe(404);
    expect(options.headers.get('content-type')).toContain(FHIR_JSON);
    expect(((await options.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });
});
