import type Database from 'better-sqlite3';
import type { IdGenerator } from '../core/ids';

export interface DomainEvent {
  tenantId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** The one writer of outbox_events. Call inside the transaction of the change the event describes. */
export interface OutboxWriter {
  append(event: DomainEvent, at: number): void;
}

/**
 * A prepared statement: intake and processing append events on their hot path. `seq` is MAX(seq) + 1 (one
 * step down the unique index): writers take SQLite's write lock one at a time, so `seq` is the commit order
 * whichever thread or clock wrote the event — the order event subscriptions read in.
 */
export function createOutboxWriter(sqlite: Database.Database, ids: IdGenerator): OutboxWriter {
  const insert = sqlite.prepare(`
    INSERT INTO outbox_events (id, tenant_id, type, aggregate_type, aggregate_id, payload, occurred_at, seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM outbox_events))`);
  return {
    append(event: DomainEvent, at: number): void {
      insert.run(ids('EVT'), event.tenantId, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.payload), at);
    },
  };
}
