import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, OutboundItem } from '../../src-shared';
import { FAKE_CONVERTER } from '../../test/support/fake-converter';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { sendOverMllp } from '../../test/support/mllp-feed';
import { startSftpServer, type SftpTestServer } from '../../test/support/sftp-server';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { splitHl7File } from '../hl7';

const adt = (controlId: string) => `MSH|^~\\&|LAB|F|EHR|F|20260101120000||ADT^A08|${controlId}|P|2.5.1\rEVN|A08\rPID|1||MRN-${controlId}||Doe^Ann\r`;

describe('routed messages dropped into an SFTP folder through the outbound lanes', () => {
  let engine: TempEngine;
  let server: SftpTestServer;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx());
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const eventually = async <T,>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> => {
    const until = Date.now() + 30_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > until) throw new Error(`${what}: ${JSON.stringify(value).slice(0, 1000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    server = await startSftpServer({ username: 'partner', password: 'pw' });
    mkdirSync(join(server.root, 'drop'));
    engine = await startTempEngine({ converterModule: FAKE_CONVERTER, outboundRetryPolicy: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 4 } });
  }, 60_000);
  afterAll(async () => {
    await engine.dispose();
    await server.close();
  });

  it('writes one HL7 batch file per message, waits while the server is down, and sends nothing twice', async () => {
    const inbound = await activeMllpConnector(engine);
    const sftp = await call<Connector>('connectors.create', {
      name: 'Partner drop',
      protocol: 'sftp',
      direction: 'outbound',
      host: '127.0.0.1',
      port: server.port,
      authMode: 'basic',
      authConfig: { username: 'partner', password: 'pw', hostKeyFingerprint: server.hostKeyFingerprint },
      settings: { remoteDir: '/drop', filePrefix: 'lab' },
    });
    await call('connectors.activate', { id: sftp.id });
    await call('outboundRoutes.create', { name: 'to partner', sourceConnectorId: inbound.connector.id, destinationConnectorId: sftp.id, filter: {} });
    const files = () => readdirSync(join(server.root, 'drop')).sort();
    const items = () => call<{ data: OutboundItem[] }>('outboundItems.list', { destinationConnectorId: sftp.id }).then((p) => p.data);

    await sendOverMllp(inbound.port, [adt('S-1')]);
    await eventually(files, (f) => f.length === 1, 'first file not dropped');
    await server.stop();
    await sendOverMllp(inbound.port, [adt('S-2'), adt('S-3')]);
    await eventually(items, (i) => i.some((x) => x.attemptCount > 0 && x.status !== 'delivered'), 'no failed attempt while the server was down');
    await server.restart();
    const delivered = await eventually(items, (i) => i.length === 3 && i.every((x) => x.status === 'delivered'), 'not delivered after the server came back');
    expect(files()).toEqual(delivered.map((i) => `lab-${i.id}.hl7`).sort());
    const sent = files().map((f) => splitHl7File(readFileSync(join(server.root, 'drop', f), 'utf8')).messages.map((m) => m.split('\r')[0]?.split('|')[9]));
    expect(sent.flat().sort()).toEqual(['S-1', 'S-2', 'S-3']);
    expect(files().some((f) => f.endsWith('.part'))).toBe(false);
  });
});
