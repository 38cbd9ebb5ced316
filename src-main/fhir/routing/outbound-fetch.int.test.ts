import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

type Outcome = { resourceType: string; issue: { code: string; diagnostics?: string }[] };
type Manifest = { output: { url: string; count: number }[]; error: { url: string }[] };

/** A real HTTP peer on 127.0.0.1 that records every path it is asked for. */
interface Peer {
  url: string;
  port: number;
  paths: string[];
  close(): Promise<void>;
}

async function startPeer(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<Peer> {
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    paths.push(request.url ?? '');
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, paths, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const fhirBase = (engine: TempEngine) => `${engine.url ?? ''}fhir/R4`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ndjson = `${JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'fetched' } })}\n`;
const SECRET = 'admin-secret-7c1e';

/** A request with its path sent as written: fetch would resolve `%2e%2e` segments before sending, as curl --path-as-is does not. */
function rawRequest(engine: TempEngine, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const base = new URL(engine.url ?? '');
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: base.hostname, port: base.port, method, path: `/fhir/R4/${path}`, headers: { 'content-type': 'application/fhir+json', prefer: 'respond-async' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.once('error', reject);
    request.end(body);
  });
}

async function api(engine: TempEngine, method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(path.replace(/^\//, ''), engine.url), { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

async function importFrom(engine: TempEngine, url: string): Promise<{ manifest: Manifest; errors: string }> {
  const parameters = { resourceType: 'Parameters', parameter: [{ name: 'input', part: [{ name: 'type', valueCode: 'Observation' }, { name: 'url', valueUri: url }] }] };
  const kickOff = await fetch(`${fhirBase(engine)}/$import`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(parameters) });
  expect(kickOff.status).toBe(202);
  const statusUrl = kickOff.headers.get('content-location') ?? '';
  for (let attempt = 0; attempt < 500; attempt++) {
    const status = await fetch(statusUrl);
    if (status.status === 200) {
      const manifest = (await status.json()) as Manifest;
      const errors = manifest.error[0] ? await (await fetch(manifest.error[0].url)).text() : '';
      return { manifest, errors };
    }
    await status.arrayBuffer();
    await pause(20);
  }
  throw new Error('the import did not finish');
}

describe('$import input URLs reach public addresses only, unless the operator allow-listed them', () => {
  let engine: TempEngine;
  let files: Peer;

  beforeAll(async () => {
    engine = await startTempEngine();
    files = await startPeer((_request, response) => response.writeHead(200, { 'content-type': 'application/fhir+ndjson', 'x-secret': SECRET }).end(ndjson));
  }, 60_000);
  afterAll(async () => {
    await files.close();
    await engine.dispose();
  });

  it('refuses a loopback file server by default without asking it anything, naming the rule and not what it would answer', async () => {
    const { manifest, errors } = await importFrom(engine, `${files.url}/vitals.ndjson`);
    expect(files.paths).toEqual([]);
    expect(manifest.output).toEqual([{ type: 'Observation', url: `${files.url}/vitals.ndjson`, count: 0 }]);
    expect(errors).toContain('was refused: URLs supplied in API requests may reach only public addresses');
    expect(errors).toContain('--allow-fetch');
    expect(errors).not.toContain(SECRET);
    expect(errors).not.toMatch(/answered \d{3}/);
  });

  it('resolves host names before checking: localhost is refused like 127.0.0.1', async () => {
    const { errors } = await importFrom(engine, `http://localhost:${files.port}/vitals.ndjson`);
    expect(files.paths).toEqual([]);
    expect(errors).toContain('may reach only public addresses');
  });

  it('refuses the cloud metadata address and private addresses', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.255.255.1:9/x.ndjson', 'http://[::ffff:127.0.0.1]:9/x.ndjson']) {
      const { errors } = await importFrom(engine, url);
      expect(errors, url).toContain('may reach only public addresses');
    }
  });
});

describe('$import with an operator allow-list', () => {
  let engine: TempEngine;
  let files: Peer;
  let inner: Peer;
  let redirector: Peer;

  beforeAll(async () => {
    files = await startPeer((_request, response) => response.writeHead(200, { 'content-type': 'application/fhir+ndjson' }).end(ndjson));
    inner = await startPeer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secret: SECRET })));
    redirector = await startPeer((_request, response) => response.writeHead(302, { location: `${inner.url}/admin` }).end());
    engine = await startTempEngine({ fetchAllow: [{ host: '127.0.0.1', port: files.port }, { host: '127.0.0.1', port: redirector.port }] });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([files.close(), inner.close(), redirector.close()]);
    await engine.dispose();
  });

  it('imports from an allow-listed loopback host and port', async () => {
    const { manifest, errors } = await importFrom(engine, `${files.url}/vitals.ndjson`);
    expect(errors).toBe('');
    expect(manifest.output[0]?.count).toBe(1);
    expect(files.paths).toEqual(['/vitals.ndjson']);
  });

  it('still refuses the same host on a port the allow-list does not name', async () => {
    const { errors } = await importFrom(engine, `${inner.url}/admin`);
    expect(errors).toContain('may reach only public addresses');
    expect(inner.paths).toEqual([]);
  });

  it('does not follow a redirect from an allowed server to a loopback port', async () => {
    const { errors } = await importFrom(engine, `${redirector.url}/vitals.ndjson`);
    expect(redirector.paths).toEqual(['/vitals.ndjson']);
    expect(inner.paths).toEqual([]);
    expect(errors).toContain('redirects are not followed');
    expect(errors).not.toContain(SECRET);
  });
});

