import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeAndFile } from '../../test/support/file-messages';
import { createIdGenerator } from '../core/ids';
import { backfillContentHashes, contentHash, createHl7IntakeRepo, type IntakeRecord } from './hl7-intake-repo';
import { createIntakeFilingRepo } from './intake-filing-repo';
import { openIntakeJournal } from './intake-journal';
import { DEFAULT_TENANT_ID, openStore, type Store } from './open-store';

const ids = createIdGenerator();
const raw = (text: string) => Buffer.from(`MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C1|P|2.5.1\rPID|1||${text}\r`);

const record = (payload: Buffer, ackPayload = 'ACK'): IntakeRecord => ({
  id: ids('MSG'), tenantId: DEFAULT_TENANT_ID, connectorId: 'CONN_H', raw: payload, charset: null, sendingApplication: 'LAB', sendingFacility: null,
  receivingApplication: null, receivingFacility: null, messageType: 'ORU^R01', messageControlId: 'C1', versionId: '2.5.1', patientId: null, patientName: null,
  orderNumbers: null, remoteAddress: null, receivedAt: Date.now(), status: 'pending', accepted: true, ackCode: 'AA', ackPayload, errorCode: null, errorMessage: null,
});

describe('intake journal and filing', () => {
  let dir: string;
  let store: Store;
  let journal: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-intake-'));
    store = openStore({ file: join(dir, 'h.db') });
    journal = openIntakeJournal(join(dir, 'intake.db'));
    const now = Date.now();
    store.sqlite.prepare("insert into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values ('CONN_H', ?, 'h', 'mllp', 'inbound', 1, 0, 'none', '[]', '{}', 'active', 1, ?, ?)").run(DEFAULT_TENANT_ID, now, now);
  });
  afterEach(() => {
    journal.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (db: Database.Database, sql: string): unknown => db.prepare(sql).pluck().get();
  const messages = () => count(store.sqlite, 'select count(*) from hl7_messages');
  const received = () => count(store.sqlite, "select count(*) from outbox_events where type = 'Hl7MessageReceived'");

  it('keeps a message in the journal until filing moves it, with its event, into hl7_messages', () => {
    const repo = createHl7IntakeRepo(journal, store.sqlite, ids);
    const [result] = repo.store([record(raw('1'))]);
    expect(result).toMatchObject({ kind: 'stored' });
    expect([count(journal, 'select count(*) from intake_journal'), messages()]).toEqual([1, 0]);

    const filing = createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL');
    expect(filing.fileBatch(10)).toEqual({ filed: 1, controlIdReused: [] });
    expect([filing.waiting(), messages(), received()]).toEqual([0, 1, 1]);
    expect(store.sqlite.prepare('select id, status, ack_payload as ack, raw_size as size from hl7_messages').get()).toEqual({ id: result?.id, status: 'pending', ack: 'ACK', size: raw('1').length });
  });

  it('answers a resend from the original whether it is still in the journal or filed, and counts every resend on it', () => {
    const repo = createHl7IntakeRepo(journal, store.sqlite, ids);
    const filing = createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL');
    const [original] = repo.store([record(raw('1'))]);
    expect(repo.store([record(raw('1'), 'OTHER')])).toEqual([{ kind: 'duplicate', id: original?.id, ackCode: 'AA', ackPayload: 'ACK' }]);
    filing.fileBatch(10);
    expect(repo.store([record(raw('1'), 'OTHER')])).toEqual([{ kind: 'duplicate', id: original?.id, ackCode: 'AA', ackPayload: 'ACK' }]);
    expect(count(journal, 'select count(*) from intake_journal')).toBe(0);
    filing.fileBatch(10);
    expect([messages(), received(), count(store.sqlite, 'select duplicate_count from hl7_messages')]).toEqual([1, 1, 2]);
    expect(count(journal, 'select count(*) from intake_duplicates')).toBe(0);
  });

  it('files a message again after a crash between its two commits without a second row or event, and keeps the ACK recorded in between', () => {
    const repo = createHl7IntakeRepo(journal, store.sqlite, ids);
    const [stored] = repo.store([record(raw('1'))]);
    const crashing = createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL', {
      main: (write) => write(),
      journal: () => {
        repo.recordAck(stored?.id as string, 'AR', 'REFUSED');
        throw new Error('killed before the journal commit');
      },
    });
    expect(() => crashing.fileBatch(10)).toThrow('killed');
    expect([messages(), count(journal, 'select count(*) from intake_journal')]).toEqual([1, 1]);

    const filing = createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL');
    expect(filing.fileBatch(10).filed).toBe(1);
    expect([messages(), received(), filing.waiting()]).toEqual([1, 1, 0]);
    expect(store.sqlite.prepare('select ack_code as code, ack_payload as payload from hl7_messages').get()).toEqual({ code: 'AR', payload: 'REFUSED' });
  });

  it('leaves a row whose ACK changed while it was filed for the next batch, which carries the new ACK over', () => {
    const repo = createHl7IntakeRepo(journal, store.sqlite, ids);
    const [stored] = repo.store([record(raw('1'))]);
    const racing = createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL', {
      main: (write) => {
        const result = write();
        repo.recordAck(stored?.id as string, 'AR', 'REFUSED');
        return result;
      },
      journal: (write) => write(),
    });
    racing.fileBatch(10);
    expect(count(journal, 'select count(*) from intake_journal')).toBe(1);
    expect(count(store.sqlite, 'select ack_code from hl7_messages')).toBe('AA');
    createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL').fileBatch(10);
    expect(count(journal, 'select count(*) from intake_journal')).toBe(0);
    expect(count(store.sqlite, 'select ack_code from hl7_messages')).toBe('AR');
  });

  it('records a rejected message with its interface error and search entry when it is filed', () => {
    const repo = createHl7IntakeRepo(journal, store.sqlite, ids);
    repo.store([{ ...record(raw('1')), status: 'failed', accepted: false, ackCode: 'AR', errorCode: 'HL7_MSH_INVALID', errorMessage: 'MSH-9 is missing', patientId: 'MRN1' }]);
    createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL').fileBatch(10);
    expect(count(store.sqlite, "select code from interface_errors")).toBe('HL7_MSH_INVALID');
    expect(count(store.sqlite, "select count(*) from outbox_events where type = 'Hl7MessageFailed'")).toBe(1);
    expect(count(store.sqlite, "select count(*) from hl7_messages_fts where hl7_messages_fts match 'MRN1'")).toBe(1);
  });

  it('hashes old rows once at start, so a resend of an old message is still a duplicate and different content is not', () => {
    const [old] = storeAndFile(store.sqlite, [record(raw('42'))], ids);
    store.sqlite.prepare('update hl7_messages set content_hash = null').run();

    expect(backfillContentHashes(store.sqlite, 1)).toBe(1);
    expect(store.sqlite.prepare('select content_hash from hl7_messages').pluck().get()).toBe(contentHash(raw('42')));
    expect(backfillContentHashes(store.sqlite)).toBe(0);

    expect(storeAndFile(store.sqlite, [record(raw('42'))], ids)).toEqual([{ kind: 'duplicate', id: old?.id, ackCode: 'AA', ackPayload: 'ACK' }]);
    expect(storeAndFile(store.sqlite, [record(raw('43'))], ids)).toMatchObject([{ kind: 'stored' }]);
    expect(store.sqlite.prepare("select control_id_reused_count from interop_connectors where id = 'CONN_H'").pluck().get()).toBe(1);
    expect(store.sqlite.prepare('select control_id_reused from hl7_messages order by received_at desc, rowid desc').pluck().get()).toBe(1);
  });
});
