import { AUDIT_EXPORT_MAX_ROWS, type AuditChainReport, type AuditEvent, type AuditEventFilter, type AuditEventPage, type AuditExportFile, type AuditExportFormat, type AuditOutcome } from '../../src-shared';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { RequestContext } from '../core/request-context';
import type { AuditEventRow, AuditQuery, AuditRepo } from '../store/audit-repo';
import { checkChain } from './audit-chain';
import { toCsv } from './audit-csv';

/** How long entries are kept; the table's trigger refuses pruning anything younger (migration 0023). */
export const AUDIT_RETENTION_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditActor {
  /** desktop, local, access-token, api-client, operator, system, anonymous */
  kind: string;
  id: string;
}

/** A named event outside the operations (sign-in, token issuance, a FHIR bulk download, a refused request). */
export interface AuditEventRecord {
  action: string;
  actor: AuditActor;
  outcome: AuditOutcome;
  remoteAddress?: string | undefined;
  target?: { type: string; id: string } | undefined;
  /** The engine's tenant when absent. */
  tenantId?: string | undefined;
  errorCode?: string | undefined;
  /** Names and counts only: never values a caller sent. */
  details?: Record<string, unknown> | undefined;
}

export interface AuditLog {
  /** Appends one entry; never throws (a failed write is logged by code, and the caller's work stands). */
  recordEvent(event: AuditEventRecord): void;
  list(ctx: RequestContext, input: AuditEventFilter & { pageSize: number; cursor?: string | undefined }): AuditEventPage;
  export(ctx: RequestContext, input: AuditEventFilter & { format: AuditExportFormat }): AuditExportFile;
  verify(): AuditChainReport;
  /** Deletes entries past retention; returns how many went. */
  prune(): number;
}

/** Who a context acts as: its principal, else `system` (work the engine starts itself). */
export const actorOf = (ctx: RequestContext): AuditActor => (ctx.principal ? { kind: ctx.principal.kind, id: ctx.principal.id } : { kind: 'system', id: ctx.actor });

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actorKind: row.actorKind,
    actorId: row.actorId,
    remoteAddress: row.remoteAddress,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome as AuditOutcome,
    errorCode: row.errorCode,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}

const queryOf = (ctx: RequestContext, f: AuditEventFilter): AuditQuery => ({
  tenantId: ctx.tenantId,
  since: f.since === undefined ? undefined : Date.parse(f.since),
  until: f.until === undefined ? undefined : Date.parse(f.until),
  actor: f.actor,
  action: f.action,
  target: f.target,
  outcome: f.outcome,
});

export function createAuditLog(deps: { repo: AuditRepo; clock: Clock; logger: Logger; tenantId: string }): AuditLog {
  const { repo, clock, logger } = deps;
  return {
    recordEvent(event) {
      try {
        repo.append({
          tenantId: event.tenantId ?? deps.tenantId,
          at: clock.now(),
          actorKind: event.actor.kind,
          actorId: event.actor.id.slice(0, 200),
          remoteAddress: event.remoteAddress ?? null,
          action: event.action,
          targetType: event.target?.type ?? null,
          targetId: event.target?.id ?? null,
          outcome: event.outcome,
          errorCode: event.errorCode ?? null,
          details: event.details ?? null,
        });
      } catch (error) {
        logger.log('error', 'audit event not written', { action: event.action, error: (error as { code?: string }).code ?? (error instanceof Error ? error.name : typeof error) });
      }
    },
    list(ctx, input) {
      const rows = repo.list({ ...queryOf(ctx, input), beforeSeq: input.cursor === undefined ? undefined : Number(input.cursor) }, input.pageSize + 1);
      const page = rows.slice(0, input.pageSize);
      return { data: page.map(toAuditEvent), pageSize: input.pageSize, nextCursor: rows.length > input.pageSize ? String(page.at(-1)!.seq) : null };
    },
    export(ctx, input) {
      const rows = repo.list(queryOf(ctx, input), AUDIT_EXPORT_MAX_ROWS + 1);
      const events = rows.slice(0, AUDIT_EXPORT_MAX_ROWS).map(toAuditEvent);
      const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
      const content = input.format === 'csv' ? toCsv(events) : events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : '');
      return {
        name: `audit-events-${stamp}.${input.format}`,
        contentType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        content,
        rows: events.length,
        truncated: rows.length > AUDIT_EXPORT_MAX_ROWS,
      };
    },
    verify: () => checkChain(repo.chain()),
    prune: () => repo.prune(clock.now() - AUDIT_RETENTION_DAYS * DAY_MS),
  };
}
