import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { makeTestPki } from '../../test/support/test-certificates';
import { bootstrap } from '../bootstrap';
import { systemClock } from '../core/clock';
import { createFetchPolicy } from '../fetch/fetch-policy';
import { parseFhirJson, stringifyFhirJson } from '../fhir/fhir-json-text';
import { createFhirRestSender, type FhirRestDestination } from './fhir-rest-sender';

const PEER_TOKEN = 'peer-token-0123456789';
const sender = () => createFhirRestSender({ fetchPolicy: createFetchPolicy({ allow: [], ownPorts: () => [] }), clock: systemClock });

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: Server[] = [];
const engines: TempEngine[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(engines.splice(0).map((e) => e.dispose()));
});

/** A real HTTP server on a loopback port answering with `handler`; its requests are recorded. */
async function httpPeer(handler: Handler): Promise<{ url: string; requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] }> {
  const requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** An OAuth2 token endpoint handing out `tokens` in turn (the last one again once they run out). */
const tokenEndpoint = (tokens: string[]) =>
  httpPeer((_req, res) => {
    const token = tokens.length > 1 ? tokens.shift() : tokens[0];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
  });

const fhirJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void =>
  void res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers }).end(JSON.stringify(body));

const patient = (mrn: string, family: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: mrn }], name: [{ family }] });
const conditionalTransaction = (mrn: string, family: string): Bundle => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [{ fullUrl: 'urn:uuid:8f1c1a52-0c1e-4c59-9a8e-5d7b2c6f0a11', resource: patient(mrn, family), request: { method: 'PUT', url: `Patient?identifier=urn:mrn|${mrn}` } }],
});

async function peerEngine(): Promise<TempEngine> {
  const engine = await startTempEngine({ http: { host: '127.0.0.1', port: 0, accessToken: PEER_TOKEN } });
  engines.push(engine);
  return engine;
}

const patientsOnPeer = async (engine: { url?: string }, mrn: string): Promise<Bundle> =>
  (await (await fetch(`${engine.url}fhir/R4/Patient?identifier=urn:mrn|${mrn}`, { headers: { authorization: `Bearer ${PEER_TOKEN}` } })).json()) as Bundle;

