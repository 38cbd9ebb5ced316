import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';
import { createHl7MessageWrites } from './hl7-message-writes';

export interface IntakeRecord {
  id: string;
  tenantId: string;
  connectorId: string;
  raw: Buffer;
  charset: string | null;
  sendingApplication: string | null;
  sendingFacility: string | null;
  receivingApplication: string | null;
  receivingFacility: string | null;
  messageType: string | null;
  messageControlId: string | null;
  versionId: string | null;
  patientId: string | null;
  patientName: string | null;
  orderNumbers: string | null;
  /** Searchable only (see SearchKeys); not a column of the message row. */
  otherPatientIds?: string | null | undefined;
  remoteAddress: string | null;
  receivedAt: number;
  status: 'pending' | 'failed';
  accepted: boolean;
  ackCode: string | null;
  ackPayload: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export type IntakeResult =
  | { kind: 'stored'; id: string }
  /** Same connector, MSH-10, MSH-3 and content as an accepted message: counted on it, not stored again. */
  | { kind: 'duplicate'; id: string; ackCode: string | null; ackPayload: string | null };

/**
 * An accepted message whose recorded ACK is a rejection was refused because it could not be flushed to
 * disk (accepted messages are otherwise answered AA/CA, or AE/CE after processing): not a real answer
 * to repeat to a resend.
 */
export const isStorageRefusal = (ackCode: string | null): boolean => ackCode === 'AR' || ackCode === 'CR';

/** The dedup key's content part: SHA-256 of the raw bytes as received. */
export const contentHash = (raw: Uint8Array): string => createHash('sha256').update(raw).digest('hex');

/**
 * Messages stored before content hashes existed (migration 0004) get theirs at engine start, before any
 * listener runs: without it, a resend of such a message would not be recognised as a duplicate. Found
 * through a partial index that is empty afterwards, so later starts pay nothing; returns how many rows were hashed.
 */
export function backfillContentHashes(sqlite: Database.Database, batchSize = 500): number {
  const next = sqlite.prepare(`SELECT rowid AS rowid, raw FROM hl7_messages INDEXED BY hl7_messages_unhashed_idx WHERE content_hash IS NULL LIMIT ?`);
  const set = sqlite.prepare(`UPDATE hl7_messages SET content_hash = ? WHERE rowid = ?`);
  const batch = sqlite.transaction((rows: { rowid: number; raw: Buffer }[]) => rows.forEach((r) => set.run(contentHash(r.raw), r.rowid)));
  let total = 0;
  for (let rows = next.all(batchSize) as { rowid: number; raw: Buffer }[]; rows.length > 0; rows = next.all(batchSize) as { rowid: number; raw: Buffer }[]) {
    batch.immediate(rows);
    total += rows.length;
  }
  return total;
}

/**
 * The durable half of intake. One `store` call commits a whole group to the intake journal (its own
 * database file, so the ACK path writes one narrow row per message and fsyncs only its own log); filing
 * (store/intake-filing-repo.ts, on the processing thread) moves the rows into hl7_messages with their
 * outbox events and, for rejected ones, the interface error.
 */
export interface Hl7IntakeRepo {
  /** Records the ACK sent for a message (a refusal after a failed fsync). */
  recordAck(id: string, code: string, payload: string): void;
  /**
   * Records a message's real answer unless one is recorded already, and returns the answer to send:
   * the original and a resend waiting on the same outcome both send the one that was recorded.
   */
  recordFinalAck(id: string, code: string, payload: string): string;
  /** An error about input that could not become a message (an oversized frame); no payload is kept. */
  recordError(tenantId: string, connectorId: string, code: string, message: string, at: number): void;
  /**
   * Commits all records to the journal in one transaction at synchronous=NORMAL: on disk after a process
   * crash, not yet after a power cut. Callers that promised FULL durability wait for WalSync before ACKing.
   */
  store(records: IntakeRecord[]): IntakeResult[];
}

interface Answer {
  id: string;
  ackCode: string | null;
  ackPayload: string | null;
}

/**
 * Raw prepared statements: this is the hot path. `journal` is the intake journal's connection; `main` the
 * engine's database, read to find a resend of a message already filed, and written only off the hot path
 * (an ACK recorded after filing, an oversized frame's error).
 */
export function createHl7IntakeRepo(journal: Database.Database, main: Database.Database, ids: IdGenerator): Hl7IntakeRepo {
  const insert = journal.prepare(`
    INSERT INTO intake_journal (id, tenant_id, connector_id, raw, charset, sending_application, sending_facility, receiving_application,
      receiving_facility, message_type, message_control_id, content_hash, version_id, patient_id, patient_name, order_numbers,
      other_patient_ids, remote_address, received_at, status, accepted, ack_code, ack_payload, error_code, error_message)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (connector_id, message_control_id, sending_application, content_hash) WHERE accepted = 1 DO NOTHING
    RETURNING seq`).pluck();
  const unInsert = journal.prepare('DELETE FROM intake_journal WHERE seq = ?');
  const journalDuplicate = journal.prepare(`
    UPDATE intake_journal SET duplicate_count = duplicate_count + 1, rev = rev + 1
    WHERE connector_id = ? AND message_control_id = ? AND sending_application = ? AND content_hash = ? AND accepted = 1
    RETURNING id, ack_code AS ackCode, ack_payload AS ackPayload`);
  const filedOriginal = main.prepare(`
    SELECT id, ack_code AS ackCode, ack_payload AS ackPayload FROM hl7_messages
    WHERE connector_id = ? AND message_control_id = ? AND sending_application = ? AND content_hash = ? AND accepted = 1`);
  const countFiledDuplicate = journal.prepare(`INSERT INTO intake_duplicates (message_id, count) VALUES (?, 1) ON CONFLICT (message_id) DO UPDATE SET count = count + 1`);
  const writes = createHl7MessageWrites(main, ids);

  function storeOne(r: IntakeRecord): IntakeResult {
    const hash = contentHash(r.raw);
    const key = [r.connectorId, r.messageControlId, r.sendingApplication, hash] as const;
    // Positional, in the column order above: binding by name from an object costs more than the rest of the row.
    const seq = insert.get(r.id, r.tenantId, r.connectorId, r.raw, r.charset, r.sendingApplication, r.sendingFacility, r.receivingApplication,
      r.receivingFacility, r.messageType, r.messageControlId, hash, r.versionId, r.patientId, r.patientName, r.orderNumbers,
      r.otherPatientIds ?? null, r.remoteAddress, r.receivedAt, r.status, r.accepted ? 1 : 0, r.ackCode, r.ackPayload, r.errorCode, r.errorMessage) as number | undefined;
    if (seq === undefined) return { kind: 'duplicate', ...(journalDuplicate.get(...key) as Answer) };
    if (!r.accepted) return { kind: 'stored', id: r.id };
    // Checked after the insert: a row filing takes out of the journal is in hl7_messages before it leaves here.
    const original = filedOriginal.get(...key) as Answer | undefined;
    if (!original) return { kind: 'stored', id: r.id };
    unInsert.run(seq);
    countFiledDuplicate.run(original.id);
    return { kind: 'duplicate', ...original };
  }

  const commitGroup = journal.transaction((records: IntakeRecord[]) => records.map(storeOne));

  const journalAck = journal.prepare(`UPDATE intake_journal SET ack_code = ?, ack_payload = ?, rev = rev + 1 WHERE id = ?`);
  const journalFinalAck = journal.prepare(`UPDATE intake_journal SET ack_code = ?, ack_payload = ?, rev = rev + 1 WHERE id = ? AND (ack_code IS NULL OR ack_code IN ('AR', 'CR'))`);
  const journalStoredAck = journal.prepare(`SELECT ack_payload FROM intake_journal WHERE id = ?`).pluck();
  const ackUpdate = main.prepare(`UPDATE hl7_messages SET ack_code = ?, ack_payload = ? WHERE id = ?`);
  const finalAckUpdate = main.prepare(`UPDATE hl7_messages SET ack_code = ?, ack_payload = ? WHERE id = ? AND (ack_code IS NULL OR ack_code IN ('AR', 'CR'))`);
  const storedAck = main.prepare(`SELECT ack_payload FROM hl7_messages WHERE id = ?`).pluck();
  // Journal first: a row leaves the journal only after it is in hl7_messages, and filing carries a changed row's ACK over.
  const inJournal = journal.prepare('SELECT 1 FROM intake_journal WHERE id = ?').pluck();

  return {
    recordAck(id: string, code: string, payload: string): void {
      if (journalAck.run(code, payload, id).changes === 0) ackUpdate.run(code, payload, id);
    },
    recordFinalAck(id: string, code: string, payload: string): string {
      if (inJournal.get(id) !== undefined) {
        if (journalFinalAck.run(code, payload, id).changes > 0) return payload;
        return (journalStoredAck.get(id) as string | null) ?? payload;
      }
      if (finalAckUpdate.run(code, payload, id).changes > 0) return payload;
      return (storedAck.get(id) as string | null) ?? payload;
    },
    recordError(tenantId: string, connectorId: string, code: string, message: string, at: number): void {
      writes.interfaceError(tenantId, connectorId, null, code, message, at);
    },
    store(records: IntakeRecord[]): IntakeResult[] {
      return commitGroup.immediate(records);
    },
  };
}
