import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, Hl7MessageDetail, Hl7MessagePage, Hl7MessageSummary, OperationName } from '../../src-shared';
import { startSftpServer, type SftpTestServer } from '../../test/support/sftp-server';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { encodeBatchFile } from '../hl7';

const corpusBatch = resolve(import.meta.dirname, '../../../shared/corpus/hl7v2/batch/original/cdcdex_GenV1_Batch_No_headers_twoMSH.hl7');
const message = (id: string, sep = '\r'): string => `MSH|^~\\&|LAB|NORTH|EHR|MAIN|20260101120000||ADT^A01|${id}|P|2.5.1${sep}PID|1||P-${id}${sep}`;

let server: SftpTestServer;
let engine: TempEngine;
let connector: Connector;
const inDir = (...parts: string[]): string => join(server.root, 'in', ...parts);
const ctx = (): { tenantId: string; actor: string } => ({ tenantId: engine.tenantId, actor: 'test' });

async function call<T>(op: OperationName, input: unknown): Promise<T> {
  const result = await engine.dispatcher.dispatch(op, input, ctx());
  if (!result.ok) throw new Error(`${op} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const messages = async (): Promise<Hl7MessageSummary[]> => (await call<Hl7MessagePage>('hl7Messages.list', { connectorId: connector.id, pageSize: 100 })).data;
/** What taking the files raised; processing's later findings about the messages' content (their empty names) are not this test's. */
const interfaceErrors = (): { code: string; message: string }[] =>
  engine.store.sqlite.prepare("SELECT code, message FROM interface_errors WHERE connector_id = ? AND code <> 'INTEROP_MAPPING_RULE_FAILED' ORDER BY created_at").all(connector.id) as { code: string; message: string }[];

beforeEach(async () => {
  server = await startSftpServer({ username: 'feed', password: 'pw' });
  mkdirSync(inDir());
  engine = await startTempEngine();
  connector = await call<Connector>('connectors.create', {
    name: 'Lab drop folder',
    protocol: 'sftp',
    direction: 'inbound',
    host: '127.0.0.1',
    port: server.port,
    authMode: 'basic',
    authConfig: { username: 'feed', password: 'pw', hostKeyFingerprint: server.hostKeyFingerprint },
    settings: { remoteDir: '/in', pollIntervalSeconds: 5 },
  });
});
afterEach(async () => {
  await engine.dispose();
  await server.close();
});

describe('SFTP inbound folder polling', () => {
  it('stores each message of each HL7 file through intake with the file as its source, then moves the file to processed/', async () => {
    writeFileSync(inDir('batch.hl7'), encodeBatchFile([message('B1'), message('B2')], { createdAt: new Date(0), fileControlId: 'F1' }));
    writeFileSync(inDir('corpus.txt'), readFileSync(corpusBatch));
    writeFileSync(inDir('notes.csv'), 'not taken');
    await call('connectors.activate', { id: connector.id });

    await until('both files moved', () => readdirSync(inDir()).sort().join() === 'notes.csv,processed');
    expect(readdirSync(inDir('processed')).sort()).toEqual(['batch.hl7', 'corpus.txt']);
    // Intake journals each message before the file moves; the filing thread puts them in the log soon after.
    await until('the four messages in the log', async () => (await messages()).length === 4);
    const stored = await messages();
    expect(stored).toHaveLength(4);
    const idOf = (controlId: string): string => stored.find((m) => m.messageControlId === controlId)!.id;
    expect(idOf('B1') < idOf('B2')).toBe(true);
    const b1 = await call<Hl7MessageDetail>('hl7Messages.get', { id: stored.find((m) => m.messageControlId === 'B1')!.id });
    expect(b1.remoteAddress).toBe(`sftp://127.0.0.1:${server.port}/in/batch.hl7`);
    expect(b1.raw).toBe(message('B1'));
    expect(interfaceErrors()).toEqual([]);
  });

  it('moves a file that is not HL7 to error/ and records an interface error naming the file and the line', async () => {
    writeFileSync(inDir('junk.hl7'), `${message('J1', '\n')}this is not a segment\n`);
    await call('connectors.activate', { id: connector.id });

    await until('the file moved to error/', () => existsSync(inDir('error', 'junk.hl7')));
    expect(await messages()).toEqual([]);
    expect(interfaceErrors()).toEqual([{ code: 'HL7_BAD_SEGMENT', message: expect.stringMatching(/^file junk\.hl7: line 3: /) as unknown as string }]);
  });

  it('takes a file again after it could not be moved, without storing its messages twice', async () => {
    writeFileSync(inDir('again.hl7'), message('A1') + message('A2'));
    mkdirSync(inDir('processed'));
    server.readOnly.add('/in/processed');
    await call('connectors.activate', { id: connector.id });

    await until('the failed move reported on the connector', async () => (await call<Connector>('connectors.get', { id: connector.id })).lastError?.startsWith('SFTP_PERMISSION_DENIED') === true);
    await until('both messages in the log', async () => (await messages()).length >= 2);
    expect((await messages()).map((m) => m.messageControlId).sort()).toEqual(['A1', 'A2']);
    server.readOnly.delete('/in/processed');

    await until('the file moved on the next poll', () => existsSync(inDir('processed', 'again.hl7')), 20_000);
    expect((await messages()).map((m) => m.messageControlId).sort()).toEqual(['A1', 'A2']);
    // Taken twice: the second time each message was counted on the one kept, not stored again.
    expect(engine.store.sqlite.prepare('SELECT duplicate_count FROM hl7_messages WHERE connector_id = ?').pluck().all(connector.id)).toEqual([1, 1]);
    await until('the connector error cleared', async () => (await call<Connector>('connectors.get', { id: connector.id })).lastError === null);
  });

  it('keeps polling after an outage and says why on the connector meanwhile', async () => {
    await server.stop();
    await call('connectors.activate', { id: connector.id });
    await until('the outage reported', async () => (await call<Connector>('connectors.get', { id: connector.id })).lastError?.startsWith('SFTP_UNREACHABLE') === true);
    writeFileSync(inDir('late.hl7'), message('L1'));
    await server.restart();
    await until('the file taken after the outage', () => existsSync(inDir('processed', 'late.hl7')), 20_000);
    expect((await messages()).map((m) => m.messageControlId)).toEqual(['L1']);
  });

  it('writes the resources of an NDJSON file to the FHIR store and records the lines it could not store', async () => {
    const lines = [JSON.stringify({ resourceType: 'Patient', id: 'sftp-p1', name: [{ family: 'Drop' }] }), '{"not":"a resource"}', JSON.stringify({ resourceType: 'Patient', id: 'sftp-p2' })];
    writeFileSync(inDir('patients.ndjson'), `${lines.join('\n')}\n`);
    await call('connectors.activate', { id: connector.id });

    await until('the file moved to processed/', () => existsSync(inDir('processed', 'patients.ndjson')));
    const ids = engine.store.sqlite.prepare(`SELECT id FROM fhir_resources WHERE resource_type = 'Patient' ORDER BY id`).pluck().all();
    expect(ids).toEqual(['sftp-p1', 'sftp-p2']);
    expect(interfaceErrors()).toEqual([{ code: 'NDJSON_BAD_LINE', message: expect.stringMatching(/^file patients\.ndjson line 2: /) as unknown as string }]);
  });
});
