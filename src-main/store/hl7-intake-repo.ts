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
  | { kind: 'stored'; id: string }
  /** Same connector, MSH-10 and MSH-3 as an accepted message: counted on it, not stored again. */
  | { kind: 'duplicate'; id: string; ackPayload: string | null };

/**
 * The durable half of intake, in raw prepared statements (this is the hot path). One call commits
 * a whole group: every message row, its outbox event and, for rejected ones, the interface error.
 */
export function createHl7IntakeRepo(sqlite: Database.Database, ids: IdGenerator, baseDurability: Durability) {
  const insert = sqlite.prepare(`
    INSERT INTO hl7_messages (id, tenant_id, connector_id, direction, raw, raw_size, charset, sending_application, sending_facility,
      receiving_application, receiving_facility, message_type, message_control_id, version_id, patient_id, patient_name, order_numbers,
      remote_address, received_at, status, accepted, search_indexed, ack_code, ack_payload, error_code, error_message)
    VALUES (@id, @tenantId, @connectorId, 'inbound', @raw, @rawSize, @charset, @sendingApplication, @sendingFacility,
      @receivingApplication, @receivingFacility, @messageType, @messageControlId, @versionId, @patientId, @patientName, @orderNumbers,
      @remoteAddress, @receivedAt, @status, @accepted, @searchIndexed, @ackCode, @ackPayload, @errorCode, @errorMessage)
    ON CONFLICT (connector_id, message_control_id, sending_application) WHERE accepted = 1 DO NOTHING
    RETURNING id`);
  const countDuplicate = sqlite.prepare(`
    UPDATE hl7_messages SET duplicate_count = duplicate_count + 1
    WHERE connector_id = ? AND message_control_id = ? AND sending_application = ? AND accepted = 1
    RETURNING id, ack_payload AS ackPayload`);
  const writes = createHl7MessageWrites(sqlite, ids);

  function storeOne(r: IntakeRecord): IntakeResult {
    const row = insert.get({ ...r, rawSize: r.raw.length, accepted: r.accepted ? 1 : 0, searchIndexed: r.accepted ? 0 : 1 }) as { id: string } | undefined;
    if (!row) {
      const original = countDuplicate.get(r.connectorId, r.messageControlId, r.sendingApplication) as { id: string; ackPayload: string | null };
      return { kind: 'duplicate', id: original.id, ackPayload: original.ackPayload };
    }
    writes.event(r.tenantId, 'Hl7MessageReceived', r.id, { connectorId: r.connectorId, messageType: r.messageType, status: r.status }, r.receivedAt);
    if (r.status === 'failed') {
      writes.event(r.tenantId, 'Hl7MessageFailed', r.id, { connectorId: r.connectorId, errorCode: r.errorCode }, r.receivedAt);
      writes.interfaceError(r.tenantId, r.connectorId, r.id, r.errorCode ?? 'HL7_REJECTED', r.errorMessage ?? 'rejected at intake', r.receivedAt);
      // Rejected messages are never processed, so they are indexed here (accepted ones by processing).
      writes.indexForSearch(r.id, r.otherPatientIds ?? null);
    }
    return { kind: 'stored', id: r.id };
  }

  const commitGroup = sqlite.transaction((records: IntakeRecord[]) => records.map(storeOne));
  // synchronous is per connection and cannot change inside a transaction: it is set around each group.
  const setNormal = sqlite.prepare('PRAGMA synchronous = NORMAL');
  const restoreBase = sqlite.prepare(`PRAGMA synchronous = ${baseDurability}`);

  const ackUpdate = sqlite.prepare(`UPDATE hl7_messages SET ack_code = ?, ack_payload = ? WHERE id = ?`);

  return {
    /** Records the ACK sent after processing (ACK-after-processing connectors). */
    recordAck(id: string, code: string, payload: string): void {
      ackUpdate.run(code, payload, id);
    },
    /** An error about input that could not become a message (an oversized frame); no payload is kept. */
    recordError(tenantId: string, connectorId: string, code: string, message: string, at: number): void {
      writes.interfaceError(tenantId, connectorId, null, code, message, at);
    },
    /**
     * Commits all records in one transaction at synchronous=NORMAL: on disk after a process crash,
     * not yet after a power cut. Callers that promised FULL durability wait for WalSync before ACKing.
     */
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
export type Hl7IntakeRepo = ReturnType<typeof createHl7IntakeRepo>;
