import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSftpServer, type SftpTestServer } from '../../test/support/sftp-server';
import { parseBatch } from '../hl7';
import { parseNdjson } from '../fhir/ndjson-file';
import { createSftpDropSender, type SftpDropItem, type SftpDropSender } from './sftp-drop-sender';
import type { SftpTarget } from './sftp-endpoint';

const message = (id: string): string => `MSH|^~\\&|LAB|NORTH|EHR|MAIN|20260101120000||ORU^R01|${id}|P|2.5.1\rPID|1||${id}\r`;
const hl7Item = (id: string): SftpDropItem => ({ id, createdAt: Date.UTC(2026, 0, 2, 3, 4, 5), contentType: 'hl7', payload: message(`MSG-${id}`) });

let server: SftpTestServer;
let sender: SftpDropSender;
let destination: SftpTarget;
const outDir = (): string => join(server.root, 'partner-in');

beforeEach(async () => {
  server = await startSftpServer({ username: 'lab', password: 'pw' });
  mkdirSync(outDir());
  sender = createSftpDropSender({ connectMs: 2_000, operationMs: 2_000 });
  destination = {
    connectorId: 'CONN_SFTP',
    endpoint: { host: '127.0.0.1', port: server.port, username: 'lab', password: 'pw', hostKeyFingerprint: server.hostKeyFingerprint },
    settings: { remoteDir: '/partner-in', filePrefix: 'results', pollIntervalSeconds: 60 },
  };
});
afterEach(async () => {
  sender.close();
  await server.close();
});

