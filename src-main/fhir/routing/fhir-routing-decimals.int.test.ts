import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const FHIR_JSON = { 'content-type': 'application/fhir+json' };
/** An upstream's Observation as it writes it: decimals whose text JSON.parse and JSON.stringify would change, and plain ones. */
const observation = (id: string) =>
  `{"resourceType":"Observation","id":"${id}","meta":{"versionId":"1"},"status":"final","code":{"text":"triglyceride"},"valueQuantity":{"value":1.30,"unit":"mmol/L"},"referenceRange":[{"low":{"value":0.050},"high":{"value":2.0}},{"low":{"value":100},"high":{"value":1.5}}]}`;
const WRITTEN = ['"value":1.30', '"value":0.050', '"value":2.0', '"value":100', '"value":1.5'];
const bundle = (type: string, entry: string) => `{"resourceType":"Bundle","type":"${type}","entry":[${entry}]}`;

/** The owner: a real HTTP FHIR server on 127.0.0.1 that answers every interaction with the Observation's text as written. */
function answerFor(method: string, url: string): { status: number; body: string } {
  const path = url.replace(/^\/fhir/, '');
  if (method === 'POST' && path === '/') return { status: 200, body: bundle('transaction-response', `{"resource":${observation('tx1')},"response":{"status":"201 Created"}}`) };
  if (method === 'POST') return { status: 201, body: observation('created1') };
  if (method === 'PUT') return { status: 200, body: observation(path.split('/')[2] ?? '') };
  if (path.startsWith('/Observation?') || path.endsWith('/_history')) return { status: 200, body: bundle(path.endsWith('/_history') ? 'history' : 'searchset', `{"resource":${observation('obs1')}}`) };
  if (path.startsWith('/Observation/obs1')) return { status: 200, body: observation('obs1') };
  return { status: 404, body: '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"no such Observation"}]}' };
}

describe('answers relayed from an upstream owner keep its decimals as written (R4 datatypes: precision is significant)', () => {
  let engine: TempEngine;
  let owner: Server;
  let base: string;
  const text = async (path: string, init?: RequestInit): Promise<string> => {
    const response = await fetch(`${base}${path}`, init);
    const body = await response.text();
    expect(response.status, body).toBeLessThan(300);
    expect(response.headers.get('warning'), path).toBeNull();
    return body;
  };

  beforeAll(async () => {
    owner = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const answer = answerFor(request.method ?? 'GET', request.url ?? '');
        response.writeHead(answer.status, FHIR_JSON).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => owner.listen(0, '127.0.0.1', resolve));
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
    const serviceUrl = `http://127.0.0.1:${(owner.address() as AddressInfo).port}/fhir`;
    const rule = await fetch(`${engine.url}api/v1/fhir-routing-rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceType: 'Observation', target: 'upstream', serviceUrl }) });
    expect(rule.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    await new Promise((resolve) => owner.close(resolve));
  });

  it('relays a read, a version read, a search and a history with the owner’s decimal text', async () => {
    for (const path of ['/Observation/obs1', '/Observation/obs1/_history/1', '/Observation?code=triglyceride', '/Observation/obs1/_history']) {
      const answer = await text(path);
      for (const written of WRITTEN) expect(answer, path).toContain(written);
    }
  });

  it('relays the owner’s answer to a create, an update and a transaction with its decimal text', async () => {
    const body = observation('x').replace('"id":"x",', '');
    const answers = [
      await text('/Observation', { method: 'POST', headers: FHIR_JSON, body }),
      await text('/Observation/upd1', { method: 'PUT', headers: FHIR_JSON, body: observation('upd1') }),
      await text('', { method: 'POST', headers: FHIR_JSON, body: bundle('transaction', `{"resource":${body},"request":{"method":"POST","url":"Observation"}}`) }),
    ];
    for (const answer of answers) for (const written of WRITTEN) expect(answer).toContain(written);
  });

  it('still relays the owner’s refusal with its status and OperationOutcome', async () => {
    const response = await fetch(`${base}/Observation/unknown1`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ diagnostics: 'no such Observation' }] });
  });
});
