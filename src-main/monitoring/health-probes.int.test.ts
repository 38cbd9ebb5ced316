import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Connector, HealthCheck } from '../../src-shared';
import { startMllpReceiver, type MllpReceiver } from '../../test/support/mllp-receiver';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { makeTestPki } from '../../test/support/test-certificates';

async function call<T>(engine: TempEngine, name: string, input: unknown): Promise<T> {
  const result = await engine.dispatcher.dispatch(name as never, input, { tenantId: engine.tenantId, actor: 'test' });
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
const openAlerts = async (engine: TempEngine, connectorId: string): Promise<Alert[]> => (await call<{ data: Alert[] }>(engine, 'alerts.list', { connectorId, status: 'open' })).data;

/** A FHIR server on 127.0.0.1 whose metadata answer the test sets, with an OAuth token endpoint that refuses. */
async function scriptedFhirServer(): Promise<{ server: Server; port: number; metadataStatus: { value: number }; metadataCalls: string[] }> {
  const metadataStatus = { value: 200 };
  const metadataCalls: string[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/token') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
      return;
    }
    if (req.url === '/fhir/metadata') {
      metadataCalls.push(req.headers.authorization ?? '');
      res.writeHead(metadataStatus.value, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(metadataStatus.value === 200 ? { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'] } : { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security' }] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, metadataStatus, metadataCalls };
}

describe('health checks of outbound partners', () => {
  let engine: TempEngine | undefined;
  let server: Server | undefined;
  let peer: MllpReceiver | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await peer?.stop();
    await engine?.dispose();
    engine = undefined;
    server = undefined;
    peer = undefined;
  });

  it('reads a FHIR server’s metadata: healthy, then auth_expired on 401 and quota_exceeded on 429, both resolved when it answers again', async () => {
    engine = await startTempEngine();
    const fhir = await scriptedFhirServer();
    server = fhir.server;
    const created = await call<Connector>(engine, 'connectors.create', { name: 'HIE', protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port: fhir.port, authMode: 'api-key', authConfig: { apiKey: 'k-123' } });
    await call(engine, 'connectors.activate', { id: created.id });
    expect(await call<HealthCheck>(engine, 'connectors.test', { id: created.id })).toMatchObject({ status: 'healthy', latencyMs: expect.any(Number) });

    fhir.metadataStatus.value = 401;
    expect(await call<HealthCheck>(engine, 'connectors.test', { id: created.id })).toMatchObject({ status: 'unhealthy', reasonCode: 'MONITOR_AUTH_REFUSED' });
    fhir.metadataStatus.value = 429;
    expect(await call<HealthCheck>(engine, 'connectors.test', { id: created.id })).toMatchObject({ status: 'degraded', reasonCode: 'MONITOR_QUOTA_EXCEEDED' });
    expect((await openAlerts(engine, created.id)).map((a) => [a.type, a.severity])).toEqual([
      ['quota_exceeded', 'warning'],
      ['auth_expired', 'error'],
    ]);

    fhir.metadataStatus.value = 200;
    await call(engine, 'connectors.test', { id: created.id });
    expect(await openAlerts(engine, created.id)).toEqual([]);
    expect(fhir.metadataCalls).toHaveLength(4);
  });

  it('raises auth_expired when the OAuth token endpoint refuses the client', async () => {
    engine = await startTempEngine();
    const fhir = await scriptedFhirServer();
    server = fhir.server;
    const created = await call<Connector>(engine, 'connectors.create', {
      name: 'Payer',
      protocol: 'fhir-rest',
      direction: 'outbound',
      host: '127.0.0.1',
      port: fhir.port,
      authMode: 'oauth2',
      authConfig: { tokenUrl: `http://127.0.0.1:${fhir.port}/token`, clientId: 'engine', clientSecret: 'wrong' },
    });
    await call(engine, 'connectors.activate', { id: created.id });
    const check = await call<HealthCheck>(engine, 'connectors.test', { id: created.id });
    expect(check).toMatchObject({ status: 'unhealthy', reasonCode: 'MONITOR_AUTH_REFUSED', detail: expect.stringContaining('token endpoint answered 401') });
    expect(check.detail).not.toContain('wrong');
    expect(await openAlerts(engine, created.id)).toEqual([expect.objectContaining({ type: 'auth_expired', dedupeKey: `auth_expired:${created.id}:token` })]);
    expect(fhir.metadataCalls).toEqual([]);
  });

  it('reads the partner’s TLS certificate and our client certificate: both expiring within 14 days is degraded with a warning each', async () => {
    engine = await startTempEngine();
    const pki = makeTestPki();
    peer = await startMllpReceiver({ tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, requestCert: true } });
    const created = await call<Connector>(engine, 'connectors.create', {
      name: 'Lab TLS out',
      protocol: 'mllp',
      direction: 'outbound',
      host: '127.0.0.1',
      port: peer.port,
      tlsEnabled: true,
      authMode: 'client-cert',
      authConfig: { caCertificate: pki.caCert, certificate: pki.clientCert, privateKey: pki.clientKey },
    });
    await call(engine, 'connectors.activate', { id: created.id });
    expect(await call<HealthCheck>(engine, 'connectors.test', { id: created.id })).toMatchObject({ status: 'degraded', reasonCode: 'MONITOR_CERTIFICATE_EXPIRING', detail: "the peer certificate expires in 0 days; the client certificate expires in 0 days" });
    const alerts = await openAlerts(engine, created.id);
    expect(alerts.map((a) => [a.dedupeKey, a.severity]).sort()).toEqual([
      [`auth_expired:${created.id}:certificate`, 'warning'],
      [`auth_expired:${created.id}:credential`, 'warning'],
    ]);
  });
});