describe('SFTP drop sender', () => {
  it('drops an HL7 item as a batch file named <prefix>-<item id>.hl7 with the message inside', async () => {
    expect(await sender.send(hl7Item('01J0A'), destination)).toEqual({ outcome: 'delivered' });
    expect(readdirSync(outDir())).toEqual(['results-01J0A.hl7']);
    const batch = parseBatch(readFileSync(join(outDir(), 'results-01J0A.hl7'), 'utf8'));
    expect(batch.messages.map((m) => m.toString())).toEqual([message('MSG-01J0A')]);
    expect(batch.fileHeader!.get(7)).toBe('20260102030405+0000');
    expect(batch.fileHeader!.get(11)).toBe('01J0A');
  });

  it('drops a FHIR Bundle as NDJSON, one entry resource per line', async () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p1' } }, { resource: { resourceType: 'Observation', id: 'o1', status: 'final' } }] };
    const item: SftpDropItem = { id: '01J0B', createdAt: 0, contentType: 'fhir', payload: JSON.stringify(bundle) };
    expect(await sender.send(item, destination)).toEqual({ outcome: 'delivered' });
    expect(parseNdjson(readFileSync(join(outDir(), 'results-01J0B.ndjson'), 'utf8'))).toEqual(bundle.entry.map((e) => e.resource));
  });

  it('answers retry while the server is down and delivers exactly one file, with no .part left, once it is back', async () => {
    expect(await sender.send(hl7Item('A1'), destination)).toEqual({ outcome: 'delivered' });
    await server.stop();
    const during = await sender.send(hl7Item('A2'), destination);
    expect(during).toMatchObject({ outcome: 'retry', error: { code: 'SFTP_UNREACHABLE' } });
    await server.restart();
    expect(await sender.send(hl7Item('A2'), destination)).toEqual({ outcome: 'delivered' });
    expect(await sender.send(hl7Item('A2'), destination)).toEqual({ outcome: 'delivered' });
    expect(readdirSync(outDir()).sort()).toEqual(['results-A1.hl7', 'results-A2.hl7']);
  });

  it('answers retry when the server hangs mid-upload, and delivers one whole file once it answers again', async () => {
    const impatient = createSftpDropSender({ connectMs: 2_000, operationMs: 300 });
    try {
      expect(await impatient.send(hl7Item('H1'), destination)).toEqual({ outcome: 'delivered' });
      server.stalled = true;
      expect(await impatient.send(hl7Item('H2'), destination)).toMatchObject({ outcome: 'retry', error: { code: 'SFTP_TIMEOUT' } });
      server.stalled = false;
      expect(await impatient.send(hl7Item('H2'), destination)).toEqual({ outcome: 'delivered' });
    } finally {
      impatient.close();
    }
    expect(readdirSync(outDir()).sort()).toEqual(['results-H1.hl7', 'results-H2.hl7']);
  });

  it('reconnects when the connection it kept between items has gone stale', async () => {
    expect(await sender.send(hl7Item('S1'), destination)).toEqual({ outcome: 'delivered' });
    await server.stop();
    await server.restart();
    expect(await sender.send(hl7Item('S2'), destination)).toEqual({ outcome: 'delivered' });
    expect(readdirSync(outDir()).sort()).toEqual(['results-S1.hl7', 'results-S2.hl7']);
  });

  it('replaces a .part file left by an upload that was cut off, leaving only the final file', async () => {
    writeFileSync(join(outDir(), '.results-C1.hl7.part'), 'half a fi');
    expect(await sender.send(hl7Item('C1'), destination)).toEqual({ outcome: 'delivered' });
    expect(readdirSync(outDir())).toEqual(['results-C1.hl7']);
    expect(parseBatch(readFileSync(join(outDir(), 'results-C1.hl7'), 'utf8')).messages).toHaveLength(1);
  });

  it('counts its own file found already there (a replay after a crash) as delivered', async () => {
    expect(await sender.send(hl7Item('R1'), destination)).toEqual({ outcome: 'delivered' });
    const again = createSftpDropSender();
    try {
      expect(await again.send(hl7Item('R1'), destination)).toEqual({ outcome: 'delivered' });
    } finally {
      again.close();
    }
    expect(readdirSync(outDir())).toEqual(['results-R1.hl7']);
  });

  it('dead-letters an item whose file name is taken by other content, leaving that file alone', async () => {
    writeFileSync(join(outDir(), 'results-T1.hl7'), 'someone else');
    expect(await sender.send(hl7Item('T1'), destination)).toMatchObject({ outcome: 'dead', error: { code: 'SFTP_TARGET_EXISTS' } });
    expect(readFileSync(join(outDir(), 'results-T1.hl7'), 'utf8')).toBe('someone else');
    expect(readdirSync(outDir())).toEqual(['results-T1.hl7']);
  });

  it('dead-letters on permission denied and retries on refused credentials or a changed host key', async () => {
    server.readOnly.add('/partner-in');
    expect(await sender.send(hl7Item('P1'), destination)).toMatchObject({ outcome: 'dead', error: { code: 'SFTP_PERMISSION_DENIED' } });
    const wrongPassword = { ...destination, endpoint: { ...destination.endpoint, password: 'nope' } };
    expect(await sender.send(hl7Item('P2'), wrongPassword)).toMatchObject({ outcome: 'retry', error: { code: 'SFTP_AUTH_FAILED' } });
    const otherKey = { ...destination, endpoint: { ...destination.endpoint, hostKeyFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } };
    expect(await sender.send(hl7Item('P3'), otherKey)).toMatchObject({ outcome: 'retry', error: { code: 'SFTP_HOST_KEY_MISMATCH' } });
    expect(readdirSync(outDir())).toEqual([]);
  });

  it('dead-letters an item that is not the HL7 or FHIR JSON it claims to be', async () => {
    expect(await sender.send({ ...hl7Item('G1'), payload: 'not hl7' }, destination)).toMatchObject({ outcome: 'dead', error: { code: 'HL7_NO_MSH' } });
    expect(await sender.send({ id: 'G2', createdAt: 0, contentType: 'fhir', payload: '{' }, destination)).toMatchObject({ outcome: 'dead', error: { code: 'SFTP_PAYLOAD_UNENCODABLE' } });
  });
});
