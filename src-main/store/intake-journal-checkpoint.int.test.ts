import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdGenerator } from '../core/ids';
import { createHl7IntakeRepo, type IntakeRecord } from './hl7-intake-repo';
import { createIntakeFilingRepo } from './intake-filing-repo';
import { openIntakeJournal } from './intake-journal';
import { DEFAULT_TENANT_ID, openStore, type Store } from './open-store';

const ids = createIdGenerator();
// 8 KiB of OBX lines: three rounds of 600 such messages are ~14 MB of write-ahead log if nothing checkpoints it.
const raw = (n: number): Buffer => Buffer.from(`MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C${n}|P|2.5.1\rPID|1||${n}\r${'OBX|1|ST|X||value\r'.repeat(420)}`);
const record = (n: number): IntakeRecord => ({
  id: ids('MSG'), tenantId: DEFAULT_TENANT_ID, connectorId: 'CONN_H', raw: raw(n), charset: null, sendingApplication: 'LAB', sendingFacility: null,
  receivingApplication: null, receivingFacility: null, messageType: 'ORU^R01', messageControlId: `C${n}`, versionId: '2.5.1', patientId: null, patientName: null,
  orderNumbers: null, remoteAddress: null, receivedAt: Date.now(), status: 'pending', accepted: true, ackCode: 'AA', ackPayload: 'ACK', errorCode: null, errorMessage: null,
});

describe('the intake journal write-ahead log', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-journal-wal-'));
    store = openStore({ file: join(dir, 'h.db') });
    const now = Date.now();
    store.sqlite.prepare("insert into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values ('CONN_H', ?, 'h', 'mllp', 'inbound', 1, 0, 'none', '[]', '{}', 'active', 1, ?, ?)").run(DEFAULT_TENANT_ID, now, now);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is checkpointed by filing, never by the commits of intake or filing, and so stays small', () => {
    const file = join(dir, 'intake.db');
    const intakeSide = openIntakeJournal(file, { checkpointedBy: 'filing' });
    const filingSide = openIntakeJournal(file, { checkpointedBy: 'filing' });
    try {
      expect([intakeSide.pragma('wal_autocheckpoint', { simple: true }), filingSide.pragma('wal_autocheckpoint', { simple: true })]).toEqual([0, 0]);
      const intake = createHl7IntakeRepo(intakeSide, store.sqlite, ids);
      const filing = createIntakeFilingRepo(filingSide, store.sqlite, ids, 'NORMAL');
      let n = 0;
      for (let round = 0; round < 3; round++) {
        for (let group = 0; group < 150; group++) intake.store([record(n++), record(n++), record(n++), record(n++)]);
        while (filing.fileBatch(500).filed > 0);
      }
      expect(filing.waiting()).toBe(0);
      // One round's frames and deletes (~5 MB), reused once filing's checkpoint has copied them: not every round's.
      expect(statSync(`${file}-wal`).size).toBeLessThan(8 * 1024 * 1024);
    } finally {
      intakeSide.close();
      filingSide.close();
    }
  });
});
