import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClientSecret, Connector, DiagnosticsFile } from '../../src-shared';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

let engine: TempEngine | undefined;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

const message = corpusMessage('msfc_ADT-A01-01.hl7');
const pid = message.split(/\r\n|\r|\n/).find((line) => line.startsWith('PID'))!.split('|');
/** The patient in the corpus message: identifiers (PID-3, each repetition), family and given names (PID-5), birth date (PID-7). */
const PATIENT = [...pid[3]!.split('~').map((id) => id.split('^')[0]!), pid[5]!.split('^')[0]!.split('&')[0]!, pid[5]!.split('^')[1]!, pid[7]!.slice(0, 8)];
const CONNECTOR_PASSWORD = 'Diagnostics-password-5e1f';

async function call<T>(e: TempEngine, op: string, input: Record<string, unknown>): Promise<T> {
  const result = await e.dispatcher.dispatch(op as never, input, { tenantId: e.tenantId, actor: 'test' });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

describe('system.diagnostics', () => {
  it('zips versions, health, the store, connectors, alerts, interface errors, metrics and the log, with no secret and no patient data anywhere in it', async () => {
    engine = await startTempEngine();
    expect(PATIENT.every((value) => value.length >= 4)).toBe(true);
    const sender = await call<Connector>(engine, 'connectors.create', { name: 'Basic FHIR out', protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port: 9, authMode: 'basic', authConfig: { username: 'interface', password: CONNECTOR_PASSWORD } });
    const client = await call<ApiClientSecret>(engine, 'apiClients.create', { name: 'Support probe', scopes: ['svc:interop:read'] });
    const { port } = await activeMllpConnector(engine);
    expect((await sendOverMllp(port, [message]))[0]).toContain('MSA|A');
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      const page = await call<{ data: { status: string }[] }>(engine, 'hl7Messages.list', { page: 1, pageSize: 10 });
      if (page.data.some((m) => m.status !== 'pending' && m.status !== 'processing')) break;
      await new Promise((done) => setTimeout(done, 50));
    }

    const file = await call<DiagnosticsFile>(engine, 'system.diagnostics', {});
    const entries = unzipSync(new Uint8Array(Buffer.from(file.content, 'base64')));
    expect(Object.keys(entries).sort()).toEqual(['README.txt', 'alerts.json', 'connectors.json', 'engine-log.txt', 'health.json', 'interface-errors.json', 'metrics.json', 'store.json', 'versions.json']);
    const text = Object.values(entries).map((bytes) => strFromU8(bytes)).join('\n');

    const versions = JSON.parse(strFromU8(entries['versions.json']!)) as { node: string; sqlite: string };
    expect(versions).toMatchObject({ node: process.versions.node, sqlite: expect.stringMatching(/^3\./) });
    const connectors = JSON.parse(strFromU8(entries['connectors.json']!)) as { id: string; authConfigKeys: string[] }[];
    expect(connectors.find((c) => c.id === sender.id)?.authConfigKeys).toEqual(['password', 'username']);
    const store = JSON.parse(strFromU8(entries['store.json']!)) as { migrations: { applied: number } };
    expect(store.migrations.applied).toBeGreaterThan(0);
    expect(strFromU8(entries['engine-log.txt']!)).toContain('engine started');

    const leaked = [CONNECTOR_PASSWORD, client.clientSecret, ...PATIENT].filter((value) => text.includes(value));
    expect(leaked).toEqual([]);

    const download = await fetch(`${engine.url}api/v1/diagnostics`);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="interop-diagnostics-\d{8}T\d{9}Z\.zip"$/);
    expect(Object.keys(unzipSync(new Uint8Array(await download.arrayBuffer())))).toContain('connectors.json');
  }, 120_000);
});
