import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdGenerator } from '../core/ids';
import { backfillContentHashes, contentHash, createHl7IntakeRepo, type IntakeRecord } from './hl7-intake-repo';
import { DEFAULT_TENANT_ID, openStore, type Store } from './open-store';

const ids = createIdGenerator();
const raw = (text: string) => Buffer.from(`MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C1|P|2.5.1\rPID|1||${text}\r`);

describe('content hashes of messages stored before they existed', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-hash-'));
    store = openStore({ file: join(dir, 'h.db') });
    const now = Date.now();
    store.sqlite.prepare("insert into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values ('CONN_H', ?, 'h', 'mllp', 'inbound', 1, 0, 'none', '[]', '{}', 'active', 1, ?, ?)").run(DEFAULT_TENANT_ID, now, now);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const record = (payload: Buffer): IntakeRecord => ({
    id: ids('MSG'), tenantId: DEFAULT_TENANT_ID, connectorId: 'CONN_H', raw: payload, charset: null, sendingApplication: 'LAB', sendingFacility: null,
    receivingApplication: null, receivingFacility: null, messageType: 'ORU^R01', messageControlId: 'C1', versionId: '2.5.1', patientId: null, patientName: null,
    orderNumbers: null, remoteAddress: null, receivedAt: Date.now(), status: 'pending', accepted: true, ackCode: 'AA', ackPayload: 'ACK', errorCode: null, errorMessage: null,
  });

  it('hashes old rows once at start, so a resend of an old message is still a duplicate and different content is not', () => {
    const repo = createHl7IntakeRepo(store.sqlite, ids, 'FULL');
    const [old] = repo.store([record(raw('42'))]);
    store.sqlite.prepare('update hl7_messages set content_hash = null').run();

    expect(backfillContentHashes(store.sqlite, 1)).toBe(1);
    expect(store.sqlite.prepare('select content_hash from hl7_messages').pluck().get()).toBe(contentHash(raw('42')));
    expect(backfillContentHashes(store.sqlite)).toBe(0);

    expect(repo.store([record(raw('42'))])).toEqual([{ kind: 'duplicate', id: old?.id, ackCode: 'AA', ackPayload: 'ACK' }]);
    expect(repo.store([record(raw('43'))])).toMatchObject([{ kind: 'stored', controlIdReused: true }]);
    expect(store.sqlite.prepare("select control_id_reused_count from interop_connectors where id = 'CONN_H'").pluck().get()).toBe(1);
  });
});
