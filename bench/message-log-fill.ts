/**
 * Fills an engine's data dir with the message log bench's messages through the store's own intake
 * and processing repositories (the rows, search keys, FTS entries and outbox events the engine
 * writes), not over MLLP: a million messages over MLLP at FULL durability would take hours here.
 */
import { join } from 'node:path';
import { DATABASE_FILE } from '../src-main/bootstrap';
import { createIdGenerator } from '../src-main/core/ids';
import { parseHl7Bytes } from '../src-main/hl7';
import { extractSearchKeys } from '../src-main/messages/search-keys';
import type { IntakeRecord } from '../src-main/store/hl7-intake-repo';
import { storeAndFile } from '../test/support/file-messages';
import { createHl7ProcessingRepo, type ProcessingResult } from '../src-main/store/hl7-processing-repo';
import { DEFAULT_TENANT_ID, openStore } from '../src-main/store/open-store';
import { benchMessages, type BenchMessage } from './message-log-corpus';

const GROUP = 2_000;
const YEAR_MS = 365 * 86_400_000;

const intakeRecord = (m: BenchMessage, connectorId: string, id: string): IntakeRecord => ({
  id,
  tenantId: DEFAULT_TENANT_ID,
  connectorId,
  raw: m.raw,
  charset: null,
  sendingApplication: 'LAB^1.2.3^ISO',
  sendingFacility: 'MAIN',
  receivingApplication: 'INTEROP',
  receivingFacility: 'MAIN',
  messageType: m.messageType,
  messageControlId: m.controlId,
  versionId: '2.5.1',
  patientId: null,
  patientName: null,
  orderNumbers: null,
  remoteAddress: '127.0.0.1',
  receivedAt: m.receivedAt,
  status: 'pending',
  accepted: true,
  ackCode: 'AA',
  ackPayload: `MSH|^~\\&|INTEROP|MAIN|LAB|MAIN|||ACK^R01|A${m.controlId}|P|2.5.1\rMSA|AA|${m.controlId}\r`,
  errorCode: null,
  errorMessage: null,
});

/** Stores `count` messages in groups, processing each group before the next (as a running engine would). */
export function fillMessageLog(dataDir: string, connectorIds: readonly string[], count: number, endAt: number, progress: (done: number) => void): void {
  const store = openStore({ file: join(dataDir, DATABASE_FILE), durability: 'NORMAL' });
  try {
    const ids = createIdGenerator(() => Date.now());
    const intake = { store: (records: IntakeRecord[]) => storeAndFile(store.sqlite, records, ids) };
    const processing = createHl7ProcessingRepo(store.sqlite, ids, 'NORMAL');
    const failing = new Set<string>();
    let group: IntakeRecord[] = [];
    const flush = (): void => {
      intake.store(group);
      const now = Date.now();
      processing.runBatch(now, processing.due(now, group.length), (m): ProcessingResult => {
        const base = { messageId: m.id, attemptId: m.attemptId, tenantId: m.tenantId, connectorId: m.connectorId, searchKeys: extractSearchKeys(parseHl7Bytes(m.raw)) };
        return failing.has(m.id) ? { ...base, ok: false, errorCode: 'FHIR_UPSTREAM_UNAVAILABLE', errorMessage: 'the FHIR server did not answer', retryAt: now + YEAR_MS } : { ...base, ok: true };
      });
      progress(group.length);
      group = [];
      failing.clear();
    };
    for (const m of benchMessages(count, endAt)) {
      const id = ids('MSG');
      if (m.fails) failing.add(id);
      group.push(intakeRecord(m, connectorIds[m.connector]!, id));
      if (group.length === GROUP) flush();
    }
    if (group.length > 0) flush();
  } finally {
    store.close();
  }
}
