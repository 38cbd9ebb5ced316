import { auditLog } from '../../db/schema';
import type { IdGenerator } from '../core/ids';
import type { Db } from './open-store';
import type { DomainEvent, OutboxWriter } from './outbox-writer';

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

export function createJournalRepo(db: Db, outbox: OutboxWriter, ids: IdGenerator): JournalRepo {
  return {
    appendEvent(event: DomainEvent, at: number): void {
      outbox.append(event, at);
    },
    appendAudit(entry: AuditEntry, at: number): void {
      db.insert(auditLog).values({ id: ids('AUD'), at, details: entry.details ?? null, ...entry }).run();
    },
  };
}
