import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { ConnectorSettings } from '../../src-shared';
import { createIdGenerator } from '../core/ids';
import { silentLogger } from '../core/logger';
import { createHl7IntakeRepo } from '../store/hl7-intake-repo';
import { openIntakeJournal } from '../store/intake-journal';
import { DEFAULT_TENANT_ID } from '../store/open-store';
import { createWalSync } from '../store/wal-sync';
import { createIntake } from './intake';

const message = (controlId: string): Buffer => Buffer.from(`MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|${controlId}|P|2.5.1\rPID|1||123\r`);
const connection = { id: 1, remoteAddress: '127.0.0.1', isOpen: () => true };

describe('intake at durability FULL', () => {
  const store = useTempStore();

  it('makes a group of frames durable with one fsync, asked for as the group commits, and ACKs each after it', async () => {
    const journalFile = join(dirname(store().sqlite.name), 'intake.db');
    const journal = openIntakeJournal(journalFile);
    const flushes: number[] = [];
    // A slow fsync: a second one asked for while it runs would be queued behind it.
    const walSync = createWalSync(journalFile, async () => {
      flushes.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 30));
    });
    const ids = createIdGenerator();
    const intake = createIntake({ repo: createHl7IntakeRepo(journal, store().sqlite, ids), walSync, ids, clock: { now: () => Date.now() }, logger: silentLogger, processing: { notify: () => undefined, whenSettled: async () => ({ outcome: 'stopped' }) } });
    const handler = intake.handlerFor({ connectorId: 'CONN_G', tenantId: DEFAULT_TENANT_ID, policy: {}, settings: ConnectorSettings.parse({ durability: 'FULL' }) });
    try {
      const acks = await Promise.all(['G1', 'G2', 'G3', 'G4'].map((id) => handler.frame(message(id), connection)));
      expect(acks.map((ack) => /MSA\|(\w+)\|(\w+)/.exec(String(ack))?.slice(1))).toEqual([['AA', 'G1'], ['AA', 'G2'], ['AA', 'G3'], ['AA', 'G4']]);
      expect(flushes).toHaveLength(1);
      expect(journal.prepare('select count(*) from intake_journal').pluck().get()).toBe(4);
    } finally {
      await walSync.close();
      journal.close();
    }
  });
});
