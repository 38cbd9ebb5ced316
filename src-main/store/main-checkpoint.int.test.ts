import type Database from 'better-sqlite3';
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
// 8 KiB of OBX lines: 600 such messages filed are ~10 MB of the main database's write-ahead log.
const raw = (n: number): Buffer => Buffer.from(`MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C${n}|P|2.5.1\rPID|1||${n}\r${'OBX|1|ST|X||value\r'.repeat(420)}`);
const record = (n: number): IntakeRecord => ({
  id: ids('MSG'), tenantId: DEFAULT_TENANT_ID, connectorId: 'CONN_M', raw: raw(n), charset: null, sendingApplication: 'LAB', sendingFacility: null,
  receivingApplication: null, receivingFacility: null, messageType: 'ORU^R01', messageControlId: `C${n}`, versionId: '2.5.1', patientId: null, patientName: null,
  orderNumbers: null, remoteAddress: null, receivedAt: Date.now(), status: 'pending', accepted: true, ackCode: 'AA', ackPayload: 'ACK', errorCode: null, errorMessage: null,
});

describe("the main database's write-ahead log", () => {
  let dir: string;
  let stores: Store[];
  let journals: Database.Database[];
  const open = (): Store => {
    const store = openStore({ file: join(dir, 'm.db'), checkpointedBy: 'filing' });
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-main-wal-'));
    stores = [];
    journals = [];
  });
  afterEach(() => {
    for (const journal of journals) journal.close();
    for (const store of stores) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Intake and filing on a journal beside `main`, and a way to file three rounds of 600 messages, calling `between` after each. */
  function filingInto(main: Store) {
    const now = Date.now();
    main.sqlite.prepare("insert into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values ('CONN_M', ?, 'm', 'mllp', 'inbound', 1, 0, 'none', '[]', '{}', 'active', 1, ?, ?)").run(DEFAULT_TENANT_ID, now, now);
    const journal = openIntakeJournal(join(dir, 'intake.db'), { checkpointedBy: 'filing' });
    journals.push(journal);
    const intake = createHl7IntakeRepo(journal, main.sqlite, ids);
    const filing = createIntakeFilingRepo(journal, main.sqlite, ids, 'NORMAL');
    const fileRounds = (between: () => void): void => {
      let n = 0;
      for (let round = 0; round < 3; round++) {
        for (let group = 0; group < 150; group++) intake.store([record(n++), record(n++), record(n++), record(n++)]);
        while (filing.fileBatch(500).filed > 0);
        between();
      }
    };
    return { filing, fileRounds };
  }
  const walSize = (): number => statSync(join(dir, 'm.db-wal')).size;

  it("grows past SQLite's 1,000-page mark without a checkpoint: no engine connection checkpoints on commit", () => {
    const main = open();
    expect(main.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    filingInto(main).fileRounds(() => undefined);
    // Three rounds' pages (~18 MB); SQLite's own checkpoint would have kept it near 4 MB.
    expect(walSize()).toBeGreaterThan(14 * 1024 * 1024);
  });

  it("is checkpointed by filing's checkpointMain, and so stays at about one round's pages", () => {
    const { filing, fileRounds } = filingInto(open());
    fileRounds(() => expect(filing.checkpointMain()).toBe(true));
    expect(walSize()).toBeLessThan(9 * 1024 * 1024);
  });

  it('checkpoints only when someone committed since the last one: filing itself, or another connection', () => {
    const { filing, fileRounds } = filingInto(open());
    expect(filing.checkpointMain()).toBe(false);
    open().sqlite.prepare("insert into tenants (id, name, created_at) values ('T2', 'Second clinic', 1)").run();
    expect(filing.checkpointMain()).toBe(true);
    expect(filing.checkpointMain()).toBe(false);
    const ran: boolean[] = [];
    fileRounds(() => ran.push(filing.checkpointMain(), filing.checkpointMain()));
    expect(ran).toEqual([true, false, true, false, true, false]);
  });
});