describe('routing rules: configured upstreams may be on loopback, but never the engine itself or link-local addresses', () => {
  let engine: TempEngine;
  let upstream: Peer;
  let inner: Peer;

  beforeAll(async () => {
    engine = await startTempEngine();
    inner = await startPeer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ resourceType: 'Patient', id: 'from-inner', secret: SECRET })));
    // An admin port, not a FHIR server: JSON that is not a resource, a redirect for /Patient/moved, and a record of every path.
    upstream = await startPeer((request, response) => {
      if (request.url?.startsWith('/fhir/Patient/moved')) return response.writeHead(302, { location: `${inner.url}/Patient/from-inner` }).end();
      return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ adminToken: SECRET, users: ['root'] }));
    });
    const rule = await api(engine, 'POST', '/api/v1/fhir-routing-rules', { resourceType: 'Patient', target: 'upstream', serviceUrl: `${upstream.url}/fhir` });
    expect(rule.status).toBe(201);
  }, 60_000);
  afterEach(() => {
    upstream.paths.length = 0;
  });
  afterAll(async () => {
    await Promise.all([upstream.close(), inner.close()]);
    await engine.dispose();
  });

  it('does not relay an upstream answer that is not a FHIR resource', async () => {
    const response = await fetch(`${fhirBase(engine)}/Patient/p1`);
    const text = await response.text();
    expect(upstream.paths).toEqual(['/fhir/Patient/p1']);
    expect(text).not.toContain(SECRET);
    expect(response.status).not.toBe(200);
    expect((JSON.parse(text) as Outcome).resourceType).toBe('OperationOutcome');
  });

  it('does not follow an upstream redirect', async () => {
    const response = await fetch(`${fhirBase(engine)}/Patient/moved`);
    const text = await response.text();
    expect(inner.paths).toEqual([]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('from-inner');
  });

  it('answers 400 OperationOutcome for ids that are not FHIR ids, before anything is forwarded', async () => {
    for (const path of ['Patient/%2e%2e', 'Patient/..', 'Patient/%2E', 'Patient/a%2Fb', `Patient/${'x'.repeat(65)}`, 'Patient/a_b', 'Patient/%2e%2e/_history', 'Patient/%2e%2e/_history/1']) {
      const response = await rawRequest(engine, 'GET', path);
      expect(response.status, path).toBe(400);
      expect((JSON.parse(response.text) as Outcome).issue[0]?.diagnostics, path).toContain('not a FHIR id');
    }
    const body = '{"resourceType":"Patient","id":".."}';
    for (const [method, path] of [['PUT', 'Patient/%2e%2e'], ['DELETE', 'Patient/%2e%2e'], ['PATCH', 'Patient/%2e%2e'], ['GET', 'Group/%2e%2e/$export']] as const) {
      const response = await rawRequest(engine, method, path, method === 'PUT' || method === 'PATCH' ? body : undefined);
      expect(response.status, `${method} ${path}`).toBe(400);
    }
    expect(upstream.paths).toEqual([]);
  });

  it('refuses to save a rule that points at the engine own HTTP port or a link-local metadata address (422 INTEROP_URL_NOT_ALLOWED)', async () => {
    const own = new URL(engine.url ?? '');
    for (const serviceUrl of [`http://127.0.0.1:${own.port}/fhir/R4`, `http://localhost:${own.port}/fhir/R4`, 'http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/']) {
      const saved = await api(engine, 'POST', '/api/v1/fhir-routing-rules', { resourceType: 'Observation', target: 'upstream', serviceUrl, isPrimary: false });
      expect(saved.status, serviceUrl).toBe(422);
      expect(saved.body.error?.code, serviceUrl).toBe('INTEROP_URL_NOT_ALLOWED');
    }
  });

  it('refuses to change a rule to such a URL, and still lets a rule saved before the check be deactivated', async () => {
    const own = new URL(engine.url ?? '');
    const created = await api(engine, 'POST', '/api/v1/fhir-routing-rules', { resourceType: 'Encounter', target: 'upstream', serviceUrl: `${upstream.url}/fhir` });
    const { id, version } = created.body as { id: string; version: number };
    const changed = await api(engine, 'PATCH', `/api/v1/fhir-routing-rules/${id}`, { version, serviceUrl: `http://127.0.0.1:${own.port}/fhir/R4` });
    expect(changed.status).toBe(422);
    expect(changed.body.error?.code).toBe('INTEROP_URL_NOT_ALLOWED');
    engine.store.sqlite.prepare('UPDATE fhir_routing_rules SET service_url = ? WHERE id = ?').run('http://169.254.169.254/latest', id);
    const deactivated = await api(engine, 'PATCH', `/api/v1/fhir-routing-rules/${id}`, { version, status: 'inactive' });
    expect(deactivated.status).toBe(200);
  });

  it('checks again when it fetches: a rule stored before the check pointing at the engine itself is not called', async () => {
    const own = new URL(engine.url ?? '');
    engine.store.sqlite
      .prepare("UPDATE fhir_routing_rules SET service_url = ? WHERE resource_type = 'Patient'")
      .run(`http://localhost:${own.port}/fhir/R4`);
    try {
      const response = await fetch(`${fhirBase(engine)}/Patient/p1`);
      const outcome = (await response.json()) as Outcome;
      expect(response.status).toBe(503);
      expect(outcome.issue[0]?.diagnostics).toContain("the engine's own listening ports");
    } finally {
      engine.store.sqlite.prepare("UPDATE fhir_routing_rules SET service_url = ? WHERE resource_type = 'Patient'").run(`${upstream.url}/fhir`);
    }
  });
});
