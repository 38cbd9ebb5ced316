import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';
import { createHl7MessageWrites } from './hl7-message-writes';
import type { Durability } from './open-store';

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
  /** controlIdReused: an accepted message with the same MSH-10 and MSH-3 but other content exists. */
  | { kind: 'stored'; id: string; controlIdReused: boolean }
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
 * The durable half of intake. One `store` call commits a whole group: every message row, its outbox
 * event and, for rejected ones, the interface error.
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
   * Commits all records in one transaction at synchronous=NORMAL: on disk after a process crash,
   * not yet after a power cut. Callers that promised FULL durability wait for WalSync before ACKing.
   */
  store(records: IntakeRecord[]): IntakeResult[];
}

/** Raw prepared statements: this is the hot path. */
export function createHl7IntakeRepo(sqlite: Database.Database, ids: IdGenerator, baseDurability: Durability): Hl7IntakeRepo {
  // control_id_reused is decided in the insert itself (the dedup index's prefix answers it): when the
  // exact same content exists, the insert does nothing and the flag is moot.
  const insert = sqlite.prepare(`
    INSERT INTO hl7_messages (id, tenant_id, connector_id, direction, raw, raw_size, charset, sending_application, sending_facility,
      receiving_application, receiving_facility, message_type, message_control_id, content_hash, control_id_reused, version_id,
      patient_id, patient_name, order_numbers, remote_address, received_at, status, accepted, search_indexed, ack_code, ack_payload,
      error_code, error_message)
    VALUES (@id, @tenantId, @connectorId, 'inbound', @raw, @rawSize, @charset, @sendingApplication, @sendingFacility,
      @receivingApplication, @receivingFacility, @messageType, @messageControlId, @contentHash,
      @accepted = 1 AND EXISTS (SELECT 1 FROM hl7_messages WHERE connector_id = @connectorId AND message_control_id = @messageControlId
        AND sending_application = @sendingApplication AND accepted = 1),
      @versionId, @patientId, @patientName, @orderNumbers, @remoteAddress, @receivedAt, @status, @accepted, @searchIndexed, @ackCode,
      @ackPayload, @errorCode, @errorMessage)
    ON CONFLICT (connector_id, message_control_id, sending_application, content_hash) WHERE accepted = 1 DO NOTHING
    RETURNING id, control_id_reused AS controlIdReused`);
  const countDuplicate = sqlite.prepare(`
    UPDATE hl7_messages SET duplicate_count = duplicate_count + 1
    WHERE connector_id = ? AND message_control_id = ? AND sending_application = ? AND content_hash = ? AND accepted = 1
    RETURNING id, ack_code AS ackCode, ack_payload AS ackPayload`);
  const countReuse = sqlite.prepare(`UPDATE interop_connectors SET control_id_reused_count = control_id_reused_count + 1 WHERE id = ?`);
  const writes = createHl7MessageWrites(sqlite, ids);

  function storeOne(r: IntakeRecord): IntakeResult {
    const hash = contentHash(r.raw);
    const row = insert.get({ ...r, contentHash: hash, rawSize: r.raw.length, accepted: r.accepted ? 1 : 0, searchIndexed: r.accepted ? 0 : 1 }) as { id: string; controlIdReused: number } | undefined;
    if (!row) {
      const original = countDuplicate.get(r.connectorId, r.messageControlId, r.sendingApplication, hash) as { id: string; ackCode: string | null; ackPayload: string | null };
      return { kind: 'duplicate', ...original };
    }
    const controlIdReused = row.controlIdReused === 1;
    if (controlIdReused) countReuse.run(r.connectorId);
    writes.event(r.tenantId, 'Hl7MessageReceived', r.id, { connectorId: r.connectorId, messageType: r.messageType, status: r.status, ...(controlIdReused ? { controlIdReused } : {}) }, r.receivedAt);
    if (r.status === 'failed') {
      writes.event(r.tenantId, 'Hl7MessageFailed', r.id, { connectorId: r.connectorId, errorCode: r.errorCode }, r.receivedAt);
      writes.interfaceError(r.tenantId, r.connectorId, r.id, r.errorCode ?? 'HL7_REJECTED', r.errorMessage ?? 'rejected at intake', r.receivedAt);
      // Rejected messages are never processed, so they are indexed here (accepted ones by processing).
      writes.indexForSearch(r.id, r.otherPatientIds ?? null);
    }
    return { kind: 'stored', id: r.id, controlIdReused };
  }

  const commitGroup = sqlite.transaction((records: IntakeRecord[]) => records.map(storeOne));
  // synchronous is per connection and cannot change inside a transaction: it is set around each group.
  const setNormal = sqlite.prepare('PRAGMA synchronous = NORMAL');
  const restoreBase = sqlite.prepare(`PRAGMA synchronous = ${baseDurability}`);

  const ackUpdate = sqlite.prepare(`UPDATE hl7_messages SET ack_code = ?, ack_payload = ? WHERE id = ?`);
  const finalAckUpdate = sqlite.prepare(`UPDATE hl7_messages SET ack_code = ?, ack_payload = ? WHERE id = ? AND (ack_code IS NULL OR ack_code IN ('AR', 'CR'))`);
  const storedAck = sqlite.prepare(`SELECT ack_payload FROM hl7_messages WHERE id = ?`).pluck();

  return {
    recordAck(id: string, code: string, payload: string): void {
      ackUpdate.run(code, payload, id);
    },
    recordFinalAck(id: string, code: string, payload: string): string {
      if (finalAckUpdate.run(code, payload, id).changes > 0) return payload;
      return (storedAck.get(id) as string | null) ?? payload;
    },
    recordError(tenantId: string, connectorId: string, code: string, message: string, at: number): void {
      writes.interfaceError(tenantId, connectorId, null, code, message, at);
    },
    store(records: IntakeRecord[]): IntakeResult[] {
      if (baseDurability === 'NORMAL') return commitGroup.immediate(records);
      setNormal.run();
      try {
        return commitGroup.immediate(records);
      } finally {
        restoreBase.run();
      }
    },
  };
}
