import { connect, type Socket } from 'node:net';
import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName } from '../../src-shared';
import { ChangeFeed } from '../core/change-events';
import type { Principal, RequestContext } from '../core/request-context';
import type { Dispatcher } from './dispatch';
import { createHttpServer } from './http';
import type { Authenticator, Credentials } from './http-auth';

const SESSION = 'session=valid-operator-session';
const JWT = 'client.jwt.valid';
const operator: Principal = { kind: 'operator', id: 'OP_1', scopes: ['svc:interop:admin'], tenantId: undefined };
const apiClient: Principal = { kind: 'api-client', id: 'CLI_1', scopes: ['svc:interop:admin'], tenantId: undefined };

/** Records every credential it is asked about: the guards must refuse before authentication runs. */
const asked: Credentials[] = [];
const cookieAuthenticator: Authenticator = async (credentials) => (asked.push(credentials), credentials.cookie === SESSION ? operator : undefined);
const jwtAuthenticator: Authenticator = async (credentials) => (credentials.bearer === JWT ? apiClient : undefined);

const dispatched: { name: OperationName; ctx: RequestContext }[] = [];
const dispatcher: Dispatcher = { dispatch: async (name, _input, ctx) => (dispatched.push({ name, ctx }), { ok: true, value: {} }) };

interface Answer {
  status: number;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

const CONNECTOR = JSON.stringify({ name: 'guarded', protocol: 'mllp', direction: 'inbound', port: 2575 });
const codeOf = (answer: Answer): string | undefined => {
  const body = JSON.parse(answer.body) as { error?: { code?: string }; issue?: { details?: { coding?: { code?: string }[] } }[] };
  return body.error?.code ?? body.issue?.[0]?.details?.coding?.[0]?.code;
};

describe('Host, Origin and content-type checks on routes that take credentials', () => {
  let app: FastifyInstance;
  let port: number;
  let host: string;
  const credentialKinds: { kind: string; headers: Record<string, string> }[] = [
    { kind: 'an operator session cookie', headers: { cookie: SESSION } },
    { kind: 'an API client bearer token', headers: { authorization: `Bearer ${JWT}` } },
  ];

  beforeAll(async () => {
    app = await createHttpServer({
      dispatcher,
      changes: new ChangeFeed(),
      tenantId: 'default',
      host: '127.0.0.1',
      accessToken: 'access-token-0123456789',
      authenticators: [cookieAuthenticator, jwtAuthenticator],
      plugins: [async (server) => void server.post('/fhir/R4/Patient', async () => ({ resourceType: 'Patient', id: 'p1' }))],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    host = `127.0.0.1:${port}`;
  });
  afterAll(() => app.close());

  const fresh = () => {
    asked.length = 0;
    dispatched.length = 0;
  };

  it.each(credentialKinds)('accepts a same-origin JSON write carrying $kind, as that principal', async ({ headers }) => {
    fresh();
    const answer = await send(port, 'POST', '/api/v1/connectors', { host, origin: `http://${host}`, 'content-type': 'application/json', ...headers }, CONNECTOR);
    expect(answer.status).toBe(201);
    expect(dispatched.map((d) => d.ctx.principal?.id)).toEqual([headers.cookie === undefined ? 'CLI_1' : 'OP_1']);
  });

  it.each(credentialKinds)('refuses a cross-site write carrying valid $kind with 403 before authenticating', async ({ headers }) => {
    fresh();
    const answer = await send(port, 'POST', '/api/v1/connectors', { host, origin: 'https://evil.example', 'content-type': 'application/json', ...headers }, CONNECTOR);
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('INTEROP_CROSS_ORIGIN_REFUSED');
    expect(asked).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it.each(credentialKinds)('refuses a write the browser marks cross-site (no Origin) carrying valid $kind', async ({ headers }) => {
    fresh();
    const answer = await send(port, 'POST', '/api/v1/connectors', { host, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json', ...headers }, CONNECTOR);
    expect(answer.status).toBe(403);
    expect(dispatched).toEqual([]);
  });

  it.each(credentialKinds)('refuses a request naming another Host (DNS rebinding) carrying valid $kind with 421', async ({ headers }) => {
    fresh();
    const answer = await send(port, 'GET', '/api/v1/connectors', { host: `rebound.example:${port}`, ...headers });
    expect(answer.status).toBe(421);
    expect(codeOf(answer)).toBe('INTEROP_HOST_NOT_ALLOWED');
    expect(asked).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it.each(credentialKinds)('refuses a text/plain write (what a cross-site form can send) carrying valid $kind with 415', async ({ headers }) => {
    fresh();
    const answer = await send(port, 'POST', '/api/v1/connectors', { host, origin: `http://${host}`, 'content-type': 'text/plain', ...headers }, CONNECTOR);
    expect(answer.status).toBe(415);
    expect(dispatched).toEqual([]);
  });

  it.each(credentialKinds)('refuses a cross-site FHIR write carrying valid $kind with an OperationOutcome', async ({ headers }) => {
    fresh();
    const answer = await send(port, 'POST', '/fhir/R4/Patient', { host, origin: 'https://evil.example', 'content-type': 'application/fhir+json', ...headers }, '{"resourceType":"Patient"}');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(asked).toEqual([]);
  });

  it('still answers 401 to a same-origin write with an unknown cookie', async () => {
    const answer = await send(port, 'POST', '/api/v1/connectors', { host, origin: `http://${host}`, 'content-type': 'application/json', cookie: 'session=forged' }, CONNECTOR);
    expect(answer.status).toBe(401);
  });
});

describe('HTTP connections per client address', () => {
  let app: FastifyInstance;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    app = await createHttpServer({ dispatcher, changes: new ChangeFeed(), tenantId: 'default', host: '127.0.0.1', maxConnectionsPerClient: 2 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await app.close();
  });

  const open = (localAddress: string): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(socket));
      socket.once('error', reject);
      sockets.push(socket);
    });
  /** Sends a health request on a raw connection; resolves with the status line, or 'closed' when the server closed it. */
  const ask = (socket: Socket): Promise<string> =>
    new Promise((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('\r\n')) resolve(text.split('\r\n')[0]!);
      });
      socket.once('close', () => resolve(text === '' ? 'closed' : text.split('\r\n')[0]!));
      socket.once('error', () => undefined);
      socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    });

  it('closes a connection beyond the cap from one address without reading it, and serves other addresses and freed slots', async () => {
    const first = await open('127.0.0.2');
    const second = await open('127.0.0.2');
    const third = await open('127.0.0.2');
    expect(await ask(third)).toBe('closed');
    expect(await ask(first)).toBe('HTTP/1.1 200 OK');
    expect(await ask(await open('127.0.0.3'))).toBe('HTTP/1.1 200 OK');
    await new Promise<void>((resolve) => (second.once('close', () => resolve()), second.destroy()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await ask(await open('127.0.0.2'))).toBe('HTTP/1.1 200 OK');
  });
});
