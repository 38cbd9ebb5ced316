import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail, Hl7MessageSummary } from '../../src-shared';
import { MllpClient } from '../mllp/client';
import { activeMllpConnector, msaOf } from '../../test/support/mllp-connector';
import { makeTestPki, type TestPki } from '../../test/support/test-certificates';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const message = (id: string, charset = '') =>
  [`MSH|^~\\&|LAB|NORTH|EHR|NORTH|20260101120000||ORU^R01|${id}|P|2.5.1||||||${charset}`, 'PID|1||4711^^^NORTH^MR||Müller^Zoë||19800101|F', 'OBX|1|TX|NOTE||Befund unauffällig'].join('\r') + '\r';

describe('MLLP intake: character sets and TLS', () => {
  let engine: TempEngine;
  let pki: TestPki;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const only = async (connectorId: string) => {
    const list = (await engine.dispatcher.dispatch('hl7Messages.list', { connectorId }, ctx())) as { ok: true; value: { data: Hl7MessageSummary[] } };
    const detail = (await engine.dispatcher.dispatch('hl7Messages.get', { id: list.value.data[0]?.id }, ctx())) as { ok: true; value: Hl7MessageDetail };
    return detail.value;
  };

  beforeAll(async () => {
    engine = await startTempEngine({ http: undefined });
    pki = makeTestPki();
  });
  afterAll(() => engine.dispose());

  it('decodes an 8859/1 message by its MSH-18 and keeps the bytes as received', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const bytes = iconv.encode(message('LATIN-1', '8859/1'), 'latin1');
    expect(msaOf(await client.send(bytes))[1]).toBe('AA');
    await client.close();
    const stored = await only(connector.id);
    expect(stored).toMatchObject({ charset: '8859/1', rawSize: bytes.length });
    expect(stored.raw).toContain('Müller^Zoë');
  });

  it('decodes UTF-8 by default', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    await client.send(message('UTF-8', 'UNICODE UTF-8'));
    await client.close();
    expect((await only(connector.id)).raw).toContain('Befund unauffällig');
  });

  it('serves MLLP over TLS with the connector certificate', async () => {
    const { connector, port } = await activeMllpConnector(engine, {}, { tlsEnabled: true, authMode: 'none', authConfig: { certificate: pki.serverCert, privateKey: pki.serverKey } });
    const client = await MllpClient.connect({ host: '127.0.0.1', port, tls: { ca: pki.caCert } });
    expect(msaOf(await client.send(message('TLS-1')))[1]).toBe('AA');
    await client.close();
    expect((await only(connector.id)).messageControlId).toBe('TLS-1');
    await expect(MllpClient.connect({ host: '127.0.0.1', port, tls: {} })).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('requires a client certificate signed by the configured CA when one is set', async () => {
    const { port } = await activeMllpConnector(engine, {}, {
      tlsEnabled: true,
      authMode: 'client-cert',
      authConfig: { certificate: pki.serverCert, privateKey: pki.serverKey, caCertificate: pki.caCert },
    });
    const trusted = await MllpClient.connect({ host: '127.0.0.1', port, tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey } });
    expect(msaOf(await trusted.send(message('MTLS-1')))[1]).toBe('AA');
    await trusted.close();
    const anonymous = await MllpClient.connect({ host: '127.0.0.1', port, tls: { ca: pki.caCert } }).catch((e: Error) => e);
    const outcome = anonymous instanceof Error ? anonymous : await anonymous.send(message('MTLS-2')).catch((e: Error) => e);
    expect(outcome).toBeInstanceOf(Error);
  });
});
