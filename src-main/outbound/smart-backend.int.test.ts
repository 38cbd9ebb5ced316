import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_MASK, type Connector } from '../../src-shared';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { withSmartBackendKeys } from '../connectors/smart-backend-keys';
import { systemClock } from '../core/clock';
import { createFetchPolicy } from '../fetch/fetch-policy';
import { fhirRestAuthOf } from './fhir-rest-lane-sender';
import { createFhirRestSender } from './fhir-rest-sender';
import { JWT_BEARER_ASSERTION_TYPE } from './smart-client-assertion';

const PEER_TOKEN = 'peer-token-smart-0123456789';
const ENGINE_TOKEN = 'engine-token-0123456789';
const servers: Server[] = [];
const engines: TempEngine[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(engines.splice(0).map((e) => e.dispose()));
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;
async function httpPeer(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => void handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/**
 * A SMART token endpoint as an EHR runs one: the client's registered key set per client id, the
 * assertion verified against it (signature, aud = this URL, iss = sub = client id, exp at most five
 * minutes ahead), a jti it has seen refused; it hands out PEER_TOKEN.
 */
async function smartTokenEndpoint(expiresIn = 3600) {
  const keySets = new Map<string, JWTVerifyGetKey>();
  const seenJti = new Set<string>();
  const forms: URLSearchParams[] = [];
  const url = `${await httpPeer(async (_req, res, body) => {
    const form = new URLSearchParams(body);
    forms.push(form);
    const assertion = form.get('client_assertion') ?? '';
    const clientId = decodeJwt(assertion).iss ?? '';
    const keys = keySets.get(clientId);
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE || !keys) return json(res, 400, { error: 'invalid_request' });
    try {
      const { payload } = await jwtVerify(assertion, keys, { audience: url, issuer: clientId, subject: clientId, algorithms: ['RS384', 'ES384'] });
      if (!payload.jti || !payload.exp || payload.exp - Date.now() / 1000 > 300) return json(res, 400, { error: 'invalid_client', error_description: 'exp too far ahead or no jti' });
      if (seenJti.has(payload.jti)) return json(res, 400, { error: 'invalid_grant', error_description: 'jti replayed' });
      seenJti.add(payload.jti);
    } catch {
      return json(res, 401, { error: 'invalid_client' });
    }
    json(res, 200, { access_token: PEER_TOKEN, token_type: 'bearer', expires_in: expiresIn, scope: form.get('scope') });
  })}/token`;
  return { url, keySets, forms };
}

describe('SMART Backend Services (private_key_jwt) for outbound FHIR REST connectors', () => {
  it('generates the key pair, serves its public JWKS without credentials, and delivers with a token the EHR verified against it; a wrong key dead-letters with invalid_client', async () => {
    const peer = await startTempEngine({ http: { host: '127.0.0.1', port: 0, accessToken: PEER_TOKEN } });
    engines.push(peer);
    const engine = await startTempEngine({ http: { host: '127.0.0.1', port: 0, accessToken: ENGINE_TOKEN }, outboundRetryPolicy: { baseDelayMs: 50, maxDelayMs: 400 } });
    engines.push(engine);
    const token = await smartTokenEndpoint();
    const ctx = { tenantId: engine.tenantId, actor: 'test' };
    const call = async <T,>(op: string, input: object): Promise<T> => {
      const result = await engine.dispatcher.dispatch(op as never, input, ctx);
      if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
      return result.value as T;
    };
    const smartConnector = async (name: string, clientId: string, facilityId: string): Promise<Connector> => {
      const created = await call<Connector>('connectors.create', { name, protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port: Number(new URL(peer.url as string).port), facilityId, authMode: 'smart-backend', authConfig: { clientId, tokenUrl: token.url, scope: 'system/Patient.rs system/Observation.cu' }, settings: { basePath: '/fhir/R4' } });
      return call<Connector>('connectors.activate', { id: created.id });
    };
    const jwksOf = async (id: string): Promise<Response> => fetch(`${engine.url}.well-known/jwks/${id}.json`);
    const itemsOf = (id: string) => engine.store.sqlite.prepare('SELECT status, last_error_code AS code FROM outbound_items WHERE destination_connector_id = ? ORDER BY seq').all(id) as { status: string; code: string | null }[];
    const waitFor = async (check: () => boolean, what: string, state: () => unknown) => {
      const until = Date.now() + 60_000;
      while (!check()) {
        if (Date.now() > until) throw new Error(`timed out: ${what} ${JSON.stringify(state())}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const good = await smartConnector('Epic (registered key)', 'engine-good', 'EPIC_A');
    expect(good.authConfig).toMatchObject({ clientId: 'engine-good', algorithm: 'RS384', privateKey: SECRET_MASK, keyId: expect.any(String) });
    const served = await jwksOf(good.id);
    expect(served.status).toBe(200);
    const jwks = (await served.json()) as JSONWebKeySet;
    expect(jwks).toEqual(JSON.parse(good.authConfig?.publicJwks ?? ''));
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', kid: good.authConfig?.keyId, alg: 'RS384', use: 'sig' })]);
    expect(Object.keys(jwks.keys[0] ?? {})).not.toContain('d');
    token.keySets.set('engine-good', createRemoteJWKSet(new URL(`${engine.url}.well-known/jwks/${good.id}.json`)));

    const { port: inboundPort, connector: inbound } = await activeMllpConnector(engine);
    expect((await jwksOf(inbound.id)).status).toBe(404);
    await call('outboundRoutes.create', { name: 'Results to Epic', sourceConnectorId: inbound.id, destinationConnectorId: good.id, filter: { messageTypes: ['ORU^R01'] }, payload: { kind: 'fhir-bundle' } });
    await sendOverMllp(inboundPort, [corpusMessage('msfc_ORU-R01-01.hl7')]);
    await waitFor(() => itemsOf(good.id)[0]?.status === 'delivered', 'the result delivered', () => itemsOf(good.id));
    const request = token.forms[0] as URLSearchParams;
    expect([request.get('grant_type'), request.get('client_assertion_type'), request.get('scope')]).toEqual(['client_credentials', JWT_BEARER_ASSERTION_TYPE, 'system/Patient.rs system/Observation.cu']);
    expect(request.get('client_secret')).toBeNull();
    const claims = decodeJwt(request.get('client_assertion') ?? '');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(300);
    const replayed = await fetch(token.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: request.toString() });
    expect(await replayed.json()).toMatchObject({ error: 'invalid_grant' });

    const wrong = await smartConnector('Epic (unregistered key)', 'engine-wrong', 'EPIC_B');
    token.keySets.set('engine-wrong', createLocalJWKSet(jwks));
    await call('outboundRoutes.create', { name: 'Results to Epic, wrong key', sourceConnectorId: inbound.id, destinationConnectorId: wrong.id, filter: { messageTypes: ['ORU^R01'] }, payload: { kind: 'fhir-bundle' } });
    await sendOverMllp(inboundPort, [corpusMessage('msfc_LAB-ORU-1.hl7')]);
    await waitFor(() => itemsOf(wrong.id)[0]?.status === 'dead', 'the wrong key dead-lettered', () => itemsOf(wrong.id));
    expect(itemsOf(wrong.id)).toEqual([{ status: 'dead', code: 'OUTBOUND_TOKEN_INVALID_CLIENT' }]);
  }, 120_000);

  it('discovers the token endpoint from smart-configuration, signs ES384 with a fresh jti for each token, and names the token endpoint\'s refusal', async () => {
    const token = await smartTokenEndpoint(1);
    const base = await httpPeer((req, res) => {
      if (req.url === '/fhir/.well-known/smart-configuration') return json(res, 200, { token_endpoint: token.url, token_endpoint_auth_methods_supported: ['private_key_jwt'] });
      if (req.headers.authorization !== `Bearer ${PEER_TOKEN}`) return json(res, 401, { resourceType: 'OperationOutcome' });
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'CapabilityStatement' }));
    });
    const config = withSmartBackendKeys('smart-backend', { clientId: 'cerner-app', algorithm: 'ES384' });
    token.keySets.set('cerner-app', createLocalJWKSet(JSON.parse(config?.publicJwks ?? '') as JSONWebKeySet));
    const auth = fhirRestAuthOf({ authMode: 'smart-backend', auth: config ?? {} });
    const sender = createFhirRestSender({ fetchPolicy: createFetchPolicy({ allow: [], ownPorts: () => [] }), clock: systemClock });
    const destination = { id: 'CONN_CERNER', baseUrl: `${base}/fhir`, auth: auth as NonNullable<typeof auth> };

    expect(await sender.read('metadata', destination)).toMatchObject({ outcome: 'delivered' });
    expect(await sender.read('metadata', destination)).toMatchObject({ outcome: 'delivered' });
    const assertions = token.forms.map((f) => f.get('client_assertion') ?? '');
    expect(assertions).toHaveLength(2);
    expect(new Set(assertions.map((a) => decodeJwt(a).jti)).size).toBe(2);

    token.keySets.delete('cerner-app');
    expect(await sender.read('metadata', destination)).toMatchObject({ outcome: 'dead', status: 400, error: { code: 'OUTBOUND_TOKEN_INVALID_REQUEST' } });
  });
});
