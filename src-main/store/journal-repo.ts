import type { AuditRepo } from './audit-repo';
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
  /**
   * The committed change with its domain details (`connector.update` and the fields it changed), written in
   * the change's transaction; the dispatcher's entry for the same call names the caller's address and outcome.
   * `action` is `<entityType>.<verb>` (singular, snake case), which is how the console tells it from an
   * operation's entry (`connectors.update`).
   */
  appendAudit(entry: AuditEntry, at: number): void;
}

/** The kind of actor a context's `actor` names (request-context.ts, http.ts `requestContextOf`). */
export function actorKindOf(actor: string): string {
  if (actor === 'system' || actor === 'desktop') return actor;
  const prefix = /^(local|anonymous):/.exec(actor)?.[1];
  return prefix ?? 'principal';
}

export function createJournalRepo(outbox: OutboxWriter, audit: AuditRepo): JournalRepo {
  return {
    appendEvent(event: DomainEvent, at: number): void {
      outbox.append(event, at);
    },
    appendAudit(entry: AuditEntry, at: number): void {
      audit.append({
        tenantId: entry.tenantId,
        at,
        actorKind: actorKindOf(entry.actor),
        actorId: entry.actor,
        remoteAddress: null,
        action: entry.action,
        targetType: entry.entityType,
        targetId: entry.entityId,
        outcome: 'ok',
        errorCode: null,
        details: entry.details ?? null,
      });
    },
  };
}
