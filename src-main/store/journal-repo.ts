import { auditLog, outboxEvents } from '../../db/schema';
import type { IdGenerator } from '../core/ids';
import type { Db } from './open-store';

export interface DomainEvent {
  tenantId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export interface AuditEntry {
  tenantId: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** Outbox events and audit entries; call inside the transaction of the change they describe. */
export interface JournalRepo {
  appendEvent(event: DomainEvent, at: number): void;
  appendAudit(entry: AuditEntry, at: number): void;
}

export function createJournalRepo(db: Db, ids: IdGenerator): JournalRepo {
  return {
    appendEvent(event: DomainEvent, at: number): void {
      db.insert(outboxEvents).values({ id: ids('EVT'), occurredAt: at, ...event }).run();
    },
    appendAudit(entry: AuditEntry, at: number): void {
      db.insert(auditLog).values({ id: ids('AUD'), at, details: entry.details ?? null, ...entry }).run();
    },
  };
}
