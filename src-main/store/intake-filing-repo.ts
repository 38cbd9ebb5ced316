import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';
import type { IntakeRecord } from './hl7-intake-repo';
import { createHl7MessageWrites } from './hl7-message-writes';

/** What one filing batch did. */
export interface FilingResult {
  /** Journal rows filed into hl7_messages (or found there already, after a crash between the two commits). */
  filed: number;
  /** Filed messages another accepted message on their connector shares MSH-10 and MSH-3 with, but not content. */
  controlIdReused: string[];
}

/** Moves the intake journal into hl7_messages; runs on the processing thread, off the event loop that ACKs. */
export interface IntakeFilingRepo {
  /** Files up to `limit` journal rows, oldest first, and the resends counted on messages already filed. */
  fileBatch(limit: number): FilingResult;
  /** Rows still waiting in the journal. */
  waiting(): number;
}

/** A journal row: what intake knew of the message, plus the journal's own bookkeeping. */
type JournalRow = Omit<IntakeRecord, 'accepted' | 'otherPatientIds'> & {
  seq: number;
  contentHash: string;
  otherPatientIds: string | null;
  accepted: number;
  duplicateCount: number;
  rev: number;
};

/**
 * Two commits, main first: a row leaves the journal only once its message is in hl7_messages, committed
 * at synchronous=FULL (the journal's delete must never reach the disk without it). A crash between them
 * files the row again, which finds the message by id and only carries over what changed in the journal
 * meanwhile (its ACK, resends counted on it): no second row, no second event. The resends counted on
 * already-filed messages are taken out of intake_duplicates by the amount added, so one counted between
 * the two commits is kept for the next batch; a crash between them counts those resends twice.
 */
/**
 * Rows filed between two checkpoints of the journal's write-ahead log: each row's frame and its delete
 * are a few pages, so the log stays at a few MB, as SQLite's own 1,000-page automatic checkpoint would keep it.
 */
const CHECKPOINT_EVERY_ROWS = 512;

/** Runs a write transaction when the other thread lets it (the write gates of messages/processing-write-gate.ts). */
export interface FilingGates {
  main<T>(write: () => T): T;
  journal<T>(write: () => T): T;
}

const ungated: FilingGates = { main: (write) => write(), journal: (write) => write() };

