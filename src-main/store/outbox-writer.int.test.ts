import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../db/schema';
import { createIdGenerator } from '../core/ids';
import { createHl7MessageWrites } from './hl7-message-writes';
import { createAuditRepo } from './audit-repo';
import { createJournalRepo } from './journal-repo';
import { DEFAULT_TENANT_ID, openStore, type Store } from './open-store';
import { createOutboxWriter } from './outbox-writer';

describe('the outbox writer', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-outbox-'));
    store = openStore({ file: join(dir, 'o.db') });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the events of the journal and of message writes as the same rows, payloads readable as JSON', () => {
    const ids = createIdGenerator();
    const journal = createJournalRepo(createOutboxWriter(store.sqlite, ids), createAuditRepo(store.sqlite, ids));
    journal.appendEvent({ tenantId: DEFAULT_TENANT_ID, type: 'ConnectorActivated', aggregateType: 'connector', aggregateId: 'CONN_1', payload: { from: 'configured', to: 'active' } }, 1);
    createHl7MessageWrites(store.sqlite, ids).event(DEFAULT_TENANT_ID, 'Hl7MessageReceived', 'MSG_1', { connectorId: 'CONN_1' }, 2);

    const rows = store.db.select().from(outboxEvents).orderBy(asc(outboxEvents.occurredAt)).all();
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
      expect.objectContaining({ tenantId: DEFAULT_TENANT_ID, type: 'ConnectorActivated', aggregateType: 'connector', aggregateId: 'CONN_1', payload: { from: 'configured', to: 'active' }, occurredAt: 1 }),
      expect.objectContaining({ tenantId: DEFAULT_TENANT_ID, type: 'Hl7MessageReceived', aggregateType: 'hl7_message', aggregateId: 'MSG_1', payload: { connectorId: 'CONN_1' }, occurredAt: 2 }),
    ]);
    expect(rows.every((r) => r.id.startsWith('EVT'))).toBe(true);
  });
});
