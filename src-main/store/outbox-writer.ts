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

/** A prepared statement: intake and processing append events on their hot path. */
export function createOutboxWriter(sqlite: Database.Database, ids: IdGenerator): OutboxWriter {
  const insert = sqlite.prepare(`
    INSERT INTO outbox_events (id, tenant_id, type, aggregate_type, aggregate_id, payload, occurred_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  return {
    append(event: DomainEvent, at: number): void {
      insert.run(ids('EVT'), event.tenantId, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.payload), at);
    },
  };
}