export function createIntakeFilingRepo(journal: Database.Database, main: Database.Database, ids: IdGenerator, baseDurability: 'FULL' | 'NORMAL', gates: FilingGates = ungated): IntakeFilingRepo {
  const pending = journal.prepare(`
    SELECT seq, id, tenant_id AS tenantId, connector_id AS connectorId, raw, charset, sending_application AS sendingApplication,
      sending_facility AS sendingFacility, receiving_application AS receivingApplication, receiving_facility AS receivingFacility,
      message_type AS messageType, message_control_id AS messageControlId, content_hash AS contentHash, version_id AS versionId,
      patient_id AS patientId, patient_name AS patientName, order_numbers AS orderNumbers, other_patient_ids AS otherPatientIds,
      remote_address AS remoteAddress, received_at AS receivedAt, status, accepted, ack_code AS ackCode, ack_payload AS ackPayload,
      error_code AS errorCode, error_message AS errorMessage, duplicate_count AS duplicateCount, rev
    FROM intake_journal ORDER BY seq LIMIT ?`);
  const pendingDuplicates = journal.prepare('SELECT message_id AS messageId, count FROM intake_duplicates LIMIT ?');
  const remove = journal.prepare('DELETE FROM intake_journal WHERE seq = ? AND rev = ?');
  const takeDuplicates = journal.prepare('UPDATE intake_duplicates SET count = count - ? WHERE message_id = ?');
  const dropCounted = journal.prepare('DELETE FROM intake_duplicates WHERE count <= 0');
  const waiting = journal.prepare('SELECT count(*) FROM intake_journal').pluck();

  // control_id_reused is decided in the insert itself (the dedup index's prefix answers it).
  const insert = main.prepare(`
    INSERT INTO hl7_messages (id, tenant_id, connector_id, direction, raw, raw_size, charset, sending_application, sending_facility,
      receiving_application, receiving_facility, message_type, message_control_id, content_hash, control_id_reused, version_id,
      patient_id, patient_name, order_numbers, remote_address, received_at, status, accepted, search_indexed, ack_code, ack_payload,
      error_code, error_message, duplicate_count)
    VALUES (@id, @tenantId, @connectorId, 'inbound', @raw, length(@raw), @charset, @sendingApplication, @sendingFacility,
      @receivingApplication, @receivingFacility, @messageType, @messageControlId, @contentHash,
      @accepted = 1 AND EXISTS (SELECT 1 FROM hl7_messages WHERE connector_id = @connectorId AND message_control_id = @messageControlId
        AND sending_application = @sendingApplication AND accepted = 1),
      @versionId, @patientId, @patientName, @orderNumbers, @remoteAddress, @receivedAt, @status, @accepted, 1 - @accepted, @ackCode,
      @ackPayload, @errorCode, @errorMessage, @duplicateCount)
    ON CONFLICT DO NOTHING
    RETURNING control_id_reused AS controlIdReused`);
  const filedAlready = main.prepare('SELECT 1 FROM hl7_messages WHERE id = ?').pluck();
  const carryOver = main.prepare('UPDATE hl7_messages SET ack_code = ?, ack_payload = ?, duplicate_count = max(duplicate_count, ?) WHERE id = ?');
  const countOnOriginal = main.prepare(`
    UPDATE hl7_messages SET duplicate_count = duplicate_count + ?
    WHERE connector_id = ? AND message_control_id = ? AND sending_application = ? AND content_hash = ? AND accepted = 1`);
  const addDuplicates = main.prepare('UPDATE hl7_messages SET duplicate_count = duplicate_count + ? WHERE id = ?');
  const countReuse = main.prepare('UPDATE interop_connectors SET control_id_reused_count = control_id_reused_count + 1 WHERE id = ?');
  const writes = createHl7MessageWrites(main, ids);
  const setFull = main.prepare('PRAGMA synchronous = FULL');
  const restoreBase = main.prepare(`PRAGMA synchronous = ${baseDurability}`);

  function fileOne(r: JournalRow, reused: string[]): void {
    if (filedAlready.get(r.id) !== undefined) {
      carryOver.run(r.ackCode, r.ackPayload, r.duplicateCount, r.id);
      return;
    }
    const row = insert.get(r) as { controlIdReused: number } | undefined;
    if (!row) {
      // Intake found no original when it took the message; one filed since is counted on, as a resend.
      countOnOriginal.run(1 + r.duplicateCount, r.connectorId, r.messageControlId, r.sendingApplication, r.contentHash);
      return;
    }
    if (row.controlIdReused === 1) {
      countReuse.run(r.connectorId);
      reused.push(r.id);
    }
    writes.event(r.tenantId, 'Hl7MessageReceived', r.id, { connectorId: r.connectorId, messageType: r.messageType, status: r.status, ...(row.controlIdReused === 1 ? { controlIdReused: true } : {}) }, r.receivedAt);
    if (r.status === 'failed') {
      writes.event(r.tenantId, 'Hl7MessageFailed', r.id, { connectorId: r.connectorId, errorCode: r.errorCode }, r.receivedAt);
      writes.interfaceError(r.tenantId, r.connectorId, r.id, r.errorCode ?? 'HL7_REJECTED', r.errorMessage ?? 'rejected at intake', r.receivedAt);
      // Rejected messages are never processed, so they are indexed here (accepted ones by processing).
      writes.indexForSearch(r.id, r.otherPatientIds);
    }
  }

  const fileIntoMain = main.transaction((rows: JournalRow[], duplicates: { messageId: string; count: number }[]) => {
    const reused: string[] = [];
    for (const r of rows) fileOne(r, reused);
    for (const d of duplicates) addDuplicates.run(d.count, d.messageId);
    return reused;
  });
  const forget = journal.transaction((rows: JournalRow[], duplicates: { messageId: string; count: number }[]) => {
    for (const r of rows) remove.run(r.seq, r.rev);
    for (const d of duplicates) takeDuplicates.run(d.count, d.messageId);
    if (duplicates.length > 0) dropCounted.run();
  });

  // The journal's connections do not checkpoint on commit (store/intake-journal.ts): filing does, outside the gate.
  let sinceCheckpoint = 0;
  const checkpoint = journal.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const checkpointEvery = (filed: number): void => {
    sinceCheckpoint += filed;
    if (sinceCheckpoint < CHECKPOINT_EVERY_ROWS) return;
    sinceCheckpoint = 0;
    checkpoint.get();
  };

  return {
    fileBatch(limit) {
      const rows = pending.all(limit) as JournalRow[];
      const duplicates = pendingDuplicates.all(limit) as { messageId: string; count: number }[];
      if (rows.length === 0 && duplicates.length === 0) return { filed: 0, controlIdReused: [] };
      const reused = gates.main(() => {
        setFull.run();
        try {
          return fileIntoMain.immediate(rows, duplicates);
        } finally {
          restoreBase.run();
        }
      });
      gates.journal(() => forget.immediate(rows, duplicates));
      checkpointEvery(rows.length + duplicates.length);
      return { filed: rows.length, controlIdReused: reused };
    },
    waiting: () => waiting.get() as number,
  };
}