describe('the FHIR REST sender against a real FHIR server', () => {
  it('gets an OAuth2 token once, sends a conditional transaction, and a replay leaves one Patient', async () => {
    const peer = await peerEngine();
    const tokens = await tokenEndpoint([PEER_TOKEN]);
    const destination: FhirRestDestination = { id: 'CON_1', baseUrl: `${peer.url}fhir/R4`, auth: { mode: 'oauth2', tokenUrl: `${tokens.url}/token`, clientId: 'engine', clientSecret: 's3cret', scope: 'system/*.write' } };
    const send = sender();
    expect(await send.send({ kind: 'transaction', bundle: conditionalTransaction('A1', 'Smith') }, destination)).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(await send.send({ kind: 'transaction', bundle: conditionalTransaction('A1', 'Smith') }, destination)).toMatchObject({ outcome: 'delivered' });
    const found = await patientsOnPeer(peer, 'A1');
    expect(found.total).toBe(1);
    expect((found.entry?.[0]?.resource as Patient).meta?.versionId).toBe('1');
    expect(tokens.requests).toHaveLength(1);
    expect(tokens.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('engine:s3cret').toString('base64')}`);
    expect(new URLSearchParams(tokens.requests[0]?.body)).toEqual(new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.write' }));
  });

  it('sends decimals as they were written (a resource read from the store keeps 1.30 and 2.0)', async () => {
    const peer = await httpPeer((_req, res) => fhirJson(res, 200, { resourceType: 'Observation', id: 'o1' }));
    const observation = parseFhirJson('{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"tg"},"valueQuantity":{"value":1.30},"referenceRange":[{"high":{"value":2.0}}],"meta":{"versionId":"3"}}') as Observation;
    const destination: FhirRestDestination = { id: 'CON_D', baseUrl: peer.url, auth: { mode: 'none' } };
    const send = sender();
    await send.send({ kind: 'put', resource: observation }, destination);
    await send.send({ kind: 'transaction', bundle: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: observation, request: { method: 'PUT', url: 'Observation/o1' } }] } }, destination);
    for (const request of peer.requests) {
      expect(request.body).toContain('"valueQuantity":{"value":1.30}');
      expect(request.body).toContain('"high":{"value":2.0}');
    }
    expect(peer.requests).toHaveLength(2);
  });

  it('answers the server’s decimals as it wrote them (a read 1.30 and 0.050, a PUT’s answer 2.0)', async () => {
    const written = '{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"tg"},"valueQuantity":{"value":1.30},"referenceRange":[{"low":{"value":0.050},"high":{"value":2.0}}]}';
    const peer = await httpPeer((_req, res) => void res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(written));
    const destination: FhirRestDestination = { id: 'CON_D', baseUrl: peer.url, auth: { mode: 'none' } };
    const send = sender();
    const read = await send.read('Observation/o1', destination);
    const put = await send.send({ kind: 'put', resource: { resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'tg' } } }, destination);
    for (const answer of [read, put]) expect(stringifyFhirJson(answer.body)).toBe(written);
  });

  it('asks for a new token when the server answers 401 to a cached one, once', async () => {
    const peer = await peerEngine();
    const tokens = await tokenEndpoint(['revoked-token', PEER_TOKEN]);
    const destination: FhirRestDestination = { id: 'CON_1', baseUrl: `${peer.url}fhir/R4`, auth: { mode: 'oauth2', tokenUrl: `${tokens.url}/token`, clientId: 'engine', clientSecret: 's3cret' } };
    expect(await sender().send({ kind: 'transaction', bundle: conditionalTransaction('B2', 'Jones') }, destination)).toMatchObject({ outcome: 'delivered' });
    expect(tokens.requests).toHaveLength(2);
    const refused = await tokenEndpoint(['always-wrong']);
    const wrong = await sender().send({ kind: 'transaction', bundle: conditionalTransaction('B2', 'Jones') }, { ...destination, auth: { ...destination.auth, tokenUrl: `${refused.url}/token` } as never });
    expect(wrong).toMatchObject({ outcome: 'dead', status: 401, error: { code: 'OUTBOUND_FHIR_REFUSED' } });
    expect(refused.requests).toHaveLength(2);
  });

  it('retries while the server is down and delivers once it is back, and a replayed PUT makes no new version', async () => {
    const dataDir = (await peerEngine()).dataDir;
    const peer = engines.pop() as TempEngine;
    const port = Number(new URL(peer.url as string).port);
    await peer.stop();
    const destination: FhirRestDestination = { id: 'CON_1', baseUrl: `http://127.0.0.1:${port}/fhir/R4`, auth: { mode: 'none' } };
    const write = { kind: 'put' as const, resource: { ...patient('C3', 'Brown'), id: 'c3', meta: { versionId: '4', lastUpdated: '2026-01-01T00:00:00Z', source: 'urn:msg:1' } } };
    expect(await sender().send(write, destination)).toMatchObject({ outcome: 'retry', error: { code: 'OUTBOUND_FHIR_UNREACHABLE', message: 'The FHIR server could not be reached (ECONNREFUSED)' } });
    const back = await bootstrap({ dataDir, http: { host: '127.0.0.1', port } });
    try {
      const send = sender();
      expect(await send.send(write, destination)).toMatchObject({ outcome: 'delivered', status: 201 });
      expect(await send.send(write, destination)).toMatchObject({ outcome: 'delivered', status: 200 });
      const stored = (await (await fetch(`${back.url}fhir/R4/Patient/c3`)).json()) as Patient;
      expect(stored.meta).toMatchObject({ versionId: '1', source: 'urn:msg:1' });
      expect(await send.send({ kind: 'delete', resourceType: 'Patient', id: 'c3' }, destination)).toMatchObject({ outcome: 'delivered' });
      expect(await send.send({ kind: 'delete', resourceType: 'Patient', id: 'never-was' }, destination)).toMatchObject({ outcome: 'delivered' });
    } finally {
      await back.stop();
    }
  });

  it('settles throttling, server errors, refusals and redirects by status, following no redirect', async () => {
    const elsewhere = await httpPeer((_req, res) => fhirJson(res, 200, {}));
    const answers: ((res: ServerResponse) => void)[] = [
      (res) => fhirJson(res, 429, { resourceType: 'OperationOutcome', issue: [] }, { 'retry-after': '3' }),
      (res) => fhirJson(res, 500, { resourceType: 'OperationOutcome', issue: [] }),
      (res) => fhirJson(res, 400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] }),
      (res) => void res.writeHead(302, { location: `${elsewhere.url}/fhir` }).end(),
    ];
    const server = await httpPeer((_req, res) => answers.shift()?.(res));
    const destination: FhirRestDestination = { id: 'CON_2', baseUrl: `${server.url}/fhir`, auth: { mode: 'basic', username: 'engine', password: 'pw' } };
    const send = sender();
    const write = { kind: 'transaction' as const, bundle: conditionalTransaction('D4', 'Green') };
    expect(await send.send(write, destination)).toMatchObject({ outcome: 'retry', status: 429, retryAfterMs: 3000 });
    expect(await send.send(write, destination)).toMatchObject({ outcome: 'retry', status: 500, error: { code: 'OUTBOUND_FHIR_SERVER_ERROR' } });
    expect(await send.send(write, destination)).toMatchObject({ outcome: 'dead', status: 400, error: { code: 'OUTBOUND_FHIR_REFUSED' } });
    expect(await send.send(write, destination)).toMatchObject({ outcome: 'dead', status: 302, error: { code: 'OUTBOUND_FHIR_REDIRECT' } });
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('engine:pw').toString('base64')}`);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/fhir' });
  });

  it('retries a server that does not answer in time, sends an API key in its header, and refuses a metadata address', async () => {
    const silent = await httpPeer(() => undefined);
    const send = sender();
    const slow = await send.send({ kind: 'transaction', bundle: conditionalTransaction('E5', 'White') }, { id: 'CON_3', baseUrl: silent.url, auth: { mode: 'api-key', apiKey: 'k-123' }, timeoutMs: 300 });
    expect(slow).toMatchObject({ outcome: 'retry', error: { code: 'OUTBOUND_FHIR_TIMEOUT' } });
    expect(silent.requests).toHaveLength(1);
    const keyed = await httpPeer((_req, res) => fhirJson(res, 200, { resourceType: 'Bundle', type: 'transaction-response', entry: [] }));
    await send.send({ kind: 'transaction', bundle: conditionalTransaction('E5', 'White') }, { id: 'CON_3', baseUrl: keyed.url, auth: { mode: 'api-key', apiKey: 'k-123' } });
    expect(keyed.requests[0]?.headers['x-api-key']).toBe('k-123');
    expect(await send.send({ kind: 'delete', resourceType: 'Patient', id: 'x' }, { id: 'CON_4', baseUrl: 'http://169.254.169.254/fhir', auth: { mode: 'none' } })).toMatchObject({
      outcome: 'dead',
      error: { code: 'OUTBOUND_URL_REFUSED' },
    });
  });

  it('trusts a destination’s private CA for that destination only, and retries a server whose certificate it cannot verify', async () => {
    const pki = makeTestPki();
    const server = createHttpsServer({ cert: pki.serverCert, key: pki.serverKey }, (_req, res) => fhirJson(res, 200, { resourceType: 'Bundle', type: 'transaction-response', entry: [] }));
    servers.push(server as unknown as Server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
    const send = sender();
    const write = { kind: 'transaction' as const, bundle: conditionalTransaction('F6', 'Black') };
    expect(await send.send(write, { id: 'CON_5', baseUrl, auth: { mode: 'none' }, caCertificate: pki.caCert })).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(await send.send(write, { id: 'CON_6', baseUrl, auth: { mode: 'none' } })).toMatchObject({ outcome: 'retry', error: { code: 'OUTBOUND_FHIR_UNREACHABLE', message: 'The FHIR server could not be reached (UNABLE_TO_VERIFY_LEAF_SIGNATURE)' } });
  });

  it('reads with the destination\'s auth and answers the body and ETag, sends If-Match on a versioned PUT, and refuses a link outside the base URL without a request', async () => {
    const peer = await httpPeer((req, res) =>
      req.method === 'GET'
        ? fhirJson(res, 200, { resourceType: 'Patient', id: 'p1', meta: { versionId: '4' } }, { etag: 'W/"4"' })
        : fhirJson(res, 412, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict' }] }),
    );
    const destination: FhirRestDestination = { id: 'CON_1', baseUrl: `${peer.url}/fhir`, auth: { mode: 'api-key', apiKey: 'k-123' } };
    const send = sender();
    expect(await send.read('Patient/p1', destination)).toMatchObject({ outcome: 'delivered', status: 200, etag: 'W/"4"', body: { id: 'p1' } });
    expect(peer.requests[0]).toMatchObject({ method: 'GET', url: '/fhir/Patient/p1', headers: { 'x-api-key': 'k-123' } });
    expect(await send.send({ kind: 'put', resource: { ...patient('A1', 'Smith'), id: 'p1' }, ifMatch: 'W/"4"' }, { ...destination, auth: { mode: 'none' } }).then((r) => r.status)).toBe(412);
    expect(peer.requests[1]?.headers['if-match']).toBe('W/"4"');
    expect(await send.read('http://203.0.113.9/fhir/Patient?_offset=50', destination)).toMatchObject({ outcome: 'dead', error: { code: 'OUTBOUND_URL_REFUSED' } });
    expect(await send.read(`${peer.url}/fhir-other/Patient`, destination)).toMatchObject({ outcome: 'dead', error: { code: 'OUTBOUND_URL_REFUSED' } });
    expect(peer.requests).toHaveLength(2);
  });
});
