import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';
import type { CauseSubject } from '../monitoring/interface-error-cause';
import { createInterfaceErrorWriter } from './interface-error-writer';
import { createOutboxWriter } from './outbox-writer';

/**
 * The writes that intake and processing both make about a message — its outbox events (through the outbox writer), the
 * interface errors the console lists, and its row in the search index. Call inside the caller's transaction.
 */
export interface Hl7MessageWrites {
  /** Appends an outbox event about the message. */
  event(tenantId: string, type: string, messageId: string, payload: Record<string, unknown>, at: number): void;
  /** An open interface error; messageId null: about input that never became a message (an oversized frame). */
  interfaceError(tenantId: string, connectorId: string, messageId: string | null, code: string, message: string, at: number, subject?: CauseSubject): void;
  /** Adds the message's stored search keys, and its other patient identifiers, to hl7_messages_fts. */
  indexForSearch(messageId: string, otherPatientIds: string | null): void;
}

/** Prepared statements: intake and processing write these on their hot path. */
export function createHl7MessageWrites(sqlite: Database.Database, ids: IdGenerator): Hl7MessageWrites {
  const outbox = createOutboxWriter(sqlite, ids);
  const errors = createInterfaceErrorWriter(sqlite, ids);
  // The FTS patient_id column holds every identifier of the patient; the row keeps the MRN it shows.
  const searchIndex = sqlite.prepare(`
    INSERT INTO hl7_messages_fts (rowid, message_control_id, patient_id, patient_name, order_numbers)
    SELECT rowid, message_control_id, trim(coalesce(patient_id, '') || ' ' || coalesce(?, '')), patient_name, order_numbers FROM hl7_messages WHERE id = ?`);

  return {
    event(tenantId: string, type: string, messageId: string, payload: Record<string, unknown>, at: number): void {
      outbox.append({ tenantId, type, aggregateType: 'hl7_message', aggregateId: messageId, payload }, at);
    },
    interfaceError(tenantId: string, connectorId: string, messageId: string | null, code: string, message: string, at: number, subject?: CauseSubject): void {
      errors.record({ tenantId, connectorId, messageId, source: 'message', code, message, subject }, at);
    },
    indexForSearch(messageId: string, otherPatientIds: string | null): void {
      searchIndex.run(otherPatientIds, messageId);
    },
  };
}
