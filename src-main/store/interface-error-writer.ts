import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';
import { interfaceErrorCause, type CauseSubject } from '../monitoring/interface-error-cause';

/** Where an interface error comes from. */
export type InterfaceErrorSource = 'message' | 'outbound' | 'run' | 'batch';

/** An open interface error, as the code that saw the failure knows it. */
export interface NewInterfaceError {
  tenantId: string;
  connectorId: string | null;
  /** Null: about input that never became a message (an oversized frame), or a record that is no message. */
  messageId: string | null;
  source: InterfaceErrorSource;
  code: string;
  /** Says what failed by position, rule or element; never a value the input carried. */
  message: string;
  /** What the error is about beyond its code (a mapping rule, a destination); else a position its message names. */
  subject?: CauseSubject | undefined;
  runId?: string | null | undefined;
  outboundItemId?: string | null | undefined;
  record?: string | null | undefined;
}

/**
 * The one writer of interface errors — intake and filing, processing (dead letters and mapping rule errors),
 * outbound dead letters, integration run and data batch record errors — each in the transaction of the
 * failure it records, with its cause (monitoring/interface-error-cause.ts) so the console groups them.
 * A message's new error supersedes its open one of the same cause (marked `reprocessed`): however the message
 * was reprocessed, it counts once in its group, as its latest attempt.
 */
export interface InterfaceErrorWriter {
  record(error: NewInterfaceError, at: number): void;
}

export function createInterfaceErrorWriter(sqlite: Database.Database, ids: IdGenerator): InterfaceErrorWriter {
  const insert = sqlite.prepare(`
    INSERT INTO interface_errors (id, tenant_id, connector_id, message_id, run_id, outbound_item_id, record, source, code, message, cause_key, cause, status, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`);
  const supersede = sqlite.prepare(`
    UPDATE interface_errors SET status = 'reprocessed', resolved_at = ?
    WHERE message_id = ? AND source = 'message' AND cause_key = ? AND status = 'open'`);
  return {
    record(e, at) {
      const cause = interfaceErrorCause(e.code, e.message, e.subject);
      if (e.source === 'message' && e.messageId !== null) supersede.run(at, e.messageId, cause.key);
      insert.run(ids('IERR'), e.tenantId, e.connectorId, e.messageId, e.runId ?? null, e.outboundItemId ?? null, e.record ?? null, e.source, e.code, e.message, cause.key, cause.label, at);
    },
  };
}
